from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from loti.accounts.models import User
from loti.notifications.models import (
    DEFAULT_FREQUENCIES,
    Category,
    Notification,
    NotificationPreference,
)


def notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's own notices, newest first."""
    notifications = Notification.objects.filter(recipient_id=user.pk).select_related("actor")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def notifications_unread_count(*, user: User) -> int:
    """One COUNT on a partial index; the header shows it on every page."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def preferences_of(*, user: User) -> dict[str, str]:
    """Every category's frequency for the person, defaults filled in. One query."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("category", "frequency")
    )
    preferences = {
        category: chosen.get(category, DEFAULT_FREQUENCIES[category])
        for category in Category.values
    }
    preferences[Category.ACCOUNT] = DEFAULT_FREQUENCIES[Category.ACCOUNT]
    return preferences


def preferences_of_users(*, user_ids: Sequence[int], category: str) -> dict[int, str]:
    """Each person's frequency for one category, defaults filled in. One query."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, category=category).values_list(
            "user_id", "frequency"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_FREQUENCIES[category]) for pk in user_ids}


def preferences_list(*, user: User) -> list[dict[str, Any]]:
    """The preferences as the API and the page show them, in a fixed order."""
    preferences = preferences_of(user=user)
    return [
        {
            "category": category.value,
            "label": category.label,
            "frequency": preferences[category],
            "can_change": category != Category.ACCOUNT,
        }
        for category in Category
    ]
