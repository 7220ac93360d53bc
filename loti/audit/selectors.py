from __future__ import annotations

from django.db.models import QuerySet

from loti.audit.models import AuditEvent


def audit_events_list(
    *, verb: str | None = None, organisation_slug: str | None = None
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "organisation", "target_type")
    if verb:
        events = events.filter(verb=verb)
    if organisation_slug:
        events = events.filter(organisation__slug=organisation_slug)
    return events
