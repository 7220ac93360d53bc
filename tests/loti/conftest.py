from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    # Sign-in and sign-up are throttled per client address in the cache; every test
    # client is 127.0.0.1, so without this a long run trips the limit.
    cache.clear()
