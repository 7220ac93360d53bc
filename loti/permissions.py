"""Small, query-shaped answers about who a user is in the network.

Each returns a queryset (to nest as a subquery) or does one query; none loops over
objects in Python.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from loti.accounts.models import Membership, Organisation, User


def active_organisation_ids(user: User) -> QuerySet[Membership, Any]:
    """The ids of the organisations the user belongs to now, as a subquery."""
    return Membership.objects.active().filter(user_id=user.pk).values("organisation_id")


def is_network_member(user: User) -> QuerySet[Membership]:
    """Rows proving the user belongs to a LOTI member organisation (wrap in Exists)."""
    return Membership.objects.active().filter(user_id=user.pk, organisation__is_loti_member=True)


def is_member(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.active().filter(user=user, organisation=organisation).exists()


def is_organisation_admin(user: User, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return (
        Membership.objects.active()
        .filter(user=user, organisation=organisation, role=Membership.Role.ADMIN)
        .exists()
    )


def is_network_admin(user: User | Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_network_admin)


def may_administer(user: User | Any, organisation: Organisation) -> bool:
    """The organisation's own administrators manage it, and so do network administrators."""
    return is_network_admin(user) or is_organisation_admin(user, organisation)
