"""The contracts register's page fixtures, shared with tests/procurement/contracts."""

from __future__ import annotations

from tests.procurement.conftest import acme_colleague, cpv  # noqa: F401 (fixtures)
from tests.procurement.contracts.conftest import camden_crm  # noqa: F401 (fixtures)
