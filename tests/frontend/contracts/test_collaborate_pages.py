"""The collaboration finder's page, starting a joint tender from it, and publishing a
planned procurement."""

from __future__ import annotations

from datetime import date

import pytest

from procurement.models import ContractPlanningRelease, Tender
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.contracts.helpers import make_contract

pytestmark = pytest.mark.django_db


def finder(contract) -> str:
    return f"/contracts/{contract.pk}/collaborate/"


@pytest.fixture
def hackney_crm(charlie, hackney, cpv):
    return make_contract(charlie, hackney, reference="H-CRM", ends_on=date(2027, 12, 31))


@pytest.mark.parametrize(
    "path",
    ["/contracts/1/collaborate/", "/contracts/1/publish-plan/"],
)
def test_visitors_are_sent_to_sign_in(client, db, path):
    assert client.get(path)["Location"] == f"/sign-in/?next={path}"


def test_an_officer_finds_a_borough_whose_contract_ends_the_same_year(
    client, alice, camden, hackney_crm
):
    mine = make_contract(alice, camden, ends_on=date(2027, 3, 31))
    client.force_login(alice)

    response = client.get(finder(mine))

    page = read(response)
    assert page.title == title("Boroughs to work with")
    [match] = page.rows
    assert match[:4] == [
        "Hackney (test)",
        "Salesforce CRM",
        "Acme (test)",
        "Same system, Same supplier",
    ]
    assert "Same year as yours" in match[4] and "9 months after yours" in match[4]
    assert (
        'Start a joint tender<span class="govuk-visually-hidden"> with Hackney (test)</span>'
        in text(response)
    )


def test_the_finder_is_for_the_boroughs_officers(client, bob, charlie, supplier_user, camden_crm):
    for person in (charlie, supplier_user):
        client.force_login(person)
        assert client.get(finder(camden_crm)).status_code == 403
        assert client.post(f"{finder(camden_crm)}tender/", {"partner": "1"}).status_code == 403
    client.force_login(bob)
    assert client.get(finder(camden_crm)).status_code == 200


def test_visitors_cannot_start_a_joint_tender(client, camden_crm):
    path = f"{finder(camden_crm)}tender/"

    assert client.post(path, {"partner": "1"})["Location"] == f"/sign-in/?next={path}"


def test_the_finder_query_count_does_not_grow(client, alice, camden, charlie, hackney, cpv):
    # 1 session, 2 user, 3 notification count, 4 the contract, 5 its shared
    # organisations, 6 is the user its borough's officer, 7 the matches.
    mine = make_contract(alice, camden, reference="MINE")
    make_contract(charlie, hackney, reference="H0")
    client.force_login(alice)
    first = count_queries(client, finder(mine))
    for n in range(1, 6):
        make_contract(charlie, hackney, reference=f"H{n}")

    assert count_queries(client, finder(mine)) == first == 7


def test_starting_a_joint_tender_opens_the_draft_to_edit(
    client, alice, camden, hackney, hackney_crm
):
    mine = make_contract(alice, camden)
    client.force_login(alice)

    response = client.post(f"{finder(mine)}tender/", {"partner": str(hackney_crm.pk)})

    tender = Tender.objects.get()
    assert response["Location"] == f"/tenders/{tender.pk}/edit/"
    assert [o.slug for o in tender.participating_boroughs.all()] == [hackney.slug]
    edit = client.get(response["Location"])
    assert read(edit).h1 == ["Edit the draft tender"]


def test_a_joint_tender_with_no_match_is_refused(client, alice, camden, cpv):
    mine = make_contract(alice, camden)
    client.force_login(alice)

    response = client.post(f"{finder(mine)}tender/", {"partner": "999999"})

    assert response.status_code == 400
    assert "Choose at least one other borough" in text(response)
    assert not Tender.objects.exists()


def test_publishing_a_planned_procurement(client, alice, bob, charlie, camden, cpv):
    contract = make_contract(alice, camden, renewal_plan="re-procure")
    url = f"/contracts/{contract.pk}/publish-plan/"
    client.force_login(charlie)
    assert client.get(url).status_code == 403

    client.force_login(bob)
    assert read(client.get(url)).h1 == ["Publish the planned procurement"]
    empty = client.post(url, {"rationale": ""})
    assert read(empty).summary == [("#id_rationale", "Say why the contract will be procured again")]
    response = client.post(url, {"rationale": "We need a new CRM."})

    assert response["Location"] == f"/contracts/{contract.pk}/"
    assert ContractPlanningRelease.objects.count() == 1
    assert "published as open data" in text(client.get(response["Location"]))


def test_a_contract_to_be_extended_has_no_plan_to_publish(client, alice, camden, cpv):
    contract = make_contract(alice, camden, renewal_plan="extend")
    client.force_login(alice)

    assert "Publish the planned procurement" not in text(client.get(f"/contracts/{contract.pk}/"))
    response = client.post(f"/contracts/{contract.pk}/publish-plan/", {"rationale": "Why"})
    assert "Only a contract the borough plans to re-procure" in text(response)
    assert not ContractPlanningRelease.objects.exists()
