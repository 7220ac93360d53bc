from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from loti.accounts.models import Organisation, User
from loti.audit.models import AuditEvent


def audit_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction, so the row exists
    exactly when the change it describes does."""
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        verb=verb,
        detail=detail or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:300]
    event.save()
    return event
