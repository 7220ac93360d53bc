"""The only way to fetch one notification for a request: someone else's is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from loti.accounts.models import User
from loti.notifications.models import Notification


def notification_get_for(*, user: User | Any, notification_id: int) -> Notification:
    notification = (
        Notification.objects.filter(pk=notification_id, recipient_id=user.pk)
        .select_related("actor")
        .first()
        if user.is_authenticated
        else None
    )
    if notification is None:
        raise Http404("No such notification.")
    return notification
