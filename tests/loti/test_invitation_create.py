"""POST /api/organisations/{slug}/invitations/: an administrator invites by e-mail."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core import mail
from django.urls import resolve
from rest_framework.test import APIClient

from loti.accounts.events import invitation_link
from loti.accounts.models import Invitation, Organisation, User
from loti.audit.models import AuditEvent
from tests.loti.helpers import assert_error

URL = "/api/organisations/camden-test/invitations/"
NEW = {"email": "Dana@Camden-Test.example", "role": "member"}


def test_admin_invites_a_person(api: Callable[[User | None], APIClient], alice: User):
    response = api(alice).post(URL, NEW)

    assert response.status_code == 201, response.content
    invitation = Invitation.objects.get()
    body = response.json()
    assert body["id"] == invitation.pk
    assert (body["email"], body["role"], body["status"]) == (
        "dana@camden-test.example",
        "member",
        "pending",
    )
    assert (body["organisation"], body["invited_by"]) == ("camden-test", alice.email)
    assert invitation.invited_by == alice
    event = AuditEvent.objects.get(verb="invitation.created")
    assert (event.actor, event.target_id) == (alice, str(invitation.pk))
    assert event.detail == {"email": "dana@camden-test.example", "role": "member"}


def test_invitation_link_opens_the_invitation(api: Callable[[User | None], APIClient], alice: User):
    api(alice).post(URL, NEW)

    link = invitation_link(Invitation.objects.get())

    match = re.fullmatch(r"http://testserver(/invitations/([^/]+)/)", link)
    assert match, link
    assert resolve(match[1]).view_name == "frontend:invitation-accept"
    preview = api(None).get(f"/api/invitations/{match[2]}/")
    assert preview.status_code == 200
    assert preview.json()["email"] == "dana@camden-test.example"


def test_admin_may_invite_another_admin(api: Callable[[User | None], APIClient], alice: User):
    response = api(alice).post(URL, {"email": "eve@camden-test.example", "role": "admin"})

    assert response.status_code == 201
    assert Invitation.objects.get().role == "admin"


def test_network_admin_may_invite(
    api: Callable[[User | None], APIClient], network_admin: User, camden: Organisation
):
    assert api(network_admin).post(URL, NEW).status_code == 201


def test_member_gets_403(api: Callable[[User | None], APIClient], bob: User):
    assert_error(api(bob).post(URL, NEW), 403)
    assert not Invitation.objects.exists()


def test_it_checks_ownership(
    api: Callable[[User | None], APIClient], charlie: User, camden: Organisation
):
    assert_error(api(charlie).post(URL, NEW), 404)
    assert not Invitation.objects.exists()


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], camden: Organisation):
    assert_error(api(None).post(URL, NEW), 401)


def test_inviting_again_replaces_the_open_invitation(
    api: Callable[[User | None], APIClient], alice: User
):
    first = api(alice).post(URL, NEW).json()

    second = api(alice).post(URL, {**NEW, "email": "dana@camden-test.example"})

    assert second.status_code == 201
    statuses = dict(Invitation.objects.values_list("pk", "revoked_at"))
    assert statuses[first["id"]] is not None
    assert statuses[second.json()["id"]] is None


def test_inviting_an_existing_member_is_409_naming_email(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    assert_error(api(alice).post(URL, {"email": bob.email.upper()}), 409, "email")
    assert not Invitation.objects.exists()


def test_bad_email_is_400_naming_email(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).post(URL, {"email": "not-an-address"}), 400, "email")


def test_unknown_role_is_400_naming_role(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).post(URL, {**NEW, "role": "owner"}), 400, "role")


def test_nothing_is_sent_when_the_invitation_is_refused(
    api: Callable[[User | None], APIClient],
    alice: User,
    bob: User,
    django_capture_on_commit_callbacks: Any,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        api(alice).post(URL, {"email": bob.email})

    assert callbacks == []
    assert mail.outbox == []
