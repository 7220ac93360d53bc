"""A digest task sends its own batch: leased in one statement, then each summary
claimed just before it leaves, in the statement that marks the one before it sent (and
one more statement marks the last), so a worker that dies
mid-batch leaves one summary in doubt and the rest pending; a failure is handled as
for one e-mail; a summary someone else claimed is left alone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loti.notifications.digests import digest_batch_build
from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.outbox import email_batch_send, outbox_sweep
from loti.notifications.senders import OutgoingEmail
from tests.factories import UserFactory
from tests.notifications.helpers import prefer, project_updated

PERIOD = date(2026, 3, 4)

pytestmark = pytest.mark.django_db


def summaries(count: int) -> list[int]:
    people = [UserFactory.create() for _ in range(count)]
    for person in people:
        prefer(person, Category.PROJECTS, Frequency.DAILY)
        project_updated(person, name="Libraries chatbot")
    return digest_batch_build(
        frequency="daily", period=PERIOD, user_ids=[person.pk for person in people]
    )


def queries_to_send(email_ids: list[int]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        result = email_batch_send(email_ids=email_ids)
    assert result.sent == len(email_ids)
    return [query["sql"] for query in captured.captured_queries]


def test_each_summary_costs_one_statement_on_top_of_the_lease_and_the_last_mark(
    sender: Any,
) -> None:
    # UPDATE next_attempt_at WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) (the lease);
    # UPDATE the first to sending; for each later summary, one UPDATE that marks the one
    # before it sent and claims it; UPDATE the last to sent.
    few, many = queries_to_send(summaries(3)), queries_to_send(summaries(30))

    assert (len(few), len(many)) == (2 + 3, 2 + 30), "\n\n".join(many)
    assert len(sender.sent) == 33
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler records anything after it."""


class DyingSender:
    """Accepts two messages; the worker dies while the second is still in its hand."""

    sent: ClassVar[int] = 0

    def send(self, message: OutgoingEmail) -> None:
        type(self).sent += 1
        if type(self).sent == 2:
            raise WorkerKilled


def test_a_worker_dying_mid_batch_leaves_one_summary_in_doubt_and_the_rest_pending(
    settings: Any, publish: list[int]
) -> None:
    ids = summaries(4)
    DyingSender.sent = 0
    settings.NOTIFICATIONS_EMAIL_SENDER = f"{__name__}.DyingSender"

    with pytest.raises(WorkerKilled):
        email_batch_send(email_ids=ids)

    states = dict(OutboundEmail.objects.values_list("pk", "state"))
    assert [states[pk] for pk in ids] == ["sent", "sending", "pending", "pending"]
    # Leased to the dead task: the sweep leaves the rest alone until the lease is over,
    # then marks the one in doubt failed (never sent twice) and hands the rest over.
    assert outbox_sweep().republished == 0
    after_the_lease = timezone.now() + timedelta(
        seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS
        + settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS
        + 1
    )
    result = outbox_sweep(now=after_the_lease)
    assert (result.abandoned, publish) == (1, ids[2:])
    assert OutboundEmail.objects.get(pk=ids[1]).state == "failed"


def test_a_transient_failure_is_retried_later_and_the_rest_are_sent(sender: Any) -> None:
    sender.reset(failures=1)
    first, *rest = summaries(3)

    result = email_batch_send(email_ids=[first, *rest])

    assert (result.sent, result.failed, list(result.retry)) == (2, 0, [first])
    retried = OutboundEmail.objects.get(pk=first)
    assert (retried.state, retried.attempts) == ("pending", 1)
    assert "ConnectionError" in retried.last_error


def test_a_permanent_failure_fails_that_summary_only(sender: Any) -> None:
    sender.reset(permanent=True)

    result = email_batch_send(email_ids=summaries(2))

    assert (result.sent, result.failed) == (0, 2)
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"failed"}


def test_a_summary_already_claimed_elsewhere_is_not_sent_again(sender: Any) -> None:
    claimed, free = summaries(2)
    OutboundEmail.objects.filter(pk=claimed).update(state="sending")

    result = email_batch_send(email_ids=[claimed, free])

    assert result.sent == 1
    assert [m.reference for m in sender.sent] == [f"loti-email-{free}"]
    assert OutboundEmail.objects.get(pk=claimed).state == "sending"
