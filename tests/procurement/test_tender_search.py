from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from procurement import services
from procurement.models import Tender
from procurement.serializers import TenderFacetsOutput
from tests.procurement.helpers import close, make_tender, publish

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def board(cpv, alice, camden, charlie, hackney):
    """Four published tenders and one draft, across two buyers."""
    soon = timezone.now() + timedelta(days=3)
    later = timezone.now() + timedelta(days=40)
    tenders = {
        "chatbot": make_tender(
            alice,
            camden,
            title="Chatbot for council tax",
            description="Answers questions.",
            cpv_codes=["72000000"],
            value_min=Decimal(5000),
            value_max=Decimal(20000),
            closes_at=soon,
            sme_suitable=True,
        ),
        "sensors": make_tender(
            alice,
            camden,
            title="Damp sensors",
            description="Chatbot alerts for housing.",
            cpv_codes=["38000000"],
            value_min=Decimal(50000),
            value_max=Decimal(90000),
            closes_at=later,
        ),
        "cleaning": make_tender(
            charlie,
            hackney,
            title="Office cleaning",
            description="Daily cleaning.",
            cpv_codes=["90000000"],
            value_min=Decimal(100000),
            value_max=Decimal(600000),
            closes_at=later,
            sme_suitable=True,
        ),
        "old": make_tender(
            charlie,
            hackney,
            title="Old chatbot pilot",
            description="Finished.",
            cpv_codes=["72000000"],
            value_min=Decimal(1000),
            value_max=Decimal(2000),
            closes_at=later,
        ),
    }
    for tender in tenders.values():
        owner = alice if tender.buyer_id == camden.pk else charlie
        publish(owner, tender)
    close(tenders["old"])
    tenders["draft"] = make_tender(alice, camden, title="Secret chatbot draft")
    return tenders


def test_search_ranks_title_over_description_and_hides_drafts(api, board):
    found = ids(api(None).get("/api/tenders/", {"search": "chatbot"}))
    assert set(found[:2]) == {board["chatbot"].pk, board["old"].pk}
    assert found[2] == board["sensors"].pk  # only in the description
    assert board["draft"].pk not in found


def test_owner_finds_their_draft_by_search(api, alice, board):
    assert board["draft"].pk in ids(api(alice).get("/api/tenders/", {"search": "secret"}))


def test_filters(api, board, camden):
    client = api(None)
    assert set(ids(client.get("/api/tenders/", {"status": "open"}))) == {
        board["chatbot"].pk,
        board["sensors"].pk,
        board["cleaning"].pk,
    }
    assert ids(client.get("/api/tenders/", {"status": "closed"})) == [board["old"].pk]
    assert set(ids(client.get("/api/tenders/", {"division": "72"}))) == {
        board["chatbot"].pk,
        board["old"].pk,
    }
    assert ids(client.get("/api/tenders/", {"value_band": "500k-plus"})) == [board["cleaning"].pk]
    assert set(ids(client.get("/api/tenders/", {"buyer": camden.slug}))) == {
        board["chatbot"].pk,
        board["sensors"].pk,
    }
    assert set(ids(client.get("/api/tenders/", {"sme_suitable": "true"}))) == {
        board["chatbot"].pk,
        board["cleaning"].pk,
    }
    assert ids(client.get("/api/tenders/", {"closing_within_days": 7})) == [board["chatbot"].pk]


def test_bad_filter_is_refused_naming_it(api, board):
    response = api(None).get("/api/tenders/", {"value_band": "lots", "division": "7"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"value_band", "division"}


def test_sort_by_closing_soonest_or_newest(api, board):
    closing = ids(api(None).get("/api/tenders/", {"sort": "closing", "status": "open"}))
    assert closing[0] == board["chatbot"].pk
    Tender.objects.filter(pk=board["cleaning"].pk).update(listed_at=timezone.now())
    assert ids(api(None).get("/api/tenders/", {"sort": "newest"}))[0] == board["cleaning"].pk


def facet(body, name):
    return {row["value"]: row["count"] for row in body[name]}


def test_facets_count_within_the_results(api, board, camden):
    body = api(None).get("/api/tenders/facets/").json()
    assert facet(body, "status") == {"open": 3, "closed": 1}
    assert facet(body, "division") == {"38": 1, "72": 2, "90": 1}
    assert facet(body, "value_band") == {
        "under-25k": 2,
        "25k-100k": 1,
        "100k-500k": 0,
        "500k-plus": 1,
    }
    assert facet(body, "buyer") == {camden.slug: 2, "hackney-test": 2}
    assert facet(body, "sme_suitable") == {"true": 2}
    assert facet(body, "closing_within_days") == {"7": 1, "14": 1, "30": 1}
    labels = {row["value"]: row["label"] for row in body["division"]}
    assert labels["72"].startswith("IT services")
    searched = api(None).get("/api/tenders/facets/", {"search": "chatbot"}).json()
    assert facet(searched, "status") == {"open": 2, "closed": 1}


def test_a_tender_counts_once_in_each_division_its_codes_name(api, cpv, alice, camden):
    publish(
        alice,
        make_tender(alice, camden, cpv_codes=["72000000", "72200000", "48000000"]),
    )
    publish(alice, make_tender(alice, camden, cpv_codes=["72000000"]))
    body = api(None).get("/api/tenders/facets/").json()
    assert facet(body, "division") == {"48": 1, "72": 2}
    labels = {row["value"]: row["label"] for row in body["division"]}
    assert labels["48"].startswith("Software package")
    within = api(None).get("/api/tenders/facets/", {"division": "48"}).json()
    assert facet(within, "division") == {"48": 1, "72": 1}


def test_facets_say_what_their_documented_shape_says(api, board):
    # The view returns the selector's dict as it is; TenderFacetsOutput is its schema.
    body = api(None).get("/api/tenders/facets/", {"division": "72"}).json()
    assert TenderFacetsOutput(body).data == body


def test_public_facets_count_what_changed_since_the_last_request(api, alice, camden, cpv):
    # The public facets statement is kept per filter set: the counts must not be.
    def counts():
        body = api(None).get("/api/tenders/facets/").json()
        return facet(body, "status"), facet(body, "buyer")

    first = publish(alice, make_tender(alice, camden, title="First"))
    assert counts() == ({"open": 1, "closed": 0}, {camden.slug: 1})

    second = publish(alice, make_tender(alice, camden, title="Second"))
    assert counts() == ({"open": 2, "closed": 0}, {camden.slug: 2})

    close(first)
    assert counts() == ({"open": 1, "closed": 1}, {camden.slug: 2})

    services.tender_withdraw(acting_user=alice, tender=second, reason="Budget withdrawn.")
    assert counts()[0] == {"open": 0, "closed": 1}


def test_facets_count_the_drafts_their_owner_sees_and_no_others(api, alice, charlie, board):
    def buyers(user):
        return facet(api(user).get("/api/tenders/facets/").json(), "buyer")

    assert buyers(alice)["camden-test"] == 3  # two published and Camden's draft
    assert buyers(charlie)["camden-test"] == 2
    assert buyers(None)["camden-test"] == 2
    assert facet(api(alice).get("/api/tenders/facets/", {"status": "draft"}).json(), "buyer") == {
        "camden-test": 1
    }


def test_facets_of_no_results_are_zeros_and_empty_lists(api, board):
    body = api(None).get("/api/tenders/facets/", {"search": "nothingmatchesthis"}).json()
    assert body["division"] == body["buyer"] == []
    assert facet(body, "status") == {"open": 0, "closed": 0}
    assert set(facet(body, "value_band").values()) == {0}


def test_facet_queries_do_not_grow_with_the_data(
    api, django_assert_num_queries, board, alice, camden
):
    # 1: the matching tenders once, and every count over them.
    with django_assert_num_queries(1):
        api(None).get("/api/tenders/facets/")
    for n in range(5):
        publish(alice, make_tender(alice, camden, title=f"More {n}", cpv_codes=["45000000"]))
    with django_assert_num_queries(1):
        api(None).get("/api/tenders/facets/")
