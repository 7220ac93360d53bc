"""What the schema promises about failures, and the failures the fuzzing found: each
is now a 400 that names the field, with nothing saved."""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from challenges.models import Challenge, Round
from loti.api.schema import ERROR_SCHEMA, ERRORS, WRITE_ERRORS
from procurement.models import Tender
from tests.procurement.helpers import assert_error
from tests.security.world import World

pytestmark = pytest.mark.django_db
ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_operation_documents_its_errors_in_the_one_shape(schema: dict[str, Any]) -> None:
    assert schema["components"]["schemas"]["Error"] == ERROR_SCHEMA
    missing = []
    for method, path, operation in _operations(schema):
        expected = set(ERRORS) | (
            set(WRITE_ERRORS) if method in {"post", "put", "patch"} else set()
        )
        for code in expected:
            content = operation["responses"].get(code, {}).get("content", {})
            if content.get("application/json", {}).get("schema") != ERROR_REF:
                missing.append(f"{method.upper()} {path} {code}")
    assert missing == []


def test_throttled_operations_document_429(schema: dict[str, Any]) -> None:
    assert "429" in schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert "429" not in schema["paths"]["/api/me/"]["get"]["responses"]


def test_error_bodies_match_the_documented_shape(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.person("owner_officer"))
    refusals = [
        client.get("/api/projects/0/"),
        client.post("/api/projects/", {}, format="json"),
        APIClient().get("/api/me/"),
        client.get("/api/audit-events/"),
    ]
    assert [r.status_code for r in refusals] == [404, 400, 401, 403]
    for refusal in refusals:
        jsonschema.validate(refusal.json(), ERROR_SCHEMA)


def _officer(world: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.person("owner_officer"))
    return client


def test_a_challenge_opening_in_the_year_1024_is_refused(world: World) -> None:
    before = Challenge.objects.count()
    response = _officer(world).post(
        "/api/challenges/",
        {
            "title": "Air quality",
            "problem_statement": "Measure it.",
            "opens_at": "1024-07-04T18:09:46Z",
            "closes_at": "2099-01-01T12:00:00Z",
        },
        format="json",
    )
    body = assert_error(response, 400, "opens_at")
    assert body["fields"]["opens_at"] == ["Enter a date between 2000 and 2100."]
    assert Challenge.objects.count() == before


def test_more_judges_per_entry_than_the_column_holds_is_refused(world: World) -> None:
    round_ = Round.objects.get(pk=world.ids["round"])
    response = _officer(world).patch(
        f"/api/rounds/{round_.pk}/", {"judges_per_entry": 40_000}, format="json"
    )
    assert_error(response, 400, "judges_per_entry")
    assert Round.objects.get(pk=round_.pk).judges_per_entry == round_.judges_per_entry


def test_a_contract_longer_than_the_column_holds_is_refused(world: World) -> None:
    tender = Tender.objects.get(pk=world.ids["tender_draft"])
    response = _officer(world).patch(
        f"/api/tenders/{tender.pk}/", {"contract_months": 40_000}, format="json"
    )
    assert_error(response, 400, "contract_months")
    assert Tender.objects.get(pk=tender.pk).contract_months == tender.contract_months
