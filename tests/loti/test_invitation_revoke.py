"""DELETE /api/organisations/{slug}/invitations/{id}/: withdraw an invitation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Invitation, Organisation, User
from loti.audit.models import AuditEvent
from tests.loti.helpers import assert_error


@pytest.fixture
def invitation(alice: User, camden: Organisation) -> Invitation:
    return services.invitation_create(
        acting_user=alice, organisation=camden, email="dana@example.org"
    )


def url(invitation: Invitation) -> str:
    return f"/api/organisations/{invitation.organisation.slug}/invitations/{invitation.pk}/"


def test_admin_revokes_an_invitation(
    api: Callable[[User | None], APIClient], alice: User, invitation: Invitation
):
    response = api(alice).delete(url(invitation))

    assert response.status_code == 204
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert AuditEvent.objects.get(verb="invitation.revoked").actor == alice


def test_revoking_twice_writes_one_audit_row(
    api: Callable[[User | None], APIClient], alice: User, invitation: Invitation
):
    api(alice).delete(url(invitation))

    assert api(alice).delete(url(invitation)).status_code == 204
    assert AuditEvent.objects.filter(verb="invitation.revoked").count() == 1


def test_accepted_invitation_cannot_be_revoked(
    api: Callable[[User | None], APIClient], alice: User, invitation: Invitation
):
    services.invitation_accept(
        token=services.invitation_token(invitation),
        acting_user=None,
        full_name="Dana Scully",
        password="a-long-enough-passphrase",
    )

    assert_error(api(alice).delete(url(invitation)), 409)


def test_member_gets_403(
    api: Callable[[User | None], APIClient], bob: User, invitation: Invitation
):
    assert_error(api(bob).delete(url(invitation)), 403)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_it_checks_ownership(
    api: Callable[[User | None], APIClient], charlie: User, invitation: Invitation
):
    assert_error(api(charlie).delete(url(invitation)), 404)


def test_invitation_of_another_organisation_is_404(
    api: Callable[[User | None], APIClient], charlie: User, invitation: Invitation
):
    # Charlie administers Hackney; the invitation id is Camden's.
    response = api(charlie).delete(f"/api/organisations/hackney-test/invitations/{invitation.pk}/")

    assert_error(response, 404)


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], invitation: Invitation):
    assert_error(api(None).delete(url(invitation)), 401)
