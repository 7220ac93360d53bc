"""Rules about which organisations may take which part."""

from __future__ import annotations

from collections.abc import Iterable

from loti.accounts.models import Organisation
from loti.api.errors import ApplicationError

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
