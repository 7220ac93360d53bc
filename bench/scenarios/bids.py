"""Bids racing the deadline: every supplier submits at once over loopback HTTP
(gunicorn, 2 workers), with the tender's closing time set to fall in the middle of the
burst by the database's clock. Nothing may be lost (every 201 has its sealed
submission, every sealed submission had its 201, every request got an answer) and
nothing accepted late (every submission's time is before closes_at)."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bench import http, seed, wsgi_client
from bench.measure import Stat, count_queries, quantile
from bench.rows import Row
from loti.accounts.models import Organisation, User
from procurement import services
from procurement.dates import db_now
from procurement.models import Bid, BidSubmission, Tender

SCENARIO = "bids racing the deadline"
RESPONSES = {
    "quality": "We have run this service for six boroughs, openly and accessibly.",
    "social-value": "Two apprentices from the borough.",
}


def open_tender(officer: User, buyer: Organisation, title: str) -> Tender:
    tender = services.tender_create(
        acting_user=officer,
        buyer=buyer,
        title=title,
        description="A benchmark tender that every bench supplier bids for at once.",
        cpv_codes=["72000000"],
        value_min=Decimal(10_000),
        value_max=Decimal(90_000),
        closes_at=timezone.now() + timedelta(days=1),
    )
    return services.tender_publish(acting_user=officer, tender=tender)


def _draft_bids(tender: Tender, people: list[int]) -> list[tuple[int, str]]:
    """A complete draft bid from each person's supplier; (bid id, person's token)."""
    tokens = seed.tokens_for(people)
    users = User.objects.in_bulk(people)
    suppliers = dict(
        Organisation.objects.filter(
            memberships__user_id__in=people, memberships__ended_at__isnull=True
        ).values_list("memberships__user_id", "pk")
    )
    organisations = Organisation.objects.in_bulk(set(suppliers.values()))
    bids = []
    for person in people:
        bid = services.bid_create(
            acting_user=users[person],
            tender=tender,
            supplier=organisations[suppliers[person]],
            price=Decimal(50_000 + person % 1000),
            responses=RESPONSES,
        )
        bids.append((bid.pk, tokens[person]))
    return bids


def _submit(port: int, bid: int, token: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        status, body = http.request(
            port,
            f"/api/bids/{bid}/submit/",
            method="POST",
            headers={"Authorization": f"Token {token}", "Content-Length": "0"},
        )
    except OSError as error:
        status, body = 0, repr(error).encode()
    return status, body, (time.perf_counter() - started) * 1000


def _submit_queries(bid: int, token: str) -> int:
    def submit() -> None:
        reply = wsgi_client.request("POST", f"/api/bids/{bid}/submit/", token=token)
        if reply.status != 201:
            raise RuntimeError(f"submitting bid {bid} answered {reply.status}: {reply.body!r}")

    return count_queries(submit).count


def bid_race(
    port: int, *, officer: User, buyer: Organisation, people: list[int]
) -> tuple[list[Row], dict[str, Any]]:
    calibration_people, counted, racers = people[:10], people[10], people[11:]
    # Time a few submissions one after another, to put the deadline mid-burst.
    calibration = open_tender(officer, buyer, "Bench calibration tender")
    warmup = _draft_bids(calibration, calibration_people)
    service_ms = Stat.of([_submit(port, bid, token)[2] for bid, token in warmup[:-1]]).median
    tender = open_tender(officer, buyer, "Bench race tender")
    bids = _draft_bids(tender, racers)
    # Queries of one submission, in-process: on a tender with 10 bids, then on the race
    # tender with all of them (the extra bid is not one of the racers).
    queries = {len(warmup): _submit_queries(*warmup[-1])}
    [(extra, extra_token)] = _draft_bids(tender, [counted])
    queries[len(bids) + 1] = _submit_queries(extra, extra_token)
    burst_seconds = len(bids) * service_ms / 1000 / http.WORKERS
    closes_at = db_now() + timedelta(seconds=0.3 + burst_seconds / 2)
    Tender.objects.filter(pk=tender.pk).update(closes_at=closes_at)

    barrier = threading.Barrier(len(bids))
    results: list[tuple[int, bytes, float]] = [(0, b"", 0.0)] * len(bids)

    def racer(n: int) -> None:
        bid, token = bids[n]
        barrier.wait()
        results[n] = _submit(port, bid, token)

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(len(bids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    stored = {
        row["bid_id"]: row
        for row in BidSubmission.objects.filter(bid_id__in=[bid for bid, _ in bids]).values(
            "bid_id", "sha256", "submitted_at"
        )
    }
    answers = {bid: result for (bid, _), result in zip(bids, results, strict=True)}
    receipts = {
        bid: json.loads(body) for bid, (status, body, _) in answers.items() if status == 201
    }
    accepted = len(receipts)
    refused = sum(1 for status, _, _ in answers.values() if status == 409)
    other = len(bids) - accepted - refused  # errors, timeouts: unanswered submissions
    # Lost: told it was sealed but no such submission; sealed but told otherwise; or
    # no answer at all.
    unmatched = sum(
        1
        for bid, receipt in receipts.items()
        if bid not in stored or stored[bid]["sha256"] != receipt.get("sha256")
    )
    lost = unmatched + len(set(stored) - set(receipts)) + other
    late = sum(1 for bid in receipts if bid in stored and stored[bid]["submitted_at"] >= closes_at)
    latencies = [ms for _, _, ms in results]
    median = Stat.of(latencies).median
    p95 = quantile(latencies, 0.95)
    label = f"{len(bids)} concurrent submissions"
    summary = (
        f"{accepted} accepted, {refused} refused as late, {other} other answers; "
        f"deadline set {burst_seconds / 2 + 0.3:.1f} s into a burst of ~{burst_seconds:.1f} s"
    )
    rows = [
        Row(SCENARIO, "lost bids", label, "count", str(lost), "0", lost == 0, summary),
        Row(SCENARIO, "accepted after closes_at", label, "count", str(late), "0", late == 0, ""),
        Row(
            SCENARIO,
            "latency",
            label,
            "p95 ÷ median",
            f"{p95 / median:.2f}×",
            "≤ 10×",
            p95 / median <= 10,
            f"median {median:.0f} ms, p95 {p95:.0f} ms, max {max(latencies):.0f} ms",
        ),
        Row(
            SCENARIO,
            "queries per submission",
            " and ".join(f"{n} bids on the tender" for n in queries),
            "queries",
            " / ".join(str(n) for n in queries.values()),
            "constant",
            len(set(queries.values())) == 1,
            "in-process, one POST /api/bids/{id}/submit/",
        ),
        Row(
            SCENARIO,
            "the race straddled the deadline",
            label,
            "accepted / refused",
            f"{accepted} / {refused}",
            "both > 0",
            accepted > 0 and refused > 0,
            "",
        ),
    ]
    data = {
        "accepted": accepted,
        "refused": refused,
        "other": other,
        "lost": lost,
        "late": late,
        "median_ms": median,
        "p95_ms": p95,
        "bids": Bid.objects.filter(tender=tender).count(),
        "queries_per_submission": queries,
    }
    return rows, data
