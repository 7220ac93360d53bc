"""The only way to fetch one organisation, membership or invitation for a request.

Missing and forbidden give the same 404, so nobody learns what exists by probing;
visible but not allowed (say, a member trying an administrator's action) is a 403.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import status

from loti.accounts.models import Invitation, Membership, Organisation, User
from loti.api.errors import ApplicationError
from loti.permissions import is_member, is_network_admin, may_administer


def organisation_get_for(*, user: User | Any, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def organisation_get_as_member(*, user: User | Any, slug: str) -> Organisation:
    """The organisation, if the user belongs to it (or runs the network)."""
    organisation = organisation_get_for(user=user, slug=slug)
    if not (is_member(user, organisation) or is_network_admin(user)):
        raise Http404("No such organisation.")
    return organisation


def organisation_get_as_admin(*, user: User | Any, slug: str, action: str) -> Organisation:
    """The organisation, if the user may administer it: a 404 to outsiders, a 403 naming
    `action` ("manage invitations") to its plain members."""
    organisation = organisation_get_as_member(user=user, slug=slug)
    if not may_administer(user, organisation):
        raise ApplicationError(
            f"Only administrators of {organisation.name} can {action}.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return organisation


def membership_get_for(*, user: User | Any, slug: str, user_id: int) -> Membership:
    organisation = organisation_get_as_member(user=user, slug=slug)
    membership = (
        Membership.objects.active()
        .select_related("user", "organisation")
        .filter(organisation=organisation, user_id=user_id)
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    return membership


def invitation_get_for(*, user: User | Any, slug: str, invitation_id: int) -> Invitation:
    organisation = organisation_get_as_member(user=user, slug=slug)
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(organisation=organisation, pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation
