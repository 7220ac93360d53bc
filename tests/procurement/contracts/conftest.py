"""The contracts register's fixtures. Camden's officers (alice, the administrator, and
bob) own Camden's contracts; charlie of Hackney is another borough's officer, who may
read network contracts but change none of Camden's; supplier_user of Acme is a
registered supplier, who sees network contracts in the pipeline."""

from __future__ import annotations

import pytest

from loti.accounts.models import Organisation, User
from procurement.models import Contract
from tests.notifications.conftest import celery_worker, redis_broker  # noqa: F401 (fixtures)
from tests.procurement.contracts.helpers import make_contract


@pytest.fixture
def camden_crm(cpv: None, alice: User, camden: Organisation) -> Contract:
    return make_contract(alice, camden, reference="CAM-7")
