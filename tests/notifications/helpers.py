from __future__ import annotations

from typing import Any

from loti.accounts.models import User
from loti.notifications.models import Category, Notification, NotificationPreference
from loti.notifications.services import notify
from tests.notifications.conftest import PROJECT_UPDATED


def prefer(user: User, category: str, frequency: str) -> None:
    NotificationPreference.objects.update_or_create(
        user=user, category=category, defaults={"frequency": frequency}
    )


def project_updated(
    *recipients: User, name: str = "Libraries chatbot", actor: User | None = None, **context: Any
) -> list[Notification]:
    return notify(
        event=PROJECT_UPDATED.name,
        recipients=recipients,
        target=None,
        context={"project_name": name, "path": "/projects/1/", **context},
        category=Category.PROJECTS,
        actor=actor,
    )
