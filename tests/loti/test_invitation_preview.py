"""GET /api/invitations/{token}/: what a link invites its holder to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Invitation, Organisation, User
from tests.factories import UserFactory
from tests.loti.helpers import assert_error


@pytest.fixture
def invitation(alice: User, camden: Organisation) -> Invitation:
    return services.invitation_create(
        acting_user=alice, organisation=camden, email="dana@example.org", role="admin"
    )


def url(invitation: Invitation) -> str:
    return f"/api/invitations/{services.invitation_token(invitation)}/"


def test_anyone_holding_the_link_sees_the_invitation(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    response = api(None).get(url(invitation))

    assert response.status_code == 200
    body = response.json()
    assert body["organisation"]["slug"] == "camden-test"
    assert (body["email"], body["role"], body["status"]) == ("dana@example.org", "admin", "pending")
    assert body["account_exists"] is False


def test_it_says_when_the_account_exists(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    UserFactory.create(email="dana@example.org")

    assert api(None).get(url(invitation)).json()["account_exists"] is True


def test_it_shows_a_revoked_invitation_as_revoked(
    api: Callable[[User | None], APIClient], alice: User, invitation: Invitation
):
    services.invitation_revoke(acting_user=alice, invitation=invitation)

    assert api(None).get(url(invitation)).json()["status"] == "revoked"


def test_it_shows_an_expired_invitation_as_expired(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    assert api(None).get(url(invitation)).json()["status"] == "expired"


def test_tampered_token_is_400_naming_token(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    token = services.invitation_token(invitation)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert_error(api(None).get(f"/api/invitations/{tampered}/"), 400, "token")


def test_token_of_a_deleted_invitation_is_400_naming_token(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    link = url(invitation)
    invitation.delete()

    assert_error(api(None).get(link), 400, "token")


@override_settings(INVITATION_MAX_AGE_DAYS=0)
def test_link_past_its_signed_age_is_410_naming_token(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    assert_error(api(None).get(url(invitation)), 410, "token")


def test_invitation_link_is_not_reachable_without_a_token(
    api: Callable[[User | None], APIClient], invitation: Invitation
):
    assert_error(api(None).get(f"/api/invitations/{invitation.pk}/"), 400, "token")
