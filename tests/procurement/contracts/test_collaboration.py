"""The collaboration finder: who else runs this system or buys from this supplier, and
when their contracts end; and a draft joint tender started from a match."""

from __future__ import annotations

from datetime import date

import pytest

from loti.audit.models import AuditEvent
from procurement.models import Tender, TenderStatus
from tests.factories import OrganisationFactory, UserFactory, member_of
from tests.procurement.contracts.helpers import make_contract
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def lambeth_officer(db):
    return member_of(OrganisationFactory(slug="lambeth-test", name="Lambeth (test)"))


@pytest.fixture
def others(charlie, hackney, lambeth_officer, cpv):
    lambeth = lambeth_officer.memberships.get().organisation
    return {
        "hackney_crm": make_contract(
            charlie,
            hackney,
            system_name="salesforce  CRM",
            supplier_name="Other Ltd",
            ends_on=date(2027, 11, 30),
        ),
        "lambeth_acme": make_contract(
            lambeth_officer,
            lambeth,
            system_name="Payroll",
            category="hr",
            supplier_name="ACME (test) Limited",
            ends_on=date(2029, 1, 31),
        ),
        "lambeth_other": make_contract(
            lambeth_officer,
            lambeth,
            system_name="Parking permits",
            category="parking",
            supplier_name="Permits plc",
            ends_on=date(2027, 6, 30),
        ),
        "hackney_private": make_contract(
            charlie,
            hackney,
            system_name="Salesforce CRM",
            visibility="private",
            ends_on=date(2027, 7, 1),
        ),
    }


def matches(api, user, contract):
    response = api(user).get(f"/api/contracts/{contract.pk}/matches/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_boroughs_with_the_same_system_or_supplier_are_found(api, alice, camden, others):
    mine = make_contract(alice, camden, ends_on=date(2027, 9, 30))

    found = matches(api, alice, mine)

    assert [m["contract"]["system_name"] for m in found] == ["salesforce  CRM", "Payroll"]
    crm, payroll = found
    assert (crm["reasons"], crm["same_year"], crm["months_apart"]) == (["Same system"], True, 2)
    assert (payroll["reasons"], payroll["same_year"]) == (["Same supplier"], False)
    assert payroll["months_apart"] == 16


def test_a_match_through_the_supplier_organisation(api, alice, camden, acme, others):
    mine = make_contract(alice, camden, system_name="Something else", supplier_name="Acme (test)")

    found = matches(api, alice, mine)

    assert [m["contract"]["system_name"] for m in found] == ["Payroll"]
    assert found[0]["contract"]["supplier"]["slug"] == acme.slug


def test_only_the_boroughs_officers_use_the_finder(
    api, alice, bob, charlie, supplier_user, camden_crm
):
    url = f"/api/contracts/{camden_crm.pk}/matches/"
    assert api(bob).get(url).status_code == 200
    assert_error(api(charlie).get(url), 403)
    assert_error(api(supplier_user).get(url), 403)
    assert api(None).get(url).status_code == 401


def test_the_finder_query_count_does_not_grow(
    api, alice, camden, charlie, hackney, cpv, django_assert_num_queries
):
    # 1 the contract (visibility) with its borough, CPV code and supplier, 2 its shared
    # organisations, 3 is the user an officer of its borough, 4 the matches.
    mine = make_contract(alice, camden, reference="MINE")
    make_contract(charlie, hackney, reference="H0")
    client = api(alice)
    with django_assert_num_queries(4):
        assert len(client.get(f"/api/contracts/{mine.pk}/matches/").json()) == 1
    for n in range(1, 6):
        make_contract(charlie, hackney, reference=f"H{n}")
    with django_assert_num_queries(4):
        assert len(client.get(f"/api/contracts/{mine.pk}/matches/").json()) == 6


def test_a_draft_joint_tender_is_started_from_a_match(api, alice, camden, hackney, others):
    mine = make_contract(alice, camden, total_value=400_000, ends_on=date(2027, 9, 30))

    response = api(alice).post(
        f"/api/contracts/{mine.pk}/joint-tender/",
        {"partners": [others["hackney_crm"].pk]},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    tender = Tender.objects.get(pk=body["id"])
    assert tender.status == TenderStatus.DRAFT
    assert tender.buyer == camden
    assert [o.slug for o in tender.participating_boroughs.all()] == [hackney.slug]
    assert [c.code for c in tender.cpv_codes.all()] == ["48445000"]
    assert tender.title == "Joint procurement: Salesforce CRM"
    assert "Hackney (test)'s contract with Other Ltd ends on 30 November 2027" in tender.description
    assert tender.value_max == 480_000  # Camden's total and Hackney's annual value
    assert AuditEvent.objects.filter(verb="tender.created").count() == 1
    assert AuditEvent.objects.filter(verb="contract.joint_tender_started").count() == 1


def test_the_partner_borough_sees_the_draft(api, alice, camden, charlie, others):
    mine = make_contract(alice, camden)
    tender_id = (
        api(alice)
        .post(
            f"/api/contracts/{mine.pk}/joint-tender/",
            {"partners": [others["hackney_crm"].pk]},
            format="json",
        )
        .json()["id"]
    )

    assert api(charlie).get(f"/api/tenders/{tender_id}/").status_code == 200


def test_a_private_contract_of_another_borough_is_missing_from_the_finder(api, charlie, others):
    private = others["hackney_private"]

    assert api(charlie).get(f"/api/contracts/{private.pk}/matches/").status_code == 200
    assert_error(api(UserFactory()).get(f"/api/contracts/{private.pk}/matches/"), 404)


def test_a_joint_tender_needs_a_real_match(api, alice, camden, others):
    mine = make_contract(alice, camden)
    url = f"/api/contracts/{mine.pk}/joint-tender/"

    assert_error(
        api(alice).post(url, {"partners": [others["lambeth_other"].pk]}, format="json"),
        400,
        "partners",
    )
    assert_error(
        api(alice).post(url, {"partners": [others["hackney_private"].pk]}, format="json"),
        400,
        "partners",
    )
    assert_error(api(alice).post(url, {"partners": []}, format="json"), 400, "partners")
    assert not Tender.objects.exists()


def test_only_the_boroughs_officers_start_a_joint_tender(
    api, charlie, supplier_user, camden_crm, others
):
    url = f"/api/contracts/{camden_crm.pk}/joint-tender/"
    body = {"partners": [others["hackney_crm"].pk]}

    assert_error(api(charlie).post(url, body, format="json"), 403)
    assert_error(api(supplier_user).post(url, body, format="json"), 403)
    assert api(None).post(url, body, format="json").status_code == 401
    assert not Tender.objects.exists()
