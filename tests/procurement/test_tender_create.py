from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from loti.audit.models import AuditEvent
from procurement.models import Tender, TenderCriterion
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {
        "title": "Assistive technology for care homes",
        "description": "Sensors and alerts for residents at risk of falls.",
        "cpv_codes": ["72000000", "33000000"],
        "value_min": "25000",
        "value_max": "100000",
        "closes_at": (timezone.now() + timedelta(days=21)).isoformat(),
    }
    data.update(overrides)
    return data


def test_officer_creates_a_draft_with_default_criteria(api, alice, camden, cpv):
    response = api(alice).post("/api/tenders/", payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["visibility"] == "private"
    assert body["buyer"]["slug"] == camden.slug
    assert [c["weight"] for c in body["criteria"]] == ["60.00", "30.00", "10.00"]
    assert body["closes_at_london"].endswith("London time")
    assert AuditEvent.objects.filter(verb="tender.created", target_id=str(body["id"])).exists()


def test_joint_procurement_with_criteria_charter_and_clause(api, alice, hackney, cpv):
    response = api(alice).post(
        "/api/tenders/",
        payload(
            participating_boroughs=[hackney.slug],
            criteria=[
                {"name": "Technical approach", "kind": "quality", "weight": 50},
                {"name": "Price", "kind": "price", "weight": 40},
                {"name": "Social value", "kind": "social_value", "weight": 10},
            ],
            charter_technology="Motion sensors that raise an alert; no cameras.",
            loti_data_clause_included=False,
            loti_data_clause_explanation="The supplier holds no resident data.",
            sme_suitable=True,
            contract_months=24,
            location_remote=True,
        ),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [b["slug"] for b in body["participating_boroughs"]] == [hackney.slug]
    assert [c["key"] for c in body["criteria"]] == ["technical-approach", "price", "social-value"]
    assert body["charter_technology"].startswith("Motion sensors")


def test_weights_not_totalling_100_are_refused(api, alice, cpv):
    response = api(alice).post(
        "/api/tenders/",
        payload(
            criteria=[
                {"name": "Quality", "kind": "quality", "weight": 60},
                {"name": "Price", "kind": "price", "weight": 30},
            ]
        ),
    )
    body = assert_error(response, 400, "criteria")
    assert "total 90" in body["message"]
    assert not Tender.objects.exists()
    assert not TenderCriterion.objects.exists()


def test_lowest_value_above_highest_is_refused(api, alice, cpv):
    response = api(alice).post("/api/tenders/", payload(value_min="200000", value_max="1000"))
    assert_error(response, 400, "value_min", "value_max")
    assert not Tender.objects.exists()


def test_closing_time_in_the_past_is_refused(api, alice, cpv):
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert_error(api(alice).post("/api/tenders/", payload(closes_at=past)), 400, "closes_at")
    assert not Tender.objects.exists()


def test_leaving_out_the_data_clause_needs_an_explanation(api, alice, cpv):
    response = api(alice).post("/api/tenders/", payload(loti_data_clause_included=False))
    assert_error(response, 400, "loti_data_clause_explanation")


def test_missing_fields_are_named(api, alice, cpv):
    response = api(alice).post("/api/tenders/", {"title": "Only a title"})
    assert_error(response, 400, "description", "cpv_codes", "value_min", "value_max", "closes_at")


def test_a_supplier_cannot_create_a_tender(api, supplier_user, cpv):
    assert_error(api(supplier_user).post("/api/tenders/", payload()), 403, "buyer")


def test_a_supplier_cannot_be_a_joint_buyer(api, alice, acme, cpv):
    response = api(alice).post("/api/tenders/", payload(participating_boroughs=[acme.slug]))
    assert_error(response, 400, "participating_boroughs")
    assert not Tender.objects.exists()


def test_anonymous_cannot_create(api, cpv):
    assert api(None).post("/api/tenders/", payload()).status_code in {401, 403}
