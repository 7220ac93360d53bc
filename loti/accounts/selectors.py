from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from django.db.models import Prefetch, QuerySet

from loti.accounts.models import Invitation, Membership, Organisation, User


def organisations_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    """The directory of organisations: names and kinds are not secret."""
    organisations = Organisation.objects.all()
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


def memberships_of_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user).select_related("organisation")


def members_of_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "id")
    )


def organisation_admins(*, organisation: Organisation) -> QuerySet[User]:
    """The people administering the organisation now."""
    return User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation=organisation, role=Membership.Role.ADMIN)
        .values("user_id")
    )


def invitations_of_organisation(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related(
        "invited_by", "organisation"
    )


def user_with_memberships(*, user: User) -> User:
    return User.objects.prefetch_related(
        Prefetch(
            "memberships", queryset=memberships_of_user(user=user), to_attr="active_memberships"
        )
    ).get(pk=user.pk)


def account_exists(*, email: str) -> bool:
    """Whether someone has signed up with this address (stored lower-cased)."""
    return User.objects.filter(email=email.strip().lower()).exists()


def active_user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email=email.strip().lower(), is_active=True).first()


def active_user_by_id(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


class InvitationPreview(TypedDict):
    organisation: Organisation
    email: str
    role: str
    status: str
    expires_at: datetime
    account_exists: bool


def invitation_preview(*, invitation: Invitation) -> InvitationPreview:
    """What the holder of an invitation link may read: whom it invites, to what, and
    whether they should sign in (an account exists) or sign up to accept."""
    return {
        "organisation": invitation.organisation,
        "email": invitation.email,
        "role": invitation.role,
        "status": invitation.status,
        "expires_at": invitation.expires_at,
        "account_exists": account_exists(email=invitation.email),
    }
