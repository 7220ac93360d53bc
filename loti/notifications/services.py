"""Writes: notify (the producers' one entry point), reading notices, preferences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework import status

from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.audit.services import audit_record
from loti.notifications.models import (
    DIGEST_FREQUENCIES,
    Category,
    DigestItem,
    Frequency,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from loti.notifications.outbox import outbox_publish_on_commit
from loti.notifications.registry import EventType, event_get
from loti.notifications.selectors import preferences_of, preferences_of_users
from loti.notifications.tokens import unsubscribe_token_read, unsubscribe_url


@transaction.atomic
def notify(
    *,
    event: str,
    recipients: Iterable[User],
    target: models.Model | None,
    context: Mapping[str, Any],
    category: str,
    actor: User | None = None,
    addresses: Iterable[str] = (),
) -> list[Notification]:
    """Tell people that something changed. Call it inside the producer's transaction:
    every row it writes commits or rolls back with the change it describes, and no
    e-mail is handed to Celery before that commit.

    Each recipient (active, not the actor: nobody is told about their own action) gets
    a notice on their notifications page, and e-mail as their preference for the
    category says: straight away (an outbox row), in a daily or weekly summary (a
    digest item), or not at all. Account messages are always e-mailed straight away.
    ``addresses`` are people with no account yet (an invitee): e-mail only, straight
    away, no unsubscribe link.

    ``context`` is rendered into the event's templates, along with service_name,
    site_url, link (site_url + path), recipient and unsubscribe_url. The link's path is
    context["path"], else target.get_absolute_url() when the target has one.
    """
    spec = event_get(event)
    if category not in Category.values:
        raise ValueError(f"Unknown notification category {category!r}.")
    users = _recipients(recipients, actor)
    path = _path_of(target, context)
    shared = {
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL,
        "link": f"{settings.SITE_URL}{path}" if path else settings.SITE_URL,
        "preferences_url": f"{settings.SITE_URL}{reverse('frontend:notification-preferences')}",
        "category": category,
        "category_label": Category(category).label,
        "target": target,
        "actor": actor,
        **context,
    }
    # Event titles name the thing as {{ title }}; the rendered line then takes that key
    # for the bodies, so the subject is worked out first, from the thing's own title.
    subject = spec.render_subject(shared)
    title = shared["title"] = spec.render_title(shared)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event=event,
            category=category,
            actor=actor,
            target_type=target_type,
            target_id=str(target.pk) if target is not None else "",
            title=title,
            body=str(context.get("message", ""))[:5000],
            path=path,
        )
        for user in users
    )
    frequencies = _frequencies(users, category)
    emails: list[OutboundEmail] = []
    items: list[DigestItem] = []
    for notification, user in zip(notifications, users, strict=True):
        frequency = frequencies[user.pk]
        if frequency == Frequency.IMMEDIATELY:
            emails.append(_email(spec, shared, category, subject, to=user.email, user=user))
        elif frequency in DIGEST_FREQUENCIES:
            items.append(
                DigestItem(
                    user=user, notification=notification, category=category, frequency=frequency
                )
            )
    emails += [
        _email(spec, shared, category, subject, to=address, user=None) for address in addresses
    ]
    OutboundEmail.objects.bulk_create(emails)
    DigestItem.objects.bulk_create(items)
    outbox_publish_on_commit([email.pk for email in emails])
    return notifications


def _recipients(recipients: Iterable[User], actor: User | None) -> list[User]:
    seen: set[int] = set()
    users = []
    for user in recipients:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def _path_of(target: models.Model | None, context: Mapping[str, Any]) -> str:
    if "path" in context:
        return str(context["path"])
    get_absolute_url = getattr(target, "get_absolute_url", None)
    return str(get_absolute_url()) if callable(get_absolute_url) else ""


def _frequencies(users: list[User], category: str) -> dict[int, str]:
    if category == Category.ACCOUNT:
        # Security messages ignore every preference: they always go straight away.
        return {user.pk: Frequency.IMMEDIATELY for user in users}
    return preferences_of_users(user_ids=[user.pk for user in users], category=category)


def _email(
    spec: EventType,
    shared: Mapping[str, Any],
    category: str,
    subject: str,
    *,
    to: str,
    user: User | None,
) -> OutboundEmail:
    link = ""
    if user is not None and category != Category.ACCOUNT:
        link = unsubscribe_url(user_id=user.pk, categories=[category])
    context = {**shared, "recipient": user, "unsubscribe_url": link}
    return OutboundEmail(
        recipient=user,
        to_address=to,
        kind=OutboundEmail.Kind.IMMEDIATE,
        category=category,
        event=spec.name,
        subject=subject,
        body_text=spec.render_text(context),
        body_html=spec.render_html(context),
        unsubscribe_url=link,
    )


@transaction.atomic
def notification_mark_read(*, acting_user: User, notification: Notification) -> Notification:
    if notification.recipient_id != acting_user.pk:
        raise ApplicationError("Not found.", status_code=status.HTTP_404_NOT_FOUND)
    if notification.read_at is None:
        now = timezone.now()
        # Conditional, so a second tab marking the same notice keeps the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


@transaction.atomic
def notifications_mark_all_read(*, acting_user: User) -> int:
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_update(
    *, acting_user: User, changes: Mapping[str, str], via: str = "preferences"
) -> dict[str, str]:
    """Set how often the person is e-mailed per category. Summaries already waiting
    follow the new choice: off drops them, daily or weekly moves them, and straight
    away sends them in the next daily summary rather than losing them."""
    _preferences_validate(changes)
    current = preferences_of(user=acting_user)
    changed = {c: f for c, f in changes.items() if current[c] != f}
    if not changed:
        return current
    now = timezone.now()
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=acting_user, category=c, frequency=f, updated_at=now)
            for c, f in changed.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "category"],
        update_fields=["frequency", "updated_at"],
    )
    pending = DigestItem.objects.filter(user=acting_user, digest_run__isnull=True)
    for category, frequency in changed.items():
        if frequency == Frequency.OFF:
            pending.filter(category=category).delete()
        else:
            moved_to = frequency if frequency in DIGEST_FREQUENCIES else Frequency.DAILY
            pending.filter(category=category).update(frequency=moved_to)
    audit_record(
        actor=acting_user,
        verb="notification_preferences.updated",
        target=acting_user,
        detail={"changes": changed, "via": via},
    )
    return {**current, **changed}


def _preferences_validate(changes: Mapping[str, str]) -> None:
    errors: dict[str, list[str]] = {}
    for category, frequency in changes.items():
        if category not in Category.values:
            errors[category] = [f"Choose from: {', '.join(Category.values)}."]
        elif frequency not in Frequency.values:
            errors[category] = [f"Choose from: {', '.join(Frequency.values)}."]
        elif category == Category.ACCOUNT and frequency != Frequency.IMMEDIATELY:
            errors[category] = ["Account and security e-mails are always sent straight away."]
    if errors:
        raise ApplicationError(
            next(iter(errors.values()))[0] if len(errors) == 1 else "Check these choices.",
            fields=errors,
        )


def unsubscribe_request_from(token: str) -> tuple[User, list[str]]:
    """The person and categories a signed unsubscribe link names. A tampered link, or
    one for a closed account, raises ApplicationError."""
    try:
        request = unsubscribe_token_read(token)
    except (signing.BadSignature, ValueError) as error:
        raise ApplicationError("This unsubscribe link is not valid.", field="token") from error
    user = User.objects.filter(pk=request.user_id, is_active=True).first()
    if user is None:
        raise ApplicationError("This unsubscribe link is not valid.", field="token")
    return user, list(request.categories)


@transaction.atomic
def preferences_unsubscribe(*, token: str) -> tuple[User, list[str]]:
    """Turn off the categories a signed unsubscribe link names, for the person it names.
    The link is the authority, so no sign-in is needed."""
    user, categories = unsubscribe_request_from(token)
    preferences_update(
        acting_user=user,
        changes=dict.fromkeys(categories, Frequency.OFF),
        via="unsubscribe link",
    )
    return user, categories
