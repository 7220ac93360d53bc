from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from procurement.cpv import cpv_codes_load, cpv_file, cpv_normalise
from procurement.models import CpvCode
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db

TENDER = {
    "title": "Website redesign",
    "description": "A new website for the council.",
    "value_min": "10000",
    "value_max": "20000",
    "closes_at": "2099-03-03T12:00:00Z",
}


def test_every_code_in_the_shared_file_is_loaded(cpv):
    with cpv_file().open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert CpvCode.objects.count() == len(rows) == 9455
    code = CpvCode.objects.get(code="72000000")
    assert code.division == "72"
    assert code.description.startswith("IT services")


def test_loading_again_changes_nothing(cpv):
    before = CpvCode.objects.count()
    cpv_codes_load(CpvCode)
    call_command("cpv_load", stdout=io.StringIO())
    assert CpvCode.objects.count() == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [("72000000", "72000000"), ("72000000-5", "72000000"), (" 03111000 ", "03111000")],
)
def test_codes_are_accepted_with_or_without_the_check_digit(value, expected):
    assert cpv_normalise(value) == expected


@pytest.mark.parametrize("value", ["7200000", "72000000-", "72000000-55", "IT", "72-000000"])
def test_malformed_codes_are_not(value):
    assert cpv_normalise(value) is None


def test_tender_accepts_a_code_with_its_check_digit(api, alice, cpv):
    response = api(alice).post("/api/tenders/", {**TENDER, "cpv_codes": ["72000000-5"]})
    assert response.status_code == 201, response.json()
    assert [c["code"] for c in response.json()["cpv_codes"]] == ["72000000"]


def test_tender_with_an_unknown_code_is_refused_naming_the_field(api, alice, cpv):
    response = api(alice).post("/api/tenders/", {**TENDER, "cpv_codes": ["72000001"]})
    body = assert_error(response, 400, "cpv_codes")
    assert "72000001" in body["message"]


def test_tender_with_a_malformed_code_is_refused(api, alice, cpv):
    assert_error(
        api(alice).post("/api/tenders/", {**TENDER, "cpv_codes": ["IT services"]}),
        400,
        "cpv_codes",
    )
