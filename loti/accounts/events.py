"""What people are told when their access changes. Each function is called inside the
service's transaction; notify writes the notices and outbox e-mails in it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from loti.accounts.models import Invitation, Membership, User
from loti.accounts.selectors import organisation_admins
from loti.notifications.models import Category
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify

INVITATION_SENT = event_register(
    EventType(
        name="accounts.invitation_sent",
        title="You are invited to join {{ invitation.organisation.name }} on {{ service_name }}",
        text_template="accounts/email/invitation.txt",
        html_template="accounts/email/invitation.html",
    )
)
INVITATION_ACCEPTED = event_register(
    EventType(
        name="accounts.invitation_accepted",
        title="{{ membership.user.full_name }} joined {{ membership.organisation.name }}",
        text_template="notifications/email/invitation_accepted.txt",
        html_template="notifications/email/invitation_accepted.html",
    )
)
MEMBERSHIP_ROLE_CHANGED = event_register(
    EventType(
        name="accounts.membership_role_changed",
        title="Your role in {{ membership.organisation.name }} is now {{ role_label|lower }}",
        text_template="notifications/email/membership_role_changed.txt",
        html_template="notifications/email/membership_role_changed.html",
    )
)


def invitation_link(invitation: Invitation) -> str:
    from loti.accounts.services import invitation_token

    path = reverse("frontend:invitation-accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def invitation_sent(*, invitation: Invitation) -> None:
    """E-mail the invitee, who may have no account yet: to the address, not a person."""
    notify(
        event=INVITATION_SENT.name,
        recipients=[],
        addresses=[invitation.email],
        target=invitation,
        context={"invitation": invitation, "link": invitation_link(invitation)},
        category=Category.ACCOUNT,
        actor=invitation.invited_by,
    )


def invitation_accepted(*, membership: Membership) -> None:
    """Tell the organisation's administrators who has joined."""
    notify(
        event=INVITATION_ACCEPTED.name,
        recipients=organisation_admins(organisation=membership.organisation),
        target=membership,
        context={
            "membership": membership,
            "path": reverse(
                "frontend:organisation-members", kwargs={"slug": membership.organisation.slug}
            ),
        },
        category=Category.ACCOUNT,
        actor=membership.user,
    )


def membership_role_changed(*, membership: Membership, acting_user: User, previous: str) -> None:
    """Tell the person whose role changed (unless they changed it themselves)."""
    notify(
        event=MEMBERSHIP_ROLE_CHANGED.name,
        recipients=[membership.user],
        target=membership,
        context={
            "membership": membership,
            "previous_label": Membership.Role(previous).label,
            "role_label": Membership.Role(membership.role).label,
            "path": reverse("frontend:account"),
        },
        category=Category.ACCOUNT,
        actor=acting_user,
    )


# Registered where they are sent from; imported here so every process knows them.
from loti.accounts import privacy_events  # noqa: E402, F401
