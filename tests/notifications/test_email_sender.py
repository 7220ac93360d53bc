"""The sender is a setting: a GOV.UK Notify sender plugs in the way this one does."""

from __future__ import annotations

from typing import Any

from loti.accounts.models import User
from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.outbox import outbox_send_pending
from tests.notifications.helpers import prefer, project_updated


def test_the_configured_sender_gets_the_whole_message(alice: User, sender: Any) -> None:
    prefer(alice, Category.PROJECTS, Frequency.IMMEDIATELY)
    project_updated(alice, message="The discovery report is up.")

    outbox_send_pending()

    [message] = sender.sent
    email = OutboundEmail.objects.get()
    assert message.reference == f"loti-email-{email.pk}"
    assert (message.to, message.subject) == (alice.email, "Libraries chatbot was updated")
    assert "The discovery report is up." in message.body_text
    assert "The discovery report is up." in message.body_html
    assert (message.category, message.event) == ("projects", "tests.project_updated")
    assert message.unsubscribe_url == email.unsubscribe_url != ""
    assert message.headers["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"


def test_the_default_sender_uses_the_django_backend_with_both_bodies(
    alice: User, mailoutbox: list[Any]
) -> None:
    prefer(alice, Category.PROJECTS, Frequency.IMMEDIATELY)
    project_updated(alice)

    assert outbox_send_pending() == 1

    [message] = mailoutbox
    assert message.to == [alice.email]
    assert message.body.startswith("Libraries chatbot was updated")
    assert message.alternatives[0][1] == "text/html"
    assert OutboundEmail.objects.get().state == "sent"
