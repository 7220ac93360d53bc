from __future__ import annotations

from rest_framework import serializers

from loti.accounts.models import Organisation
from loti.audit.models import AuditEvent


class AuditEventOutput(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.EmailField(source="actor.email", allow_null=True, default=None)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "organisation",
            "verb",
            "target_type",
            "target_id",
            "target_repr",
            "detail",
        ]

    def get_target_type(self, event: AuditEvent) -> str | None:
        if event.target_type is None:
            return None
        return f"{event.target_type.app_label}.{event.target_type.model}"
