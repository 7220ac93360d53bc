"""A worker killed with SIGKILL in the middle of a digest run, and another started:
everyone still gets exactly one summary for the period.

Deterministic, not timed: the first worker's sender stops after its sixth message
has been accepted (tests.faults.senders), so the run is always at the same point when
the worker dies: the first batch sent, the second half done, three batches queued.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from loti.accounts.models import User
from loti.notifications import outbox
from loti.notifications.digests import digest_period
from loti.notifications.models import Category, DigestItem, DigestRun, Frequency, OutboundEmail
from loti.notifications.outbox import outbox_sweep
from loti.notifications.services import notify
from loti.notifications.tasks import digests_start
from tests.factories import UserFactory
from tests.faults.conftest import Workers, queued, unacknowledged
from tests.faults.senders import sent_lines
from tests.notifications.conftest import wait_until
from tests.notifications.helpers import prefer

pytestmark = pytest.mark.celery_worker

PEOPLE = 20
BATCH = 4  # five batches
PAUSE_AFTER = 6  # the second summary of the second batch


def people_waiting_for_a_summary() -> list[User]:
    people = [UserFactory.create() for _ in range(PEOPLE)]
    for person in people:
        prefer(person, Category.PROJECTS, Frequency.DAILY)
    for name in ("Libraries chatbot", "Parking sensors"):
        notify(
            event="tests.project_updated",
            recipients=people,
            target=None,
            context={"project_name": name, "path": "/projects/1/"},
            category=Category.PROJECTS,
        )
    return people


def digest_states() -> Counter[str]:
    return Counter(OutboundEmail.objects.filter(kind="digest").values_list("state", flat=True))


def test_every_person_gets_exactly_one_summary_when_a_worker_dies_mid_run(
    workers: Workers, sent_log: Path
) -> None:
    people = people_waiting_for_a_summary()
    first = workers.start(
        NOTIFICATIONS_DIGEST_BATCH_SIZE=str(BATCH), LOTI_FAULTS_PAUSE_AFTER=str(PAUSE_AFTER)
    )

    digests_start.delay("daily")

    paused = Path(f"{sent_log}.paused")
    wait_until(paused.exists, timeout=120, what="the first worker to reach its sixth summary")
    # Mid-way: batch 1 sent; batch 2 built, its first summary sent, its second accepted
    # by the provider but not yet marked, the other two not started; batches 3 to 5 queued.
    assert len(sent_lines(sent_log)) == PAUSE_AFTER
    assert digest_states() == {"sent": 5, "sending": 1, "pending": 2}
    assert DigestRun.objects.count() == 2 * BATCH
    assert (queued(), unacknowledged()) == (3, 1)

    first.kill()
    # A short visibility timeout: the second worker takes back the dead worker's task
    # (batch 2) as it starts, instead of an hour later. Run again, it sends nothing twice.
    workers.start(NOTIFICATIONS_DIGEST_BATCH_SIZE=str(BATCH), CELERY_BROKER_VISIBILITY_TIMEOUT="1")

    wait_until(
        lambda: (queued(), unacknowledged()) == (0, 0) and digest_states()["sent"] == PEOPLE - 3,
        timeout=120,
        what="the second worker to send the queued batches and redo the dead one's task",
    )
    # The sweep, as beat runs it every minute, once the dead worker's lease is over.
    lease, grace = (
        settings.NOTIFICATIONS_SENDING_LEASE_SECONDS,
        settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS,
    )
    result = outbox_sweep(now=timezone.now() + timedelta(seconds=lease + grace + 1))
    assert (result.abandoned, result.republished) == (1, 2)
    wait_until(
        lambda: digest_states()["sent"] == PEOPLE - 1,
        timeout=120,
        what="the rest of the second batch",
    )

    addresses = Counter(address for _, address in sent_lines(sent_log))
    assert addresses == Counter({person.email: 1 for person in people})
    period = digest_period(frequency="daily")
    assert DigestRun.objects.filter(period=period).count() == PEOPLE
    # The summary in the dead worker's hand went out, but nothing recorded it: it is
    # not sent again, and its items are given to the person's next summary.
    in_doubt = OutboundEmail.objects.get(state="failed")
    assert in_doubt.last_error == outbox.INTERRUPTED_DIGEST
    assert sent_lines(sent_log)[PAUSE_AFTER - 1][0] == f"loti-email-{in_doubt.pk}"
    assert set(DigestItem.objects.filter(digest_run__isnull=True).values_list("user_id")) == {
        (in_doubt.recipient_id,)
    }
