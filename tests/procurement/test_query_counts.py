"""Every list endpoint's query count, with the expected queries listed: the count
must not grow with the rows."""

from __future__ import annotations

import pytest

from procurement import services
from tests.factories import SupplierFactory, UserFactory, member_of
from tests.procurement.helpers import assert_queries, close, make_tender, publish, submitted_bid

pytestmark = pytest.mark.django_db


def test_tender_list_anonymous(api, alice, camden, cpv):
    # 1 tenders as plain rows: visibility and the clock inlined, the buyer joined, the
    # CPV codes gathered by array subqueries.
    publish(alice, make_tender(alice, camden))
    client = api(None)
    with assert_queries(1):
        client.get("/api/tenders/")
    for n in range(8):
        publish(alice, make_tender(alice, camden, title=f"Tender {n}", cpv_codes=["45000000"]))
    with assert_queries(1):
        assert len(client.get("/api/tenders/").json()["results"]) == 9


def test_tender_list_anonymous_by_cursor(api, alice, camden, cpv):
    # 1 the page after the cursor, read through its kept statement (PublicRows): the
    # same query whatever the page holds.
    for n in range(3):
        publish(alice, make_tender(alice, camden, title=f"Tender {n}"))
    client = api(None)
    following = client.get("/api/tenders/", {"page_size": "2"}).json()["next"]
    with assert_queries(1):
        assert len(client.get(following).json()["results"]) == 1
    for n in range(8):
        publish(alice, make_tender(alice, camden, title=f"More {n}"))
    following = client.get("/api/tenders/", {"page_size": "5"}).json()["next"]
    with assert_queries(1):
        assert len(client.get(following).json()["results"]) == 5


def test_tender_list_signed_in_by_cursor(api, alice, camden, supplier_user, cpv):
    # 1 the page after the cursor (KeysetRows over the queryset; the membership and
    # grant checks are subqueries of it), whatever the page holds.
    for n in range(3):
        publish(alice, make_tender(alice, camden, title=f"Tender {n}"))
    client = api(supplier_user)
    following = client.get("/api/tenders/", {"page_size": "2"}).json()["next"]
    with assert_queries(1):
        assert len(client.get(following).json()["results"]) == 1
    for n in range(8):
        publish(alice, make_tender(alice, camden, title=f"More {n}"))
    following = client.get("/api/tenders/", {"page_size": "5"}).json()["next"]
    with assert_queries(1):
        assert len(client.get(following).json()["results"]) == 5


def test_tender_list_signed_in_and_searching(api, alice, camden, cpv):
    # 1 the tenders: the membership and grant checks are subqueries of it (the test
    # client signs in without a query).
    make_tender(alice, camden)
    client = api(alice)
    with assert_queries(1):
        client.get("/api/tenders/", {"search": "digital"})
    for n in range(8):
        make_tender(alice, camden, title=f"Digital tender {n}")
    with assert_queries(1):
        assert len(client.get("/api/tenders/", {"search": "digital"}).json()["results"]) == 9


def test_question_list_for_the_buyer(api, alice, supplier_user, tender):
    # 1 the tender (visibility, clock) + buyer, 2-5 its prefetches (joint buyers,
    # locations, CPV codes, criteria), 6 is the user the buyer (which questions),
    # 7 the same for the serializer (whether to show the asker), 8 the questions + supplier.
    services.question_ask(
        acting_user=supplier_user,
        tender=tender,
        supplier=supplier_user.memberships.get().organisation,
        question="Q0",
    )
    client = api(alice)
    with assert_queries(8):
        client.get(f"/api/tenders/{tender.pk}/questions/")
    for n in range(6):
        services.question_ask(
            acting_user=supplier_user,
            tender=tender,
            supplier=supplier_user.memberships.get().organisation,
            question=f"Q{n + 1}",
        )
    with assert_queries(8):
        assert len(client.get(f"/api/tenders/{tender.pk}/questions/").json()) == 7


def make_bids(tender, count, start=0):
    for n in range(start, start + count):
        supplier = SupplierFactory(slug=f"bidder-{n}", name=f"Bidder {n}")
        submitted_bid(member_of(supplier), supplier, tender)


def test_bid_list_for_the_buyer_after_close(api, alice, tender):
    # 1-5 the tender and its prefetches, 6 is the user the buyer (bids_visible_to),
    # 7 the buyer check for the serializer, 8 the bids + supplier + submission.
    make_bids(tender, 1)
    close(tender)
    client = api(alice)
    with assert_queries(8):
        client.get(f"/api/tenders/{tender.pk}/bids/")
    tender.closes_at = tender.closes_at.replace(year=2100)
    tender.save(update_fields=["closes_at"])
    make_bids(tender, 6, start=1)
    close(tender)
    with assert_queries(8):
        assert len(client.get(f"/api/tenders/{tender.pk}/bids/").json()) == 7


def test_bid_list_for_a_supplier(api, supplier_user, acme, tender):
    # 1-5 the tender and its prefetches, 6 is the user the buyer, 7 an evaluator,
    # 8-9 the same two checks for the serializer, 10 the bids + supplier + submission.
    # Other suppliers' bids are filtered out in SQL, so they add no queries.
    submitted_bid(supplier_user, acme, tender)
    client = api(supplier_user)
    with assert_queries(10):
        assert len(client.get(f"/api/tenders/{tender.pk}/bids/").json()) == 1
    make_bids(tender, 6)
    with assert_queries(10):
        assert len(client.get(f"/api/tenders/{tender.pk}/bids/").json()) == 1


def test_evaluator_list(api, alice, tender):
    # 1-5 the tender and its prefetches, 6 is the user the buyer (write access),
    # 7 the grants + users, with whether each declared as a subquery.
    services.evaluator_add(acting_user=alice, tender=tender, evaluator=UserFactory())
    client = api(alice)
    with assert_queries(7):
        client.get(f"/api/tenders/{tender.pk}/evaluators/")
    for _ in range(5):
        services.evaluator_add(acting_user=alice, tender=tender, evaluator=UserFactory())
    with assert_queries(7):
        assert len(client.get(f"/api/tenders/{tender.pk}/evaluators/").json()) == 6


def test_amendment_list(api, alice, tender):
    # 1-5 the tender and its prefetches, 6 the amendments.
    services.tender_amend(acting_user=alice, tender=tender, rationale="r", changes={"title": "T1"})
    client = api(None)
    with assert_queries(6):
        client.get(f"/api/tenders/{tender.pk}/amendments/")
    for n in range(4):
        services.tender_amend(
            acting_user=alice, tender=tender, rationale="r", changes={"title": f"T{n + 2}"}
        )
    with assert_queries(6):
        assert len(client.get(f"/api/tenders/{tender.pk}/amendments/").json()) == 5


def test_bidder_list(api, alice, tender):
    # 1-5 the tender and its prefetches, 6 is the user the buyer, 7 the bids + supplier.
    make_bids(tender, 1)
    close(tender)
    client = api(alice)
    with assert_queries(7):
        client.get(f"/api/tenders/{tender.pk}/bidders/")
    tender.closes_at = tender.closes_at.replace(year=2100)
    tender.save(update_fields=["closes_at"])
    make_bids(tender, 5, start=1)
    close(tender)
    with assert_queries(7):
        assert len(client.get(f"/api/tenders/{tender.pk}/bidders/").json()) == 6


def _declared_conflicts(alice, evaluator, tender, count, start=0):
    make_bids(tender, count, start=start)
    services.evaluator_add(acting_user=alice, tender=tender, evaluator=evaluator)
    close(tender)
    services.tender_evaluation_start(acting_user=alice, tender=tender)
    bids = list(tender.bids.values_list("pk", flat=True))
    services.evaluator_declare(
        acting_user=evaluator, tender=tender, conflicts={pk: "Friend" for pk in bids}
    )


def test_conflict_list(api, alice, charlie, camden, tender):
    # 1-5 the tender and its prefetches, 6 the evaluator's conflicts.
    other = publish(alice, make_tender(alice, camden, title="Another tender"))
    _declared_conflicts(alice, charlie, tender, 1)
    _declared_conflicts(alice, charlie, other, 5, start=1)
    client = api(charlie)
    with assert_queries(6):
        assert len(client.get(f"/api/tenders/{tender.pk}/conflicts/").json()) == 1
    with assert_queries(6):
        assert len(client.get(f"/api/tenders/{other.pk}/conflicts/").json()) == 5
