"""The challenge pages' fixtures, shared with tests/challenges: a published, public
challenge of Camden's (alice, its administrator, owns it; bob is the permitted other;
charlie of Hackney the outsider); Acme (supplier_user) and Beta (beta_user) entering;
a judging round with a chair and two judges."""

from __future__ import annotations

import pytest

from tests.challenges.conftest import (  # noqa: F401 (fixtures)
    beta,
    beta_user,
    chair,
    challenge,
    judges,
    judging_round,
    released,
)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def islington(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory.create(slug="islington-test", name="Islington (test)")


@pytest.fixture
def dora(islington):
    """An officer of a borough with no part in the challenge: the outsider."""
    from loti.accounts.models import Membership
    from tests.factories import member_of

    return member_of(islington, role=Membership.Role.ADMIN, email="dora@islington-test.example")


@pytest.fixture
def joint(alice, camden, hackney):
    """A draft Camden runs with Hackney: charlie (Hackney) is the permitted other."""
    from tests.challenges.helpers import make_challenge

    return make_challenge(alice, camden, title="Joint draft", co_owners=[hackney.slug])
