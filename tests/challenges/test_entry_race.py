"""20 entrants submit at once across the closing time. The database clock decides:
every entry submitted in time is stored with its receipt, every late one is refused."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from challenges import services
from challenges.models import Challenge, EntrySubmission
from procurement.dates import db_now
from tests.challenges.helpers import published
from tests.factories import SupplierFactory, member_of

THREADS = 20


def database_time():
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_twenty_submissions_racing_the_deadline(alice, camden):
    challenge = published(alice, camden)
    entries = []
    for n in range(THREADS):
        supplier = SupplierFactory(slug=f"racer-{n}", name=f"Racer {n}")
        user = member_of(supplier)
        entry = services.entry_create(
            acting_user=user,
            challenge=challenge,
            supplier=supplier,
            title="Entry",
            summary="S",
            description="D",
            declaration={"confirmed": True},
        )
        entries.append((user, entry))
    closes_at = db_now() + timedelta(seconds=1)
    Challenge.objects.filter(pk=challenge.pk).update(closes_at=closes_at)
    barrier = threading.Barrier(THREADS)
    results: list[dict] = [{} for _ in range(THREADS)]

    def submit(n):
        user, entry = entries[n]
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            time.sleep(n * 0.1)  # spread over 2 s, around closes_at
            before = database_time()
            response = client.post(f"/api/entries/{entry.pk}/submit/")
            results[n] = {
                "status": response.status_code,
                "body": response.json(),
                "before": before,
                "after": database_time(),
            }
        except Exception as error:
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
    assert sorted(accepted + refused) == list(range(THREADS)), results
    assert accepted and refused, "the burst should straddle the deadline"
    for n in accepted:
        stored = EntrySubmission.objects.get(entry_id=entries[n][1].pk)
        assert stored.sha256 == results[n]["body"]["sha256"]
        assert stored.submitted_at < closes_at
    for n in refused:
        assert list(results[n]["body"]["fields"]) == ["closes_at"]
        assert results[n]["after"] >= closes_at
        assert not EntrySubmission.objects.filter(entry_id=entries[n][1].pk).exists()
    assert EntrySubmission.objects.count() == len(accepted)
