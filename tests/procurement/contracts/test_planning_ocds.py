"""A planned re-procurement published as an OCDS planning release, in the release
package, valid against the shared OCDS 1.1.5 schemas."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from loti.audit.models import AuditEvent
from procurement import contracts_services
from procurement.models import ContractPlanningRelease
from tests.procurement.contracts.helpers import make_contract
from tests.procurement.helpers import assert_error, make_tender, publish
from tests.procurement.test_ocds import assert_valid, package

pytestmark = pytest.mark.django_db

PLAN = {"rationale": "The CRM no longer meets residents' needs."}


@pytest.fixture
def planned(alice, camden, cpv):
    return make_contract(
        alice, camden, reference="CRM-1", renewal_plan="re-procure", total_value=400_000
    )


def url(contract) -> str:
    return f"/api/contracts/{contract.pk}/plan/"


def test_a_planned_procurement_is_a_valid_planning_release(api, alice, planned):
    expected = (date.today() + timedelta(days=90)).isoformat()

    response = api(alice).post(
        url(planned), {**PLAN, "tender_expected_on": expected}, format="json"
    )

    assert response.status_code == 201, response.json()
    release = response.json()
    assert release["ocid"] == f"ocds-loti01-plan-{planned.pk}"
    assert release["tag"] == ["planning"]
    assert release["planning"]["rationale"] == PLAN["rationale"]
    assert release["planning"]["budget"]["amount"] == {"amount": 80000.0, "currency": "GBP"}
    tender = release["tender"]
    assert tender["status"] == "planning"
    assert tender["items"][0]["classification"]["id"] == "48445000"
    assert tender["value"] == {"amount": 400000.0, "currency": "GBP"}
    assert tender["tenderPeriod"]["startDate"].startswith(expected)
    body = package(api)
    assert_valid(body)
    assert [r["ocid"] for r in body["releases"]] == [release["ocid"]]
    planned.refresh_from_db()
    assert planned.visibility == "public" and planned.plan_published_at is not None
    assert AuditEvent.objects.filter(verb="contract.plan_published").count() == 1


def test_publishing_again_is_a_planning_update(api, alice, planned):
    api(alice).post(url(planned), PLAN, format="json")
    second = api(alice).post(url(planned), {"rationale": "Now with social care."}, format="json")

    assert second.json()["tag"] == ["planningUpdate"]
    assert second.json()["id"] == "002-planningUpdate"
    assert_valid(package(api))


def test_tender_and_planning_releases_share_one_valid_package(api, alice, camden, planned):
    tender = publish(alice, make_tender(alice, camden))
    api(alice).post(url(planned), PLAN, format="json")

    body = package(api)

    assert_valid(body)
    assert [r["ocid"] for r in body["releases"]] == [
        f"ocds-loti01-{tender.pk}",
        f"ocds-loti01-plan-{planned.pk}",
    ]


def test_a_category_without_a_code_is_classified_by_its_usual_code(api, alice, camden, cpv):
    contract = make_contract(alice, camden, category="libraries", renewal_plan="replace")

    release = api(alice).post(url(contract), PLAN, format="json").json()

    assert release["tender"]["items"][0]["classification"]["id"] == "48161000"
    assert_valid(package(api))


def test_only_a_contract_to_be_procured_again_has_a_plan(api, alice, camden, cpv):
    extended = make_contract(alice, camden, renewal_plan="extend")

    assert_error(api(alice).post(url(extended), PLAN, format="json"), 409, "renewal_plan")
    assert not ContractPlanningRelease.objects.exists()


def test_bad_input_is_refused_naming_the_field(api, alice, planned):
    assert_error(api(alice).post(url(planned), {"rationale": ""}, format="json"), 400, "rationale")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = api(alice).post(
        url(planned), {**PLAN, "tender_expected_on": yesterday}, format="json"
    )
    assert_error(response, 400, "tender_expected_on")
    assert not ContractPlanningRelease.objects.exists()


def test_only_the_boroughs_officers_publish_a_plan(api, bob, charlie, supplier_user, planned):
    assert_error(api(charlie).post(url(planned), PLAN, format="json"), 403)
    assert_error(api(supplier_user).post(url(planned), PLAN, format="json"), 403)
    assert api(None).post(url(planned), PLAN, format="json").status_code == 401
    assert api(bob).post(url(planned), PLAN, format="json").status_code == 201


def test_a_contract_with_a_published_plan_stays_on_the_register(api, alice, planned):
    api(alice).post(url(planned), PLAN, format="json")

    assert_error(api(alice).delete(f"/api/contracts/{planned.pk}/"), 409, "contract")


def test_the_package_query_count_does_not_grow_with_plans(
    api, alice, camden, cpv, django_assert_num_queries
):
    # 1 the tenders' releases, 2 the planning releases.
    contracts_services.contract_plan_publish(
        acting_user=alice,
        contract=make_contract(alice, camden, reference="P0", renewal_plan="re-procure"),
        rationale="Why",
    )
    with django_assert_num_queries(2):
        package(api)
    for n in range(1, 5):
        contracts_services.contract_plan_publish(
            acting_user=alice,
            contract=make_contract(alice, camden, reference=f"P{n}", renewal_plan="re-procure"),
            rationale="Why",
        )
    with django_assert_num_queries(2):
        assert len(package(api)["releases"]) == 5
