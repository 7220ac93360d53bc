"""POST /api/invitations/{token}/accept/: join an organisation from an invitation."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Invitation, Membership, Organisation, User
from loti.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.loti.helpers import assert_error

EMAIL = "dana@example.org"
NEW_ACCOUNT = {"full_name": "Dana Scully", "password": "a-long-enough-passphrase"}


@pytest.fixture
def invitation(alice: User, camden: Organisation) -> Invitation:
    return services.invitation_create(acting_user=alice, organisation=camden, email=EMAIL)


def url(invitation: Invitation) -> str:
    return f"/api/invitations/{services.invitation_token(invitation)}/accept/"


def test_new_person_accepts_by_creating_an_account(
    api: Callable[[User | None], APIClient], invitation: Invitation, camden: Organisation
):
    response = api(None).post(url(invitation), NEW_ACCOUNT)

    assert response.status_code == 201, response.content
    assert response.json()["organisation"]["slug"] == "camden-test"
    assert response.json()["role"] == "member"
    user = User.objects.get(email=EMAIL)
    assert user.full_name == "Dana Scully"
    assert user.check_password(NEW_ACCOUNT["password"])
    assert Membership.objects.active().filter(user=user, organisation=camden).exists()
    assert user.groups.filter(pk=camden.group_id).exists()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", user)
    event = AuditEvent.objects.get(verb="invitation.accepted")
    assert (event.actor, event.target_id) == (user, str(invitation.pk))


def test_new_account_can_sign_in_to_the_api(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    api(None).post(url(invitation), NEW_ACCOUNT)

    response = APIClient().post(
        "/api/auth/token/", {"username": EMAIL, "password": NEW_ACCOUNT["password"]}
    )

    assert response.status_code == 200


def test_invited_person_accepts_while_signed_in(
    api: Callable[[User | None], APIClient], invitation: Invitation, camden: Organisation
):
    dana = UserFactory.create(email=EMAIL)

    response = api(dana).post(url(invitation), {})

    assert response.status_code == 201, response.content
    assert Membership.objects.active().filter(user=dana, organisation=camden).exists()
    assert User.objects.filter(email=EMAIL).count() == 1


def test_someone_else_signed_in_gets_403_naming_token(
    api: Callable[[User | None], APIClient], invitation: Invitation, charlie: User
):
    assert_error(api(charlie).post(url(invitation), {}), 403, "token")
    assert not Membership.objects.filter(user=charlie, organisation__slug="camden-test").exists()


def test_existing_account_must_sign_in_to_accept(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    UserFactory.create(email=EMAIL)

    assert_error(api(None).post(url(invitation), NEW_ACCOUNT), 403, "token")
    assert User.objects.get(email=EMAIL).check_password(PASSWORD)


def test_used_token_is_409(api: Callable[[User | None], APIClient], invitation: Invitation):
    api(None).post(url(invitation), NEW_ACCOUNT)
    dana = User.objects.get(email=EMAIL)

    assert_error(api(dana).post(url(invitation), {}), 409, "token")
    assert Membership.objects.filter(user=dana).count() == 1


def test_revoked_invitation_is_410(
    api: Callable[[User | None], APIClient], alice: User, invitation: Invitation
):
    services.invitation_revoke(acting_user=alice, invitation=invitation)

    assert_error(api(None).post(url(invitation), NEW_ACCOUNT), 410, "token")
    assert not User.objects.filter(email=EMAIL).exists()


def test_replaced_invitation_is_410(
    api: Callable[[User | None], APIClient],
    alice: User,
    camden: Organisation,
    invitation: Invitation,
):
    services.invitation_create(acting_user=alice, organisation=camden, email=EMAIL)

    assert_error(api(None).post(url(invitation), NEW_ACCOUNT), 410, "token")


def test_expired_invitation_is_410(api: Callable[[User | None], APIClient], invitation: Invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert_error(api(None).post(url(invitation), NEW_ACCOUNT), 410, "token")
    assert not User.objects.filter(email=EMAIL).exists()


def test_link_signed_longer_ago_than_the_limit_is_410(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    fifteen_days_ago = time.time() - 15 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=fifteen_days_ago):
        token = services.invitation_token(invitation)

    response = api(None).post(f"/api/invitations/{token}/accept/", NEW_ACCOUNT)

    assert_error(response, 410, "token")
    assert not User.objects.filter(email=EMAIL).exists()


@override_settings(INVITATION_MAX_AGE_DAYS=0)
def test_link_is_gone_once_the_signed_age_limit_passes(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    assert_error(api(None).post(url(invitation), NEW_ACCOUNT), 410, "token")


def test_tampered_token_is_400_naming_token(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    token = services.invitation_token(invitation)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = api(None).post(f"/api/invitations/{tampered}/accept/", NEW_ACCOUNT)

    assert_error(response, 400, "token")
    assert not User.objects.filter(email=EMAIL).exists()


def test_weak_password_is_400_naming_password_and_creates_nothing(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    response = api(None).post(url(invitation), {"full_name": "Dana Scully", "password": "12345"})

    assert_error(response, 400, "password")
    assert not User.objects.filter(email=EMAIL).exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not AuditEvent.objects.filter(verb="invitation.accepted").exists()


def test_missing_name_is_400_naming_full_name(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    response = api(None).post(url(invitation), {"password": NEW_ACCOUNT["password"]})

    assert_error(response, 400, "full_name")
    assert not User.objects.filter(email=EMAIL).exists()


def test_existing_member_accepting_is_409(
    api: Callable[[User | None], APIClient], invitation: Invitation, camden: Organisation
):
    dana = UserFactory.create(email=EMAIL)
    Membership.objects.create(user=dana, organisation=camden)

    assert_error(api(dana).post(url(invitation), {}), 409)
    invitation.refresh_from_db()
    assert invitation.status == "pending"
