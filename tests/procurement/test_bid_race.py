"""50 suppliers submit at once across the closing time. The database clock decides:
every bid submitted in time is stored with its receipt, every late one is refused,
none is lost or half-written."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from procurement import services
from procurement.dates import db_now
from procurement.models import Bid, BidStatus, BidSubmission, Tender
from tests.factories import SupplierFactory, member_of
from tests.procurement.helpers import RESPONSES, make_tender

THREADS = 50


def database_time() -> object:
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_fifty_submissions_racing_the_deadline(cpv, alice, camden):
    tender = make_tender(alice, camden)
    services.tender_publish(acting_user=alice, tender=tender)
    bids = []
    for n in range(THREADS):
        supplier = SupplierFactory(slug=f"racer-{n}", name=f"Racer {n}")
        user = member_of(supplier)
        bid = services.bid_create(
            acting_user=user,
            tender=tender,
            supplier=supplier,
            price=Decimal(1000 + n),
            responses=RESPONSES,
        )
        bids.append((user, bid))
    # The deadline falls in the middle of the burst, by the database's clock.
    closes_at = db_now() + timedelta(seconds=1.5)
    Tender.objects.filter(pk=tender.pk).update(closes_at=closes_at)

    barrier = threading.Barrier(THREADS)
    results: list[dict[str, object]] = [{} for _ in range(THREADS)]

    def submit(n: int) -> None:
        user, bid = bids[n]
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            time.sleep(n * 0.06)  # spread over 3 s: before, around and after closes_at
            before = database_time()
            response = client.post(f"/api/bids/{bid.pk}/submit/")
            after = database_time()
            results[n] = {
                "status": response.status_code,
                "body": response.json(),
                "before": before,
                "after": after,
            }
        except Exception as error:  # reported by the assertions below
            results[n] = {"status": None, "body": repr(error)}
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    accepted = [n for n, r in enumerate(results) if r["status"] == 201]
    refused = [n for n, r in enumerate(results) if r["status"] == 409]
    assert sorted(accepted + refused) == list(range(THREADS)), [
        r for r in results if r["status"] not in {201, 409}
    ]
    print(f"{len(accepted)} submitted in time, {len(refused)} refused as late")
    assert accepted and refused, "the burst should straddle the deadline"
    for n in accepted:
        receipt = results[n]["body"]
        stored = BidSubmission.objects.get(bid_id=bids[n][1].pk)
        assert stored.sha256 == receipt["sha256"]
        assert stored.submitted_at < closes_at
        assert results[n]["before"] < closes_at  # it was sent before the deadline
    for n in refused:
        assert list(results[n]["body"]["fields"]) == ["closes_at"]
        assert results[n]["after"] >= closes_at  # the answer came after the deadline
        assert not BidSubmission.objects.filter(bid_id=bids[n][1].pk).exists()
    # Anything sent wholly before the deadline was accepted; after it, refused.
    for n, r in enumerate(results):
        if r["after"] < closes_at:
            assert n in accepted
        if r["before"] >= closes_at:
            assert n in refused
    assert Bid.objects.filter(status=BidStatus.SUBMITTED).count() == len(accepted)
    assert BidSubmission.objects.count() == len(accepted)
