"""Who sees a contract: private to its borough, shared with named organisations,
network (LOTI's members and registered suppliers) or public (anyone signed in)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from loti.accounts.models import Organisation
from procurement.contracts_selectors import ContractFilters, contracts_visible_to
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.procurement.contracts.helpers import make_contract

pytestmark = pytest.mark.django_db


def seen_by(user) -> set[str]:
    return {c.system_name for c in contracts_visible_to(user=user, filters=ContractFilters())}


@pytest.fixture
def contracts(alice, camden, hackney, cpv):
    make_contract(alice, camden, system_name="private", visibility="private")
    make_contract(
        alice, camden, system_name="shared", visibility="shared", shared_with=[hackney.slug]
    )
    make_contract(alice, camden, system_name="network")
    make_contract(alice, camden, system_name="public", visibility="public")


def test_the_borough_sees_all_of_its_own(bob, contracts):
    assert seen_by(bob) == {"private", "shared", "network", "public"}


def test_a_borough_it_is_shared_with_sees_it(charlie, contracts):
    assert seen_by(charlie) == {"shared", "network", "public"}


def test_a_registered_supplier_sees_network_and_public_contracts(supplier_user, contracts):
    assert seen_by(supplier_user) == {"network", "public"}


def test_an_organisation_outside_loti_sees_public_contracts_only(db, contracts):
    outsider = member_of(
        OrganisationFactory(
            slug="elsewhere", name="Elsewhere", kind=Organisation.Kind.AGENCY, is_loti_member=False
        )
    )
    assert seen_by(outsider) == {"public"}
    assert seen_by(UserFactory()) == {"public"}


def test_someone_who_has_left_the_borough_no_longer_sees_its_private_contracts(bob, contracts):
    bob.memberships.update(ended_at=timezone.now())

    assert seen_by(bob) == {"public"}


def test_visitors_see_nothing_of_the_register(api, contracts):
    assert api(None).get("/api/contracts/").status_code == 401
