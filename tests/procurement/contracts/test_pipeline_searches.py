"""Saved pipeline searches and their alerts through the notification engine: a person is
told once about each contract they may see that comes into the pipeline and matches."""

from __future__ import annotations

from datetime import date

import pytest

from loti.notifications.models import Notification, OutboundEmail
from procurement import contracts_services
from procurement.contracts import add_months
from procurement.models import PipelineSearch, PipelineSearchAlert
from tests.procurement.contracts.helpers import make_contract, months_ahead
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/pipeline-searches/"
EVENT = "procurement.pipeline_search_matched"


def save(client, **fields):
    fields.setdefault("name", "CRM in Camden")
    return client.post(URL, fields, format="json")


def alerts_for(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, event=EVENT).order_by("id"))


def test_a_supplier_saves_and_lists_pipeline_searches(api, supplier_user, camden, cpv):
    response = save(api(supplier_user), category="crm", borough=camden.slug, value_band="25k-100k")

    assert response.status_code == 201, response.json()
    assert response.json()["borough"] == camden.slug
    assert [s["name"] for s in api(supplier_user).get(URL).json()] == ["CRM in Camden"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "gardening"}, "category"),
        ({"division": "01"}, "division"),
        ({"division": "1"}, "division"),
        ({"borough": "nowhere"}, "borough"),
        ({"value_band": "huge"}, "value_band"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_filters_are_refused_naming_the_field(api, supplier_user, cpv, fields, field):
    assert_error(save(api(supplier_user), **fields), 400, field)
    assert not PipelineSearch.objects.exists()


def test_a_saved_search_is_its_owners_alone(api, supplier_user, acme_colleague, cpv):
    saved = save(api(supplier_user)).json()
    url = f"{URL}{saved['id']}/"

    assert api(acme_colleague).get(URL).json() == []
    assert_error(api(acme_colleague).get(url), 404)
    assert_error(api(acme_colleague).delete(url), 404)
    assert api(None).get(URL).status_code == 401
    assert save(api(None)).status_code == 401
    assert api(None).get(url).status_code == 401
    assert api(None).delete(url).status_code == 401
    assert api(supplier_user).get(url).json()["name"] == "CRM in Camden"
    assert api(supplier_user).delete(url).status_code == 204
    assert not PipelineSearch.objects.exists()


def test_a_matching_contract_is_told_once(supplier_user, alice, camden, cpv):
    contracts_services.pipeline_search_create(acting_user=supplier_user, name="CRM", category="crm")
    make_contract(alice, camden, system_name="Salesforce CRM", ends_on=months_ahead(12))
    make_contract(alice, camden, system_name="Payroll", category="hr", ends_on=months_ahead(12))

    assert contracts_services.pipeline_alerts_send() == 1
    assert contracts_services.pipeline_alerts_send() == 0

    [notice] = alerts_for(supplier_user)
    assert notice.title == "Contracts coming up that match your pipeline search: CRM"
    assert "Camden (test): Salesforce CRM (Acme (test)) ends on" in notice.body
    assert "Payroll" not in notice.body
    assert notice.path == "/contracts/pipeline/?category=crm"
    assert OutboundEmail.objects.filter(recipient=supplier_user, event=EVENT).count() == 1
    assert PipelineSearchAlert.objects.count() == 1


def test_a_contract_is_told_when_it_comes_into_the_window(supplier_user, alice, camden, cpv):
    contracts_services.pipeline_search_create(acting_user=supplier_user, name="Anything")
    later = make_contract(alice, camden, ends_on=months_ahead(30))

    assert contracts_services.pipeline_alerts_send() == 0
    eight_months_on = add_months(date.today(), 8)
    assert contracts_services.pipeline_alerts_send(today=eight_months_on) == 1
    assert PipelineSearchAlert.objects.get().contract == later


def test_nobody_is_told_of_a_contract_they_may_not_see(supplier_user, charlie, hackney, cpv):
    contracts_services.pipeline_search_create(acting_user=supplier_user, name="Anything")
    make_contract(charlie, hackney, visibility="private", ends_on=months_ahead(12))

    assert contracts_services.pipeline_alerts_send() == 0
    assert alerts_for(supplier_user) == []


def test_an_inactive_persons_search_is_not_run(supplier_user, alice, camden, cpv):
    contracts_services.pipeline_search_create(acting_user=supplier_user, name="Anything")
    supplier_user.is_active = False
    supplier_user.save(update_fields=["is_active"])
    make_contract(alice, camden, ends_on=months_ahead(12))

    assert contracts_services.pipeline_alerts_send() == 0


@pytest.mark.parametrize(
    ("saved", "matches"),
    [
        ({"category": "crm"}, True),
        ({"category": "hr"}, False),
        ({"borough": "camden-test"}, True),
        ({"borough": "hackney-test"}, False),
        ({"value_band": "25k-100k"}, True),
        ({"value_band": "500k-plus"}, False),
        ({"division": "48"}, True),
        ({"division": "72"}, False),
    ],
)
def test_each_filter_decides_a_match(supplier_user, alice, camden, hackney, cpv, saved, matches):
    contracts_services.pipeline_search_create(acting_user=supplier_user, name="S", **saved)
    make_contract(alice, camden, cpv_code="48445000", ends_on=months_ahead(12))

    assert contracts_services.pipeline_alerts_send() == (1 if matches else 0)
