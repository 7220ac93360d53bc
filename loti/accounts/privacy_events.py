"""Who is told about a deletion request. The notice names no one: it stays in the
recipients' notifications after the person it is about has been pseudonymised."""

from __future__ import annotations

from django.urls import reverse

from loti.accounts.models import DeletionRequest, User
from loti.notifications.models import Category
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify

DELETION_REQUESTED = event_register(
    EventType(
        name="accounts.deletion_requested",
        title="An account deletion is waiting for a network administrator to confirm it",
    )
)


def deletion_requested(*, request: DeletionRequest) -> None:
    """Tell the network administrators that a request waits for their check."""
    notify(
        event=DELETION_REQUESTED.name,
        recipients=User.objects.filter(is_network_admin=True, is_active=True),
        target=request,
        context={
            "message": (
                "Someone asked for their account to be deleted while a tender or challenge "
                "they took part in is still being decided. Check that it no longer needs "
                "them, then confirm the deletion."
            ),
            "path": reverse("frontend:deletion-requests"),
        },
        category=Category.ACCOUNT,
        actor=request.user,
    )
