"""The market pipeline: contracts ending 6 to 24 months from today that the person may
see, its filters, and its chart of ends per quarter per category."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from procurement.contracts import PipelineWindow, add_months, quarter_label, quarters_between
from procurement.contracts_charts import pipeline_chart_svg
from procurement.contracts_selectors import ContractFilters, pipeline_chart, pipeline_window
from tests.procurement.contracts.helpers import make_contract, months_ahead
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/pipeline/"


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [c["system_name"] for c in response.json()["results"]]


@pytest.fixture
def contracts(alice, camden, charlie, hackney, cpv):
    make_contract(alice, camden, system_name="Too soon", ends_on=months_ahead(3))
    make_contract(alice, camden, system_name="Camden CRM", ends_on=months_ahead(10))
    make_contract(
        charlie,
        hackney,
        system_name="Hackney housing",
        category="housing",
        annual_value=Decimal(600_000),
        ends_on=months_ahead(20),
    )
    make_contract(alice, camden, system_name="Too late", ends_on=months_ahead(30))
    make_contract(
        charlie,
        hackney,
        system_name="Hackney private",
        visibility="private",
        ends_on=months_ahead(9),
    )


def test_a_supplier_sees_network_contracts_ending_in_6_to_24_months(api, supplier_user, contracts):
    assert names(api(supplier_user).get(URL)) == ["Camden CRM", "Hackney housing"]


def test_a_borough_officer_also_sees_their_own_private_contracts(api, charlie, contracts):
    assert names(api(charlie).get(URL)) == ["Hackney private", "Camden CRM", "Hackney housing"]


def test_another_borough_does_not_see_a_private_contract(api, alice, contracts):
    assert "Hackney private" not in names(api(alice).get(URL))


def test_visitors_must_sign_in(api, contracts):
    assert api(None).get(URL).status_code == 401
    assert api(None).get(f"{URL}chart/").status_code == 401
    assert api(None).get(f"{URL}chart.svg").status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "housing"}, ["Hackney housing"]),
        ({"borough": "camden-test"}, ["Camden CRM"]),
        ({"value_band": "500k-plus"}, ["Hackney housing"]),
        ({"value_band": "25k-100k"}, ["Camden CRM"]),
        ({"value_band": "under-25k"}, []),
        ({"division": "48"}, []),
    ],
)
def test_filters(api, supplier_user, contracts, query, expected):
    assert names(api(supplier_user).get(URL, query)) == expected


def test_bad_filters_are_refused_naming_the_field(api, supplier_user, contracts):
    assert_error(api(supplier_user).get(URL, {"category": "gardening"}), 400, "category")
    assert_error(api(supplier_user).get(URL, {"value_band": "huge"}), 400, "value_band")
    assert_error(api(supplier_user).get(URL, {"division": "4"}), 400, "division")


def test_the_window_runs_from_6_to_24_months_ahead():
    window = PipelineWindow.from_today(date(2026, 8, 31))

    assert (window.starts_on, window.ends_on) == (date(2027, 2, 28), date(2028, 8, 31))
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_quarters_cover_the_window():
    quarters = quarters_between(date(2027, 2, 28), date(2028, 8, 31))

    assert quarters[0] == date(2027, 1, 1) and quarters[-1] == date(2028, 7, 1)
    assert len(quarters) == 7
    assert quarter_label(date(2027, 4, 1)) == "Apr to Jun 2027"


def test_the_chart_counts_ends_per_quarter_per_category(supplier_user, alice, camden, contracts):
    make_contract(alice, camden, system_name="Another CRM", ends_on=months_ahead(10))

    chart = pipeline_chart(user=supplier_user, filters=ContractFilters(), window=pipeline_window())

    by_category = {c["key"]: c for c in chart["categories"]}
    assert set(by_category) == {"crm", "housing"}
    assert by_category["crm"]["total"] == 2
    assert max(by_category["crm"]["counts"]) == 2
    assert (chart["total"], sum(chart["quarter_totals"])) == (3, 3)


def test_the_chart_api_and_svg(api, supplier_user, contracts):
    body = api(supplier_user).get(f"{URL}chart/").json()
    assert [c["label"] for c in body["categories"]] == ["CRM", "Housing"]
    assert body["quarters"][0]["label"].endswith(str(body["quarters"][0]["starts_on"][:4]))

    response = api(supplier_user).get(f"{URL}chart.svg", {"category": "housing"})

    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Housing: 1 in" in svg
    assert "CRM" not in svg


def test_the_chart_escapes_what_it_draws():
    window = pipeline_window(date(2026, 1, 1))
    quarter = {"starts_on": date(2026, 7, 1), "label": "Jul to Sep 2026"}
    chart = {
        "window": {"from": window.starts_on, "to": window.ends_on},
        "quarters": [quarter],
        "categories": [{"key": "x", "label": "<script>", "counts": [1], "total": 1}],
        "quarter_totals": [1],
        "total": 1,
    }

    svg = pipeline_chart_svg(chart)

    assert "<script>" not in svg and "&lt;script&gt;" in svg
