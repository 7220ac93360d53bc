"""Rows and assertions shared by the tender board's tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loti.accounts.models import Organisation, User
from procurement import services
from procurement.models import Bid, Tender

RESPONSES = {
    "quality": "We have run this service for six boroughs.",
    "social-value": "Apprentices.",
}


def make_tender(user: User, organisation: Organisation, **fields: Any) -> Tender:
    fields.setdefault("title", "Digital inclusion support service")
    fields.setdefault("description", "Help residents get online and use council services.")
    fields.setdefault("cpv_codes", ["72000000"])
    fields.setdefault("value_min", Decimal(20_000))
    fields.setdefault("value_max", Decimal(80_000))
    fields.setdefault("closes_at", timezone.now() + timedelta(days=14))
    return services.tender_create(acting_user=user, buyer=organisation, **fields)


def publish(user: User, tender: Tender) -> Tender:
    return services.tender_publish(acting_user=user, tender=tender)


def close(tender: Tender) -> None:
    """Let the deadline pass: move closes_at (and the question deadline) into the past."""
    past = timezone.now() - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(
        closes_at=past, questions_close_at=past, published_at=F("published_at")
    )


def submitted_bid(
    user: User, supplier: Organisation, tender: Tender, *, price: int = 50_000, **responses: str
) -> Bid:
    bid = services.bid_create(
        acting_user=user,
        tender=tender,
        supplier=supplier,
        price=Decimal(price),
        responses=responses or RESPONSES,
    )
    services.bid_submit(acting_user=user, bid=bid)
    bid.refresh_from_db()
    return bid


def assert_error(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """The response is a `status` error in the API's one error shape, naming `fields`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "fields"}, body
    assert body["message"]
    assert set(body["fields"]) == set(fields), body
    return body


@contextmanager
def assert_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    """The block runs exactly `expected` queries; the SQL is shown when it does not."""
    with CaptureQueriesContext(connection) as context:
        yield context
    sql = "\n\n".join(f"{n}. {q['sql']}" for n, q in enumerate(context.captured_queries, 1))
    assert len(context.captured_queries) == expected, f"{len(context.captured_queries)}:\n{sql}"


def in_evaluation(buyer: User, evaluator: User, tender: Tender) -> Tender:
    """Name the evaluator, let the deadline pass and open the bids."""
    services.evaluator_add(acting_user=buyer, tender=tender, evaluator=evaluator)
    close(tender)
    return services.tender_evaluation_start(acting_user=buyer, tender=tender)


def scores(quality: int, social: int, note: str = "comment") -> list[dict[str, Any]]:
    return [
        {"criterion": "quality", "score": quality, note: "Agreed."},
        {"criterion": "social-value", "score": social, note: "Agreed."},
    ]


def evaluate_and_award(buyer: User, evaluator: User, tender: Tender, winner: Bid) -> Tender:
    """Every step from open bids to the award: the evaluator declares no conflicts and
    scores every bid, the buyer agrees the same scores and awards `winner`."""
    tender = in_evaluation(buyer, evaluator, tender)
    services.evaluator_declare(acting_user=evaluator, tender=tender, conflicts={})
    for bid in Bid.objects.filter(tender=tender, status="submitted"):
        services.bid_score(acting_user=evaluator, bid=bid, scores=scores(4, 3))
        services.bid_moderate(acting_user=buyer, bid=bid, scores=scores(4, 3, "rationale"))
    return services.tender_award(acting_user=buyer, tender=tender, bid=winner)
