"""One-click unsubscribe: works signed out, cannot be forged, cannot touch another person."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from loti.accounts.models import Membership, User
from loti.accounts.services import INVITATION_SALT, membership_role_change
from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.outbox import outbox_send_pending
from loti.notifications.selectors import preferences_of
from loti.notifications.tokens import UNSUBSCRIBE_SALT, unsubscribe_token, unsubscribe_url
from tests.notifications.helpers import prefer, project_updated


def path_of(token: str) -> str:
    return f"/notifications/unsubscribe/{token}/"


@pytest.fixture
def csrf_client() -> Client:
    """A signed-out client that, like a mail client, sends no CSRF token."""
    return Client(enforce_csrf_checks=True)


def test_every_email_carries_a_one_click_link_that_works_signed_out(
    alice: User, mailoutbox: list[Any], csrf_client: Client
) -> None:
    prefer(alice, Category.PROJECTS, Frequency.IMMEDIATELY)
    project_updated(alice)
    outbox_send_pending()

    [message] = mailoutbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>")
    assert link in message.body
    assert link in message.alternatives[0][0]
    path = link.removeprefix("http://testserver")

    page = csrf_client.get(path)
    assert page.status_code == 200
    assert b"Stop e-mails about projects and playbooks?" in page.content
    assert preferences_of(user=alice)[Category.PROJECTS] == Frequency.IMMEDIATELY

    # What Gmail or Outlook sends: a bare POST with the RFC 8058 body, no cookie.
    response = csrf_client.post(path, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    assert preferences_of(user=alice)[Category.PROJECTS] == Frequency.OFF


def test_the_confirm_page_form_unsubscribes(alice: User, csrf_client: Client) -> None:
    token = unsubscribe_token(user_id=alice.pk, categories=[Category.TENDERS])

    response = csrf_client.post(path_of(token))

    assert response.status_code == 200
    assert b"You have unsubscribed" in response.content
    assert preferences_of(user=alice)[Category.TENDERS] == Frequency.OFF


def test_a_tampered_token_is_refused(alice: User, csrf_client: Client) -> None:
    token = unsubscribe_token(user_id=alice.pk, categories=[Category.PROJECTS])
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    assert csrf_client.get(path_of(tampered)).status_code == 400
    response = csrf_client.post(path_of(tampered))

    assert response.status_code == 400
    assert b"This unsubscribe link is not valid." in response.content
    assert preferences_of(user=alice)[Category.PROJECTS] == Frequency.DAILY


def test_a_token_cannot_be_rewritten_to_name_another_person(
    alice: User, bob: User, csrf_client: Client
) -> None:
    token = unsubscribe_token(user_id=alice.pk, categories=[Category.PROJECTS])
    _, timestamp, signature = token.rsplit(":", 2)
    forged_payload = (
        base64.urlsafe_b64encode(
            zlib.compress(json.dumps({"u": bob.pk, "c": ["projects"]}).encode())
        )
        .decode()
        .rstrip("=")
    )
    forged = f".{forged_payload}:{timestamp}:{signature}"

    response = csrf_client.post(path_of(forged))

    assert response.status_code == 400
    assert preferences_of(user=bob)[Category.PROJECTS] == Frequency.DAILY
    assert preferences_of(user=alice)[Category.PROJECTS] == Frequency.DAILY


def test_a_token_signed_for_something_else_is_refused(bob: User, csrf_client: Client) -> None:
    invitation_like = signing.dumps({"u": bob.pk, "c": ["projects"]}, salt=INVITATION_SALT)

    assert csrf_client.post(path_of(invitation_like)).status_code == 400
    assert preferences_of(user=bob)[Category.PROJECTS] == Frequency.DAILY


def test_a_link_only_ever_acts_for_the_person_it_names(
    alice: User, bob: User, client: Client
) -> None:
    client.force_login(bob)  # bob opens alice's link while signed in as himself

    client.post(path_of(unsubscribe_token(user_id=alice.pk, categories=[Category.PROJECTS])))

    assert preferences_of(user=alice)[Category.PROJECTS] == Frequency.OFF
    assert preferences_of(user=bob)[Category.PROJECTS] == Frequency.DAILY


def test_account_emails_cannot_be_unsubscribed(alice: User, csrf_client: Client) -> None:
    with pytest.raises(ValueError, match="Only projects"):
        unsubscribe_url(user_id=alice.pk, categories=[Category.ACCOUNT])
    signed = signing.dumps({"u": alice.pk, "c": ["account"]}, salt=UNSUBSCRIBE_SALT)

    assert csrf_client.post(path_of(signed)).status_code == 400
    assert preferences_of(user=alice)[Category.ACCOUNT] == Frequency.IMMEDIATELY


def test_an_account_email_has_no_unsubscribe_link(alice: User, bob: User) -> None:
    membership_role_change(
        acting_user=alice, membership=Membership.objects.get(user=bob), role="admin"
    )

    email = OutboundEmail.objects.get()
    assert (email.category, email.unsubscribe_url) == ("account", "")
    assert "unsubscribe" not in email.body_text.lower()
