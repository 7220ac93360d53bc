"""A digest task sends its own batch: claimed in one statement, sent, marked in one
statement, so 30 summaries cost the queries 3 do; a failure is handled as for one
e-mail; a summary someone else claimed is left alone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.notifications.digests import digest_batch_build
from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.outbox import email_batch_send
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


def queries_to_send(email_ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = email_batch_send(email_ids=email_ids)
    assert result.sent == len(email_ids)
    return len(captured.captured_queries)


def test_sending_30_summaries_costs_what_sending_3_does(sender: Any) -> None:
    # SAVEPOINT, SELECT ... FOR UPDATE SKIP LOCKED, UPDATE to sending, RELEASE,
    # UPDATE to sent.
    assert queries_to_send(summaries(3)) == queries_to_send(summaries(30)) == 5
    assert len(sender.sent) == 33
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}


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
