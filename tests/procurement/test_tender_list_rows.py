"""The board's list is written from plain rows (its fast path); it must say exactly
what TenderListOutput, the documented shape, says about the same tenders."""

from __future__ import annotations

from base64 import b64encode
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from procurement import selectors, services
from procurement.serializers import TenderListOutput, tender_list_output
from tests.procurement.helpers import close, make_tender, publish

pytestmark = pytest.mark.django_db


def test_the_fast_list_says_what_the_model_serializer_says(api, alice, camden, hackney, cpv):
    publish(alice, make_tender(alice, camden, cpv_codes=["72000000", "48000000"]))
    closed = publish(
        alice, make_tender(alice, camden, title="Cleaning", value_max=Decimal("1234567.50"))
    )
    close(closed)
    make_tender(alice, camden, title="A draft only Camden sees")
    filters = selectors.TenderFilters()

    documented = TenderListOutput(
        selectors.tenders_visible_to(user=alice, filters=filters), many=True
    ).data
    fast = tender_list_output(selectors.tender_list_rows(user=alice, filters=filters))

    assert len(fast) == 3
    assert fast == [dict(row) for row in documented]
    assert api(alice).get("/api/tenders/").json()["results"] == fast


@pytest.mark.parametrize(
    "filters",
    [
        selectors.TenderFilters(),
        selectors.TenderFilters(division="72", sme_suitable=True),
        selectors.TenderFilters(status="closed", value_band="500k-plus", vcse_suitable=False),
        selectors.TenderFilters(buyer="camden", closing_within_days=30, sme_suitable=False),
    ],
)
def test_the_public_list_kept_per_filter_set_is_what_visibility_gives(alice, camden, cpv, filters):
    publish(alice, make_tender(alice, camden, cpv_codes=["72000000"], sme_suitable=True))
    make_tender(alice, camden, title="A draft the public never sees")

    kept = selectors.tender_list_rows(user=AnonymousUser(), filters=filters)
    again = selectors.tender_list_rows(user=AnonymousUser(), filters=filters)
    built = selectors._list_rows(AnonymousUser(), filters, "newest")

    assert str(kept.query) == str(again.query) == str(built.query)
    assert list(kept) == list(again) == list(built)


def test_a_tender_published_after_a_public_search_is_in_the_next_one(api, alice, camden, cpv):
    first = publish(alice, make_tender(alice, camden, title="First"))
    assert [row["id"] for row in api(None).get("/api/tenders/").json()["results"]] == [first.pk]

    second = publish(alice, make_tender(alice, camden, title="Second"))

    rows = api(None).get("/api/tenders/").json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]


def test_a_tender_closed_or_withdrawn_leaves_the_next_public_open_list(api, alice, camden, cpv):
    first = publish(alice, make_tender(alice, camden, title="First"))
    second = publish(alice, make_tender(alice, camden, title="Second"))

    def open_ids() -> list[int]:
        rows = api(None).get("/api/tenders/", {"status": "open"}).json()["results"]
        return [row["id"] for row in rows]

    assert open_ids() == [second.pk, first.pk]
    close(first)
    assert open_ids() == [second.pk]
    services.tender_withdraw(acting_user=alice, tender=second, reason="Budget withdrawn.")
    assert open_ids() == []


def test_bad_filters_are_refused_every_time(api, db):
    for _ in range(2):
        response = api(None).get("/api/tenders/", {"division": "7x"})

        assert response.status_code == 400
        assert "division" in response.json()["fields"]


@pytest.mark.parametrize(
    "filters",
    [
        selectors.TenderFilters(),
        selectors.TenderFilters(division="72", sme_suitable=True),
        selectors.TenderFilters(status="open", closing_within_days=30),
    ],
)
@pytest.mark.parametrize("sort", ["newest", "closing"])
def test_public_rows_page_as_the_lists_queryset_does(alice, camden, cpv, filters, sort):
    # Two closing at the same moment, and the others at their own.
    closes = timezone.now() + timedelta(days=20)
    for n in range(5):
        publish(
            alice,
            make_tender(
                alice,
                camden,
                title=f"Tender {n}",
                sme_suitable=n % 2 == 0,
                closes_at=closes if n < 2 else closes + timedelta(days=n),
            ),
        )
    make_tender(alice, camden, title="A draft the public never sees")
    ordering = selectors.SORTS[sort]
    reverse = tuple(name[1:] if name[0] == "-" else f"-{name}" for name in ordering)
    forwards, backwards = ("lt", "gt") if ordering[0][0] == "-" else ("gt", "lt")
    field = ordering[0].lstrip("-")
    queryset = selectors.tender_list_rows(user=AnonymousUser(), filters=filters, sort=sort)
    listed = list(queryset.order_by(*ordering))
    assert listed
    after = {f"{field}__{forwards}": selectors.keyset_position(listed[0], ordering[0])}
    before = {f"{field}__{backwards}": selectors.keyset_position(listed[-1], ordering[0])}
    public = selectors.public_rows(user=AnonymousUser(), filters=filters, sort=sort)
    assert public is not None

    for rows in (public, selectors.KeysetRows(queryset)):
        assert rows.order_by(*ordering)[0:3] == listed[:3]
        # A next link's page: after the first row; a previous link's (DRF reads it in the
        # reverse order): before the last.
        assert rows.order_by(*ordering).filter(**after)[0:3] == listed[1:4]
        assert rows.order_by(*reverse).filter(**before)[1:3] == listed[-3:-5:-1]


def test_only_the_public_board_has_public_rows(alice, cpv):
    searched = selectors.TenderFilters(search="digital")
    plain = selectors.TenderFilters()

    assert selectors.public_rows(user=alice, filters=plain, sort="newest") is None
    assert selectors.public_rows(user=AnonymousUser(), filters=searched, sort="newest") is None


def _walk(client: Any, params: dict[str, str]) -> tuple[list[int], list[int]]:
    """Every tender id, following the board's next links from the first page, then its
    previous links back from the last: both in the board's order."""
    forwards: list[list[int]] = []
    response = client.get("/api/tenders/", params)
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        forwards.append([row["id"] for row in body["results"]])
        if body["next"] is None:
            break
        response = client.get(body["next"])
    backwards: list[list[int]] = []
    while body["previous"] is not None:
        body = client.get(body["previous"]).json()
        backwards.insert(0, [row["id"] for row in body["results"]])
    assert backwards == forwards[:-1]  # the same pages, each in the board's order
    return [n for page in forwards for n in page], [n for page in backwards for n in page]


@pytest.mark.parametrize("sort", ["newest", "closing"])
def test_following_next_and_previous_on_the_public_board_shows_each_tender_once(
    api, alice, camden, supplier_user, cpv, sort
):
    # Five closing at the same moment (listed one after another).
    closes = timezone.now() + timedelta(days=20)
    published = [
        publish(alice, make_tender(alice, camden, title=f"Tender {n}", closes_at=closes)).pk
        for n in range(5)
    ]
    params = {"page_size": "2", "sort": sort}

    as_public, back_as_public = _walk(api(None), params)
    as_supplier, back_as_supplier = _walk(api(supplier_user), params)  # the queryset's pages

    assert sorted(as_public) == sorted(published)
    assert as_public == as_supplier
    # Back from the last page, every tender before it, once: a page boundary inside
    # the five that close together is exact both ways.
    assert back_as_public == back_as_supplier == as_public[:4]
    first = api(None).get("/api/tenders/", params).json()
    assert first["previous"] is None
    assert first["next"] == api(supplier_user).get("/api/tenders/", params).json()["next"]


def test_public_pages_are_served_from_the_kept_statements(api, alice, camden, cpv):
    # The walk above passes with either path; this says which one served the pages.
    for n in range(3):
        publish(alice, make_tender(alice, camden, title=f"Tender {n}"))
    selectors._public_page_statement.cache_clear()

    api(alice).get("/api/tenders/")
    assert selectors._public_page_statement.cache_info().currsize == 0
    first = api(None).get("/api/tenders/", {"division": "72", "page_size": "2"})
    assert selectors._public_page_statement.cache_info().currsize == 1
    second = api(None).get(first.json()["next"])
    assert selectors._public_page_statement.cache_info().currsize == 2
    api(None).get(second.json()["previous"])
    assert selectors._public_page_statement.cache_info().currsize == 3

    assert [len(page.json()["results"]) for page in (first, second)] == [2, 1]
    again = api(None).get(first.json()["next"])
    assert selectors._public_page_statement.cache_info().hits >= 1
    assert again.json() == second.json()


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_cursor_edited_by_hand_is_an_invalid_cursor(api, alice, camden, cpv, signed_in):
    publish(alice, make_tender(alice, camden))
    position = b64encode(urlencode({"p": "not a moment"}).encode()).decode()

    response = api(alice if signed_in else None).get("/api/tenders/", {"cursor": position})

    assert response.status_code == 404
    assert response.json() == {"message": "Invalid cursor", "fields": {}}


def test_the_division_is_written_into_the_statement_not_passed(db):
    # A parameter would leave the prepared statement a plan that cannot use the index.
    rows = selectors.tender_list_rows(
        user=AnonymousUser(), filters=selectors.TenderFilters(division="72")
    )
    sql, params = rows.query.sql_with_params()

    assert "LIKE '72%%'" in sql
    assert not [param for param in params if "72" in str(param)]
    with pytest.raises(ValueError, match="not a CPV division"):
        selectors.tender_list_rows(
            user=AnonymousUser(), filters=selectors.TenderFilters(division="7'")
        )


def test_a_public_page_statement_leaves_only_the_position_as_parameters(cpv):
    # The filters' values as parameters gave the prepared statement a slower plan.
    filters = selectors.TenderFilters(division="72", sme_suitable=True, status="open")
    ordering = selectors.SORTS["closing"]
    first = selectors._public_page_statement(filters, "closing", ordering, "", 0, 3)
    after = selectors._public_page_statement(filters, "closing", ordering, "gt", 0, 3)
    assert first is not None and after is not None

    assert first[0].count("%s") == 0
    assert after[0].count("%s") == 2
    assert "'public'" in after[0] and "'published'" in after[0]
    assert '("procurement_tender"."closes_at", "procurement_tender"."id") > (%s, %s)' in after[0]
