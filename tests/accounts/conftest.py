from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.procurement.conftest import cpv  # noqa: F401 (a fixture, shared)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    # Signing in for an API token is throttled per client address in the cache.
    cache.clear()


@pytest.fixture(autouse=True)
def _cpv_codes(cpv: None) -> None:  # noqa: F811
    """Most tests here make tenders, which need the CPV codes."""
