"""A borough's contracts one by one through the API: adding, reading, changing and
removing them, who may do each, and bad input refused naming the field."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from loti.audit.models import AuditEvent
from procurement.models import Contract
from tests.procurement.contracts.helpers import make_contract, months_ahead
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/contracts/"


def new(**fields):
    body = {
        "system_name": "Mosaic",
        "supplier_name": "Servelec",
        "category": "social-care",
        "cpv_code": "48000000-8",
        "annual_value": "120000.00",
        "total_value": "600000.00",
        "starts_on": "2021-04-01",
        "ends_on": months_ahead(18).isoformat(),
        "renewal_plan": "re-procure",
        "reference": "SC-12",
    }
    body.update(fields)
    return body


def test_an_officer_adds_a_contract_to_their_boroughs_register(api, alice, camden, cpv):
    response = api(alice).post(URL, new(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["borough"] == {"slug": camden.slug, "name": camden.name}
    assert body["cpv_code"]["code"] == "48000000"
    assert (body["visibility"], body["category_label"]) == ("network", "Social care")
    contract = Contract.objects.get()
    assert contract.natural_key == "ref:sc-12"
    assert AuditEvent.objects.filter(verb="contract.created").count() == 1


def test_a_supplier_is_linked_to_its_organisation_by_name(api, alice, acme, cpv):
    response = api(alice).post(URL, new(supplier_name="ACME (Test) Ltd"), format="json")

    assert response.json()["supplier"] == {"slug": acme.slug, "name": acme.name}


def test_suppliers_and_visitors_cannot_add_contracts(api, supplier_user, cpv):
    assert_error(api(supplier_user).post(URL, new(), format="json"), 403, "borough")
    assert api(None).post(URL, new(), format="json").status_code == 401
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "gardening"}, "category"),
        ({"cpv_code": "99999999"}, "cpv_code"),
        ({"cpv_code": "4844"}, "cpv_code"),
        ({"category": "", "cpv_code": ""}, "category"),
        ({"ends_on": "2020-01-01"}, "ends_on"),
        ({"annual_value": "-5"}, "annual_value"),
        ({"total_value": "-1.00"}, "total_value"),
        ({"renewal_plan": "abandon"}, "renewal_plan"),
        ({"visibility": "everyone"}, "visibility"),
        ({"visibility": "shared"}, "shared_with"),
        ({"visibility": "shared", "shared_with": ["nowhere"]}, "shared_with"),
        ({"system_name": ""}, "system_name"),
        ({"starts_on": "31/02/2021"}, "starts_on"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(api, alice, cpv, fields, field):
    assert_error(api(alice).post(URL, new(**fields), format="json"), 400, field)
    assert not Contract.objects.exists()


def test_every_broken_rule_is_reported_at_once(api, alice, cpv):
    response = api(alice).post(
        URL, new(cpv_code="99999999", annual_value="-1", ends_on="2020-01-01"), format="json"
    )

    body = assert_error(response, 400, "cpv_code", "annual_value", "ends_on")
    assert body["fields"]["ends_on"] == [
        "The end date (1 January 2020) is before the start date (1 April 2021)."
    ]


def test_the_same_reference_twice_is_a_conflict(api, alice, camden_crm):
    response = api(alice).post(URL, new(reference="cam-7"), format="json")

    assert_error(response, 409, "reference")
    assert Contract.objects.count() == 1


def test_reading_a_contract(api, alice, bob, charlie, supplier_user, camden_crm):
    url = f"{URL}{camden_crm.pk}/"
    for person in (alice, bob, charlie, supplier_user):
        response = api(person).get(url)
        assert response.status_code == 200, person
        assert response.json()["system_name"] == "Salesforce CRM"
    assert api(None).get(url).status_code == 401


def test_a_private_contract_is_missing_to_other_boroughs(
    api, alice, charlie, supplier_user, camden_crm
):
    api(alice).patch(f"{URL}{camden_crm.pk}/", {"visibility": "private"}, format="json")

    assert api(alice).get(f"{URL}{camden_crm.pk}/").status_code == 200
    assert_error(api(charlie).get(f"{URL}{camden_crm.pk}/"), 404)
    assert_error(api(supplier_user).get(f"{URL}{camden_crm.pk}/"), 404)
    assert_error(api(charlie).patch(f"{URL}{camden_crm.pk}/", {"notes": "x"}, format="json"), 404)


def test_changing_a_contract(api, alice, bob, charlie, supplier_user, camden_crm):
    url = f"{URL}{camden_crm.pk}/"
    response = api(bob).patch(
        url, {"ends_on": "2031-03-31", "renewal_plan": "extend"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["ends_on"], response.json()["renewal_plan"]) == ("2031-03-31", "extend")
    assert_error(api(charlie).patch(url, {"notes": "mine"}, format="json"), 403)
    assert_error(api(supplier_user).patch(url, {"notes": "mine"}, format="json"), 403)
    assert api(None).patch(url, {"notes": "x"}, format="json").status_code == 401
    camden_crm.refresh_from_db()
    assert camden_crm.notes == ""


def test_a_change_that_breaks_a_rule_changes_nothing(api, alice, camden_crm):
    url = f"{URL}{camden_crm.pk}/"
    response = api(alice).patch(
        url, {"ends_on": "2020-01-01", "system_name": "Dynamics"}, format="json"
    )

    assert_error(response, 400, "ends_on")
    camden_crm.refresh_from_db()
    assert camden_crm.system_name == "Salesforce CRM"


def test_sharing_a_contract_with_a_named_borough(
    api, alice, charlie, hackney, supplier_user, camden_crm
):
    url = f"{URL}{camden_crm.pk}/"
    response = api(alice).patch(
        url, {"visibility": "shared", "shared_with": [hackney.slug]}, format="json"
    )

    assert response.json()["shared_with"] == [hackney.slug]
    assert api(charlie).get(url).status_code == 200
    assert_error(api(supplier_user).get(url), 404)


def test_removing_a_contract(api, alice, charlie, camden_crm):
    url = f"{URL}{camden_crm.pk}/"
    assert_error(api(charlie).delete(url), 403)
    assert api(None).delete(url).status_code == 401

    assert api(alice).delete(url).status_code == 204

    assert not Contract.objects.exists()
    assert AuditEvent.objects.filter(verb="contract.deleted").count() == 1


def test_the_database_refuses_a_contract_ending_before_it_starts(alice, camden, cpv):
    contract = make_contract(alice, camden)

    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(ends_on=date(2000, 1, 1))


def test_listing_and_filtering_the_register(api, alice, charlie, hackney, camden_crm, cpv):
    make_contract(
        charlie, hackney, system_name="Civica Cx", category="housing", supplier_name="Civica"
    )

    everything = api(alice).get(URL).json()["results"]
    housing = api(alice).get(URL, {"category": "housing"}).json()["results"]
    camden_only = api(alice).get(URL, {"borough": "camden-test"}).json()["results"]
    searched = api(alice).get(URL, {"search": "civica"}).json()["results"]

    assert len(everything) == 2
    assert [c["system_name"] for c in housing] == ["Civica Cx"]
    assert [c["system_name"] for c in camden_only] == ["Salesforce CRM"]
    assert [c["system_name"] for c in searched] == ["Civica Cx"]
    assert_error(api(alice).get(URL, {"category": "gardening"}), 400, "category")
    assert api(None).get(URL).status_code == 401
