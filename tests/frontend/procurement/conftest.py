"""The tender board's fixtures, shared with tests/procurement: a published tender of
Camden's (alice, its administrator, owns it; bob is the permitted other; charlie of
Hackney the outsider), Acme (supplier_user) and Beta (beta_user) bidding."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.procurement.conftest import (  # noqa: F401 (fixtures)
    acme_colleague,
    beta,
    beta_user,
    cpv,
    draft,
    lambeth,
    tender,
)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def eve(db):
    """An evaluator from outside the boroughs, with a webmail address."""
    return UserFactory(email="eve.evaluator@gmail.com", full_name="Eve Evaluator")
