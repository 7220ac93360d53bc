"""Rules about which organisations may take which part."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.permissions import active_organisation_ids

# Boroughs and other public bodies lead projects, own playbooks and buy; suppliers don't.
PUBLIC_BODY_KINDS = {Organisation.Kind.BOROUGH, Organisation.Kind.AGENCY, Organisation.Kind.NETWORK}


def public_bodies_by_slug(slugs: Iterable[str], *, field: str) -> list[Organisation]:
    """The public bodies named, in the order given; an unknown slug or a supplier is a
    400 naming `field`."""
    slugs = list(dict.fromkeys(slugs))
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ApplicationError(f"Unknown organisation: {', '.join(unknown)}.", field=field)
    suppliers = [o.name for o in found.values() if o.kind not in PUBLIC_BODY_KINDS]
    if suppliers:
        raise ApplicationError(
            f"Only boroughs and public bodies can be named here: {', '.join(suppliers)}.",
            field=field,
        )
    return [found[slug] for slug in slugs]


def public_bodies() -> QuerySet[Organisation]:
    """Boroughs and other public bodies by name: who can be shared with or named a partner."""
    return Organisation.objects.filter(kind__in=PUBLIC_BODY_KINDS).order_by("name")


def public_bodies_of(user: User | Any) -> QuerySet[Organisation]:
    """The public bodies the user belongs to now: whom they may act for as an officer."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return public_bodies().filter(pk__in=active_organisation_ids(user))


def organisation_names(slugs: Iterable[str]) -> dict[str, str]:
    """Names by slug, for showing recorded slugs to people; one query."""
    return dict(Organisation.objects.filter(slug__in=set(slugs)).values_list("slug", "name"))


def suppliers_of(user: User | Any) -> QuerySet[Organisation]:
    """The supplier organisations the user belongs to now: whom they may bid or enter for."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Organisation.Kind.SUPPLIER, pk__in=active_organisation_ids(user)
    ).order_by("name")


def organisation_named_or_only(
    organisations: QuerySet[Organisation],
    slug: str | None,
    *,
    field: str,
    not_yours: str,
    none: str,
    several: str,
) -> Organisation:
    """Of the organisations someone may act for, the one named by slug, or their only
    one. Naming one they don't belong to, or not naming one of several, is a 400
    against `field`; having none at all is a 403."""
    if slug:
        organisation = organisations.filter(slug=slug).first()
        if organisation is None:
            raise ApplicationError(not_yours, field=field)
        return organisation
    found = list(organisations[:2])
    if not found:
        raise ApplicationError(none, field=field, status_code=status.HTTP_403_FORBIDDEN)
    if len(found) > 1:
        raise ApplicationError(several, field=field)
    return found[0]


def boroughs() -> QuerySet[Organisation]:
    """London's local authorities, by name: the choices of "boroughs served"."""
    return Organisation.objects.filter(kind=Organisation.Kind.BOROUGH).order_by("name")
