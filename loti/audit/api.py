from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from loti.api.errors import ApplicationError
from loti.audit.models import AuditEvent
from loti.audit.selectors import audit_events_list
from loti.audit.serializers import AuditEventOutput
from loti.permissions import is_network_admin


class AuditEventListApi(generics.ListAPIView[AuditEvent]):
    """The audit log, newest first. Network administrators only."""

    serializer_class = AuditEventOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("verb", str, required=False),
            OpenApiParameter("organisation", str, required=False, description="Organisation slug"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not is_network_admin(request.user):
            raise ApplicationError(
                "Only network administrators can read the audit log.",
                status_code=status.HTTP_403_FORBIDDEN,
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AuditEvent]:
        params = self.request.query_params
        return audit_events_list(
            verb=params.get("verb"), organisation_slug=params.get("organisation")
        )
