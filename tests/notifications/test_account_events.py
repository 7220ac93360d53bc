"""The foundation's own events, delivered by a real Celery worker over Redis."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from loti.accounts.models import Organisation, User
from loti.notifications.models import Notification, OutboundEmail
from tests.factories import member_of
from tests.notifications.conftest import wait_until

pytestmark = pytest.mark.celery_worker

INVITATIONS = "/api/organisations/camden-test/invitations/"


def test_invitation_is_emailed_by_the_worker_and_its_acceptance_notifies_the_admins(
    celery_worker: Any,
    api: Callable[[User | None], APIClient],
    alice: User,
    camden: Organisation,
    mailoutbox: list[Any],
) -> None:
    response = api(alice).post(INVITATIONS, {"email": "dana@camden-test.example"})
    assert response.status_code == 201

    wait_until(lambda: len(mailoutbox) == 1, what="the invitation e-mail")
    [invitation_email] = mailoutbox
    assert invitation_email.to == ["dana@camden-test.example"]
    assert invitation_email.subject == "You are invited to join Camden (test) on LOTI Workspace"
    link = re.search(r"http://testserver/invitations/(\S+)/", invitation_email.body)
    assert link, invitation_email.body
    assert link[0] in invitation_email.alternatives[0][0]
    # Account messages cannot be unsubscribed, so they carry no unsubscribe header.
    assert "List-Unsubscribe" not in invitation_email.extra_headers
    # The worker marks the row after the message has left: wait for that too.
    wait_until(
        lambda: OutboundEmail.objects.get().state == OutboundEmail.State.SENT,
        what="the outbox row to be marked sent",
    )

    accepted = api(None).post(
        f"/api/invitations/{link[1]}/accept/",
        {"full_name": "Dana Scully", "password": "a-fresh-and-long-passphrase"},
    )
    assert accepted.status_code == 201

    [notice] = Notification.objects.all()
    assert (notice.recipient, notice.category, notice.read_at) == (alice, "account", None)
    assert notice.title == "Dana Scully joined Camden (test)"
    assert notice.path == "/organisations/camden-test/members/"
    wait_until(lambda: len(mailoutbox) == 2, what="the e-mail to the admin")
    admin_email = mailoutbox[1]
    assert admin_email.to == [alice.email]
    assert admin_email.subject == "Dana Scully joined Camden (test)"
    assert "http://testserver/organisations/camden-test/members/" in admin_email.body
    assert "LOTI Workspace" in admin_email.body


def test_role_change_tells_the_person_in_app_and_by_email(
    celery_worker: Any,
    api: Callable[[User | None], APIClient],
    alice: User,
    bob: User,
    mailoutbox: list[Any],
) -> None:
    response = api(alice).patch(
        f"/api/organisations/camden-test/members/{bob.pk}/", {"role": "admin"}
    )
    assert response.status_code == 200

    [notice] = Notification.objects.all()
    assert (notice.recipient, notice.actor) == (bob, alice)
    assert notice.title == "Your role in Camden (test) is now administrator"
    wait_until(lambda: len(mailoutbox) == 1, what="the role-change e-mail")
    assert mailoutbox[0].to == [bob.email]
    assert "from member to administrator" in mailoutbox[0].body
    assert "http://testserver/account/" in mailoutbox[0].body


def test_nobody_is_told_of_their_own_role_change(
    celery_worker: Any,
    api: Callable[[User | None], APIClient],
    alice: User,
    camden: Organisation,
) -> None:
    member_of(camden, role="admin")  # someone must stay an administrator
    response = api(alice).patch(
        f"/api/organisations/camden-test/members/{alice.pk}/", {"role": "member"}
    )
    assert response.status_code == 200
    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists()
