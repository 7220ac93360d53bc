from __future__ import annotations

from typing import cast

import pytest

from loti.accounts.models import Organisation, User
from procurement.cpv import cpv_codes_load
from procurement.models import CpvCode, Tender
from tests.factories import OrganisationFactory, SupplierFactory, member_of
from tests.procurement.helpers import make_tender, publish


@pytest.fixture
def cpv(db: None) -> None:
    """The CPV codes. The data migration loads them, but a transactional test's flush
    empties the table, so load them again when they are gone."""
    if not CpvCode.objects.exists():
        cpv_codes_load(CpvCode)


@pytest.fixture
def draft(cpv: None, alice: User, camden: Organisation) -> Tender:
    return make_tender(alice, camden)


@pytest.fixture
def tender(draft: Tender, alice: User) -> Tender:
    """A published tender, open for questions and bids for two weeks."""
    return publish(alice, draft)


@pytest.fixture
def beta(db: None) -> Organisation:
    return cast(Organisation, SupplierFactory(slug="beta-test", name="Beta (test)"))


@pytest.fixture
def beta_user(beta: Organisation) -> User:
    """A supplier of another organisation: the outsider to Acme's bid."""
    return member_of(beta, email="bea@beta-test.example")


@pytest.fixture
def acme_colleague(acme: Organisation) -> User:
    return member_of(acme, email="colin@acme-test.example")


@pytest.fixture
def lambeth(db: None) -> Organisation:
    return cast(Organisation, OrganisationFactory(slug="lambeth-test", name="Lambeth (test)"))
