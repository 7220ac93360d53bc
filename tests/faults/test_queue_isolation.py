"""A digest run never delays someone's immediate e-mail: with the queues split as the
Procfile splits them (one worker on "digests", another on "notifications,default"), a
bid receipt is sent while the digest worker is busy in the middle of a long run.

Real worker processes on a private Redis. Deterministic, not timed: the digest worker's
sender stops for good after its second summary (tests.faults.senders), so the run is
still busy, with batches waiting behind it, for as long as the test needs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loti.accounts.models import Organisation, User
from loti.notifications.models import OutboundEmail
from loti.notifications.tasks import digests_start
from procurement import services
from procurement.cpv import cpv_codes_load
from procurement.models import CpvCode
from tests.faults.conftest import Workers, queued
from tests.faults.senders import sent_lines
from tests.faults.test_worker_killed_mid_digest import digest_states, people_waiting_for_a_summary
from tests.notifications.conftest import wait_until
from tests.procurement.helpers import RESPONSES, make_tender, publish

pytestmark = pytest.mark.celery_worker


def test_a_bid_receipt_is_sent_while_a_long_digest_run_is_busy(
    workers: Workers,
    sent_log: Path,
    alice: User,
    camden: Organisation,
    supplier_user: User,
    acme: Organisation,
) -> None:
    if not CpvCode.objects.exists():  # a transactional test's flush empties the table
        cpv_codes_load(CpvCode)
    people_waiting_for_a_summary()  # 20 people: five batches of four
    digests = workers.start(
        queues="digests", NOTIFICATIONS_DIGEST_BATCH_SIZE="4", LOTI_FAULTS_PAUSE_AFTER="2"
    )
    workers.start(queues="notifications,default")
    digests_start.delay("daily")
    wait_until(
        Path(f"{sent_log}.paused").exists, timeout=120, what="the digest run to be under way"
    )

    tender = publish(alice, make_tender(alice, camden))
    bid = services.bid_create(
        acting_user=supplier_user,
        tender=tender,
        supplier=acme,
        price=Decimal(45_000),
        responses=RESPONSES,
    )
    services.bid_submit(acting_user=supplier_user, bid=bid)

    receipt = OutboundEmail.objects.get(event="procurement.bid_receipt")
    wait_until(
        lambda: OutboundEmail.objects.get(pk=receipt.pk).state == "sent",
        timeout=60,
        what="the bid receipt to be sent",
    )
    assert (f"loti-email-{receipt.pk}", supplier_user.email) in sent_lines(sent_log)
    # ...while the digest run is still busy: its worker holds a summary mid-send, and
    # the rest of the run's batches wait on the digests queue behind it.
    assert digests.process.poll() is None
    assert digest_states()["sending"] == 1
    assert queued() >= 3
    digests.kill()
