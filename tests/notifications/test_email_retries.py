"""A failed e-mail is retried with backoff by the worker and, after the last attempt,
marked failed where network administrators can see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from loti.accounts.models import User
from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.outbox import email_backoff, email_send
from tests.conftest import force_login_with_two_factor
from tests.notifications.conftest import wait_until
from tests.notifications.helpers import prefer, project_updated


@pytest.fixture
def quick_retries(settings: Any) -> None:
    settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_EMAIL_RETRY_BACKOFF_SECONDS = 0


def email_for(user: User) -> OutboundEmail:
    prefer(user, Category.PROJECTS, Frequency.IMMEDIATELY)
    project_updated(user)
    return OutboundEmail.objects.get()


@pytest.mark.celery_worker
def test_a_transient_failure_is_retried_until_it_is_sent(
    celery_worker: Any, alice: User, sender: Any, quick_retries: None
) -> None:
    sender.reset(failures=2)

    email = email_for(alice)

    wait_until(lambda: len(sender.sent) == 1, what="the third attempt")
    # The row is marked after the message has left: wait for that too.
    wait_until(lambda: OutboundEmail.objects.filter(state="sent").exists(), what="the mark")
    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error) == ("sent", 3, "")


@pytest.mark.celery_worker
def test_after_the_last_attempt_the_email_is_marked_failed(
    celery_worker: Any, alice: User, sender: Any, quick_retries: None
) -> None:
    sender.reset(failures=99)

    email = email_for(alice)

    wait_until(
        lambda: OutboundEmail.objects.filter(state="failed").exists(), what="the last attempt"
    )
    email.refresh_from_db()
    assert email.attempts == 3
    assert "Gave up after 3 attempts. ConnectionError" in email.last_error
    assert sender.sent == []


def test_a_permanent_refusal_is_not_retried(alice: User, sender: Any) -> None:
    sender.reset(permanent=True)
    email = email_for(alice)

    assert email_send(email_id=email.pk).outcome == "failed"

    email.refresh_from_db()
    assert (email.state, email.attempts) == ("failed", 1)
    assert email.last_error == "The address does not exist."


def test_backoff_doubles_up_to_an_hour(settings: Any) -> None:
    settings.NOTIFICATIONS_EMAIL_RETRY_BACKOFF_SECONDS = 30

    assert [email_backoff(n) for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]


def test_network_admins_see_failed_emails_in_the_admin(
    client: Client, alice: User, network_admin: User, sender: Any
) -> None:
    sender.reset(permanent=True)
    email = email_for(alice)
    email_send(email_id=email.pk)
    network_admin.is_staff = True
    network_admin.save(update_fields=["is_staff"])
    force_login_with_two_factor(client, network_admin)

    failed = client.get("/admin/notifications/outboundemail/?state__exact=failed")
    pending = client.get("/admin/notifications/outboundemail/?state__exact=pending")

    assert failed.status_code == 200
    assert alice.email.encode() in failed.content
    assert alice.email.encode() not in pending.content


def test_staff_who_are_not_network_admins_cannot_see_the_outbox(
    client: Client, alice: User
) -> None:
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(alice)

    assert client.get("/admin/notifications/outboundemail/").status_code == 403


def test_a_network_admin_can_send_a_failed_email_again(
    client: Client, alice: User, network_admin: User, sender: Any
) -> None:
    sender.reset(permanent=True)
    email = email_for(alice)
    email_send(email_id=email.pk)
    network_admin.is_staff = True
    network_admin.save(update_fields=["is_staff"])
    force_login_with_two_factor(client, network_admin)

    response = client.post(
        "/admin/notifications/outboundemail/",
        {"action": "send_again", "_selected_action": [email.pk]},
    )

    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("pending", 0)
    sender.reset()
    assert email_send(email_id=email.pk).outcome == "sent"
