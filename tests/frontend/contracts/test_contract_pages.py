"""The register's pages: the list, a contract, adding, changing and removing one."""

from __future__ import annotations

import pytest

from procurement.models import Contract
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.contracts.helpers import make_contract, months_ahead

pytestmark = pytest.mark.django_db

LIST = "/contracts/"


def detail(contract) -> str:
    return f"/contracts/{contract.pk}/"


@pytest.mark.parametrize(
    "path",
    [
        "/contracts/",
        "/contracts/new/",
        "/contracts/1/",
        "/contracts/1/edit/",
        "/contracts/1/delete/",
    ],
)
def test_visitors_are_sent_to_sign_in(client, db, path):
    assert client.get(path)["Location"] == f"/sign-in/?next={path}"


def test_the_register_lists_what_the_person_may_see(client, charlie, camden_crm, alice, camden):
    make_contract(alice, camden, system_name="Secret system", visibility="private")
    client.force_login(charlie)

    response = client.get(LIST)

    page = read(response)
    assert page.title == title("Technology contracts") and page.h1 == ["Technology contracts"]
    assert [row[0] for row in page.rows] == ["Salesforce CRM"]
    assert page.rows[0][1] == "Camden (test)"
    assert page.inline_scripts == 0


def test_a_supplier_sees_network_contracts_but_cannot_add(client, supplier_user, camden_crm):
    client.force_login(supplier_user)

    html = text(client.get(LIST))

    assert "Salesforce CRM" in html
    assert "Add a contract" not in html
    assert client.get("/contracts/new/").status_code == 403


def test_the_register_filters(client, alice, charlie, hackney, camden_crm):
    make_contract(
        charlie, hackney, system_name="Civica Cx", category="housing", supplier_name="Civica"
    )
    client.force_login(alice)

    housing = read(client.get(LIST, {"category": "housing"}))
    searched = read(client.get(LIST, {"search": "salesforce"}))
    ignored = read(client.get(LIST, {"category": "gardening"}))

    assert [row[0] for row in housing.rows] == ["Civica Cx"]
    assert [row[0] for row in searched.rows] == ["Salesforce CRM"]
    assert len(ignored.rows) == 2


def test_the_register_query_count_does_not_grow(client, alice, camden, cpv):
    # 1 session, 2 user, 3 notification count, 4 whether the person may add (officer),
    # 5 the count of contracts, 6 the page of contracts with borough, CPV and supplier,
    # 7 the boroughs for the filter.
    make_contract(alice, camden, reference="R0")
    client.force_login(alice)
    first = count_queries(client, LIST)
    for n in range(1, 8):
        make_contract(alice, camden, reference=f"R{n}", system_name=f"System {n}")

    assert count_queries(client, LIST) == first == 7


def test_a_contract_page_for_each_person(client, alice, bob, charlie, supplier_user, camden_crm):
    for person, officer in ((alice, True), (bob, True), (charlie, False), (supplier_user, False)):
        client.force_login(person)
        response = client.get(detail(camden_crm))
        assert read(response).h1 == ["Salesforce CRM"], person
        assert ("Change the contract" in text(response)) is officer


def test_a_private_contract_is_missing_to_another_borough(client, alice, camden, charlie, cpv):
    private = make_contract(alice, camden, visibility="private")
    client.force_login(charlie)

    assert client.get(detail(private)).status_code == 404
    assert client.get(f"{detail(private)}edit/").status_code == 404


def test_an_officer_adds_a_contract(client, alice, camden, cpv):
    client.force_login(alice)
    response = client.get("/contracts/new/")
    assert read(response).title == title("Add a contract")

    response = client.post(
        "/contracts/new/",
        {
            "system_name": "Mosaic",
            "supplier_name": "Servelec",
            "reference": "SC-1",
            "category": "social-care",
            "cpv_code": "",
            "annual_value": "120000",
            "total_value": "",
            "starts_on-day": "1",
            "starts_on-month": "4",
            "starts_on-year": "2021",
            "ends_on-day": "31",
            "ends_on-month": "3",
            "ends_on-year": str(months_ahead(18).year),
            "extension_options": "",
            "renewal_plan": "re-procure",
            "visibility": "network",
            "notes": "",
        },
    )

    contract = Contract.objects.get()
    assert response["Location"] == detail(contract)
    assert (contract.borough, contract.system_name, contract.category) == (
        camden,
        "Mosaic",
        "social-care",
    )


def test_bad_input_is_shown_against_each_field(client, alice, cpv):
    client.force_login(alice)

    response = client.post(
        "/contracts/new/",
        {
            "system_name": "Mosaic",
            "supplier_name": "Servelec",
            "category": "",
            "cpv_code": "99999999",
            "annual_value": "-4",
            "starts_on-day": "1",
            "starts_on-month": "4",
            "starts_on-year": "2025",
            "ends_on-day": "1",
            "ends_on-month": "4",
            "ends_on-year": "2024",
            "renewal_plan": "undecided",
            "visibility": "network",
        },
    )

    page = read(response)
    assert page.title == title("Error: Add a contract")
    assert dict(page.summary) == {
        "#id_cpv_code": "99999999 is not a CPV 2008 code.",
        "#id_annual_value": "The annual value cannot be negative.",
        "#id_ends_on": "The end date (1 April 2024) is before the start date (1 April 2025).",
    }
    assert not Contract.objects.exists()


def test_a_missing_date_is_shown_on_the_form(client, alice, cpv):
    client.force_login(alice)

    response = client.post(
        "/contracts/new/", {"renewal_plan": "undecided", "visibility": "network"}
    )

    summary = dict(read(response).summary)
    assert summary["#id_system_name"] == "Enter the system or service"
    assert summary["#id_starts_on"] == "Enter the start date"


def test_changing_a_contract(client, alice, bob, charlie, camden_crm):
    url = f"{detail(camden_crm)}edit/"
    client.force_login(charlie)
    assert client.get(url).status_code == 403

    client.force_login(bob)
    form = client.get(url).context["form"]
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in ("starts_on", "ends_on", "shared_with")
    }
    data.update(
        {
            "starts_on-day": "1",
            "starts_on-month": "4",
            "starts_on-year": "2022",
            "ends_on-day": "31",
            "ends_on-month": "3",
            "ends_on-year": "2031",
            "renewal_plan": "extend",
        }
    )
    response = client.post(url, data)

    assert response["Location"] == detail(camden_crm)
    camden_crm.refresh_from_db()
    assert (camden_crm.ends_on.year, camden_crm.renewal_plan) == (2031, "extend")


def test_removing_a_contract(client, alice, charlie, camden_crm):
    url = f"{detail(camden_crm)}delete/"
    client.force_login(charlie)
    assert client.post(url).status_code == 403

    client.force_login(alice)
    assert read(client.get(url)).h1 == ["Remove the contract"]
    assert client.post(url)["Location"] == LIST
    assert not Contract.objects.exists()


def test_the_navigation_offers_the_register_to_people_signed_in(client, alice, db):
    assert 'href="/contracts/"' not in text(client.get("/"))
    client.force_login(alice)
    assert 'href="/contracts/"' in text(client.get("/"))
