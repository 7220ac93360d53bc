from __future__ import annotations

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
