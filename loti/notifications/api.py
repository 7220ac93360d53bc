from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.api.errors import ApplicationError
from loti.api.users import signed_in_user
from loti.notifications import access, selectors, services
from loti.notifications.models import Notification
from loti.notifications.serializers import (
    NotificationOutput,
    PreferencesOutput,
    PreferencesUpdateInput,
    ReadAllOutput,
    UnreadCountOutput,
)


class NotificationListApi(generics.ListAPIView[Notification]):
    """Your notifications, newest first."""

    serializer_class = NotificationOutput

    @extend_schema(parameters=[OpenApiParameter("unread", bool, required=False)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Notification.objects.none()
        unread = self.request.query_params.get("unread", "").lower()
        if unread not in {"", "true", "false"}:
            raise ApplicationError("unread must be true or false.", field="unread")
        return selectors.notifications_of(
            user=signed_in_user(self.request), unread_only=unread == "true"
        )


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses=NotificationOutput)
    def post(self, request: Request, notification_id: int) -> Response:
        user = signed_in_user(request)
        notification = access.notification_get_for(user=user, notification_id=notification_id)
        notification = services.notification_mark_read(acting_user=user, notification=notification)
        return Response(NotificationOutput(notification).data)


class NotificationReadAllApi(APIView):
    @extend_schema(request=None, responses=ReadAllOutput)
    def post(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(acting_user=signed_in_user(request))
        return Response(ReadAllOutput({"marked_read": marked}).data)


class NotificationUnreadCountApi(APIView):
    @extend_schema(responses=UnreadCountOutput)
    def get(self, request: Request) -> Response:
        unread = selectors.notifications_unread_count(user=signed_in_user(request))
        return Response(UnreadCountOutput({"unread": unread}).data)


class NotificationPreferencesApi(APIView):
    """How often you are e-mailed about each category."""

    @extend_schema(responses=PreferencesOutput)
    def get(self, request: Request) -> Response:
        preferences = selectors.preferences_list(user=signed_in_user(request))
        return Response(PreferencesOutput({"preferences": preferences}).data)

    @extend_schema(request=PreferencesUpdateInput, responses=PreferencesOutput)
    def patch(self, request: Request) -> Response:
        user = signed_in_user(request)
        data = PreferencesUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.preferences_update(acting_user=user, changes=data.validated_data)
        preferences = selectors.preferences_list(user=user)
        return Response(PreferencesOutput({"preferences": preferences}).data)
