from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.security.world import World, build_world


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[World]:
    """The world, built once per module inside a transaction that is rolled back at the
    end. Each test runs in a savepoint within it (pytest-django's `db`), so whatever a
    test's request changes is gone before the next test."""
    media: Path = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    # Sign-in, sign-up and public feedback are throttled per client address in the
    # cache; every test client is 127.0.0.1.
    cache.clear()
