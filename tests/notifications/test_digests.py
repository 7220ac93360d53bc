"""Daily and weekly summaries: gathered per category, never empty, one per period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.html import escape

from loti.accounts.models import User
from loti.notifications import outbox
from loti.notifications.digests import digest_batch_build, digest_period, digests_schedule
from loti.notifications.models import Category, DigestItem, DigestRun, Frequency, OutboundEmail
from loti.notifications.outbox import email_send, outbox_send_pending, outbox_sweep
from loti.notifications.services import notify
from loti.notifications.tasks import digest_batch_send, digests_start
from tests.factories import UserFactory
from tests.notifications.conftest import wait_for_idle_worker, wait_until
from tests.notifications.helpers import prefer, project_updated

TODAY = date(2026, 3, 4)
TOMORROW = TODAY + timedelta(days=1)


def daily(user: User, *names: str) -> None:
    """The person takes projects daily, and these projects were updated."""
    prefer(user, Category.PROJECTS, Frequency.DAILY)
    for name in names:
        project_updated(user, name=name)


def test_a_summary_gathers_the_pending_items_by_category(alice: User) -> None:
    daily(alice, "Libraries chatbot", "Parking sensors")

    [email_id] = digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk])

    email = OutboundEmail.objects.get(pk=email_id)
    assert (email.kind, email.to_address, email.category) == ("digest", alice.email, "projects")
    assert email.recipient_id == alice.pk
    assert email.subject == "Your daily summary from LOTI Workspace: 2 updates"
    assert email.body_text.startswith(f"Hello {alice.full_name},")
    assert f"<p>Hello {escape(alice.full_name)},</p>" in email.body_html
    assert "Projects and playbooks" in email.body_text
    assert "* Libraries chatbot was updated" in email.body_text
    assert "http://testserver/projects/1/" in email.body_text
    assert ">Parking sensors was updated</a>" in email.body_html
    assert email.unsubscribe_url.startswith("http://testserver/notifications/unsubscribe/")
    run = DigestRun.objects.get()
    assert (run.user, run.frequency, run.period) == (alice, "daily", TODAY)
    assert DigestItem.objects.filter(digest_run=run).count() == 2


def test_a_summary_is_never_empty(alice: User, bob: User) -> None:
    daily(alice, "Libraries chatbot")
    prefer(bob, Category.PROJECTS, Frequency.DAILY)

    built = digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk, bob.pk])

    assert list(OutboundEmail.objects.values_list("to_address", flat=True)) == [alice.email]
    assert len(built) == 1
    assert not DigestRun.objects.filter(user=bob).exists()


def test_building_twice_for_the_same_period_writes_one_summary(alice: User) -> None:
    daily(alice, "Libraries chatbot")

    first = digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk])
    project_updated(alice, name="Arrived after the summary")
    second = digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk])

    assert (len(first), second) == (1, [])
    assert OutboundEmail.objects.count() == 1
    # The late item is not lost: it waits for the next period.
    [next_id] = digest_batch_build(frequency="daily", period=TOMORROW, user_ids=[alice.pk])
    next_summary = OutboundEmail.objects.get(pk=next_id)
    assert "Arrived after the summary" in next_summary.body_text
    assert "Libraries chatbot" not in next_summary.body_text


def test_daily_and_weekly_summaries_are_separate(alice: User) -> None:
    daily(alice, "Libraries chatbot")
    prefer(alice, Category.CHALLENGES, Frequency.WEEKLY)
    notify(
        event="tests.project_updated",
        recipients=[alice],
        target=None,
        context={"project_name": "Air quality challenge"},
        category=Category.CHALLENGES,
    )

    assert len(digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk])) == 1
    [weekly_id] = digest_batch_build(frequency="weekly", period=TODAY, user_ids=[alice.pk])
    assert "Air quality challenge" in OutboundEmail.objects.get(pk=weekly_id).body_text


def test_a_summary_interrupted_mid_send_is_not_sent_again_in_its_period(
    alice: User, sender: Any, settings: Any, publish: list[int]
) -> None:
    daily(alice, "Libraries chatbot")
    [email_id] = digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk])
    # A worker claimed it, (maybe) sent it and died before marking it sent.
    long_ago = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS + 1)
    OutboundEmail.objects.filter(pk=email_id).update(
        state="sending", claimed_at=long_ago, attempts=1
    )

    result = outbox_sweep()

    email = OutboundEmail.objects.get(pk=email_id)
    assert (email.state, email.last_error) == ("failed", outbox.INTERRUPTED_DIGEST)
    assert (result.abandoned, publish) == (1, [])
    assert email_send(email_id=email_id).outcome == "skipped"
    assert digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk]) == []
    assert outbox_send_pending() == 0
    assert sender.sent == []
    # Its item was given back, so the next period's summary carries it.
    [next_id] = digest_batch_build(frequency="daily", period=TOMORROW, user_ids=[alice.pk])
    assert "Libraries chatbot" in OutboundEmail.objects.get(pk=next_id).body_text


def test_a_failed_summary_gives_its_items_to_the_next_one(alice: User, sender: Any) -> None:
    sender.reset(permanent=True)
    daily(alice, "Libraries chatbot")
    [email_id] = digest_batch_build(frequency="daily", period=TODAY, user_ids=[alice.pk])

    assert email_send(email_id=email_id).outcome == "failed"

    assert OutboundEmail.objects.get(pk=email_id).state == "failed"
    assert DigestItem.objects.get().digest_run is None
    sender.reset()
    [next_id] = digest_batch_build(frequency="daily", period=TOMORROW, user_ids=[alice.pk])
    assert email_send(email_id=next_id).outcome == "sent"
    assert [m.subject for m in sender.sent] == ["Your daily summary from LOTI Workspace: 1 update"]


def test_periods_are_london_dates_and_weeks_start_on_monday() -> None:
    # 23:30 UTC on Sunday 28 June 2026 is 00:30 on Monday 29 June in London (BST).
    late_sunday_utc = datetime(2026, 6, 28, 23, 30, tzinfo=UTC)

    assert digest_period(frequency="daily", now=late_sunday_utc) == date(2026, 6, 29)
    assert digest_period(frequency="weekly", now=late_sunday_utc) == date(2026, 6, 29)
    assert digest_period(frequency="weekly", now=datetime(2026, 7, 4, 12, tzinfo=UTC)) == date(
        2026, 6, 29
    )


def test_scheduling_queues_fixed_size_batches_of_people_still_waiting(
    alice: User, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NOTIFICATIONS_DIGEST_BATCH_SIZE = 2
    people = [UserFactory.create() for _ in range(5)]
    for person in people:
        daily(person, "Libraries chatbot")
    daily(alice, "Libraries chatbot")
    period = digest_period(frequency="daily")
    digest_batch_build(frequency="daily", period=period, user_ids=[alice.pk])
    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(digest_batch_send, "apply_async", lambda args: queued.append(args))

    assert digests_schedule(frequency="daily") == 3

    assert [len(user_ids) for _, _, user_ids in queued] == [2, 2, 1]
    assert sorted(pk for _, _, ids in queued for pk in ids) == sorted(p.pk for p in people)
    assert {(f, p) for f, p, _ in queued} == {("daily", period.isoformat())}


@pytest.mark.celery_worker
def test_running_the_digest_task_twice_for_a_period_sends_one_email(
    celery_worker: Any, alice: User, mailoutbox: list[Any]
) -> None:
    daily(alice, "Libraries chatbot", "Parking sensors")
    period = digest_period(frequency="daily").isoformat()

    digests_start.delay("daily")
    digests_start.delay("daily")
    digest_batch_send.delay("daily", period, [alice.pk])  # a duplicated batch, too
    wait_until(lambda: len(mailoutbox) == 1, what="the summary")
    wait_for_idle_worker()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Your daily summary from LOTI Workspace: 2 updates"
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DigestRun.objects.count() == 1
    assert OutboundEmail.objects.get().state == "sent"
