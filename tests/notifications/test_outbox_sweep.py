"""The sweep: what it hands to the broker again, and how it recovers dead workers' claims."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from loti.accounts.models import User
from loti.notifications import outbox
from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.outbox import email_send, outbox_sweep
from tests.notifications.helpers import prefer, project_updated


@pytest.fixture
def email(alice: User) -> OutboundEmail:
    prefer(alice, Category.PROJECTS, Frequency.IMMEDIATELY)
    project_updated(alice)
    return OutboundEmail.objects.get()


def ago(seconds: float) -> Any:
    return timezone.now() - timedelta(seconds=seconds)


def test_fresh_rows_are_left_to_their_own_task(email: OutboundEmail, publish: list[int]) -> None:
    assert outbox_sweep().republished == 0
    assert publish == []


def test_a_row_left_pending_is_handed_over_once(
    email: OutboundEmail, publish: list[int], settings: Any
) -> None:
    OutboundEmail.objects.update(
        next_attempt_at=ago(settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS + 1)
    )

    outbox_sweep()
    outbox_sweep()  # the next minute: the row is queued already, so not again

    assert publish == [email.pk]
    email.refresh_from_db()
    assert email.state == "pending"
    assert email.next_attempt_at > timezone.now()


def test_a_row_in_retry_backoff_is_not_swept_early(
    email: OutboundEmail, publish: list[int]
) -> None:
    OutboundEmail.objects.update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    outbox_sweep()

    assert publish == []


def test_an_immediate_email_claimed_by_a_dead_worker_is_sent_again(
    email: OutboundEmail, publish: list[int], settings: Any, sender: Any
) -> None:
    lease = settings.NOTIFICATIONS_SENDING_LEASE_SECONDS
    OutboundEmail.objects.update(state="sending", claimed_at=ago(lease + 1), attempts=1)

    result = outbox_sweep()

    assert (result.recovered, publish) == (1, [email.pk])
    assert email_send(email_id=email.pk).outcome == "sent"
    assert len(sender.sent) == 1


def test_a_live_claim_is_left_alone(email: OutboundEmail, publish: list[int]) -> None:
    OutboundEmail.objects.update(state="sending", claimed_at=ago(5), attempts=1)

    outbox_sweep()

    assert publish == []
    assert OutboundEmail.objects.get().state == "sending"


def test_a_claimed_email_is_not_sent_by_a_second_task(email: OutboundEmail, sender: Any) -> None:
    OutboundEmail.objects.update(state="sending", claimed_at=timezone.now(), attempts=1)

    assert email_send(email_id=email.pk).outcome == "skipped"
    assert sender.sent == []


def test_a_deleted_email_is_skipped(sender: Any, db: None) -> None:
    assert email_send(email_id=123456789).outcome == "skipped"


def test_rows_the_broker_refused_during_the_sweep_stay_due(
    email: OutboundEmail, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    OutboundEmail.objects.update(
        next_attempt_at=ago(settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS + 1)
    )
    monkeypatch.setattr(outbox, "outbox_publish", lambda ids: 0)

    assert outbox_sweep().republished == 0

    assert OutboundEmail.objects.get().next_attempt_at <= timezone.now()
