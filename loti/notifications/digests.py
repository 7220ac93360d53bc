"""Daily and weekly summary e-mails.

What we guarantee
-----------------
* At most one summary per person, frequency and period (the London date of a daily run;
  the Monday of the week of a weekly one), however often the task runs, is retried, is
  duplicated by two beats or is redelivered after a worker is lost.
* A summary is never empty.
* Every digest item is e-mailed at least once: an item whose summary failed, or whose
  summary was interrupted mid-send, goes into the person's next summary.

How
---
A summary is composed in one transaction (``digest_batch_build``): insert the DigestRun
row, whose unique constraint (user, frequency, period) is the claim; attach the pending
items to it; write the summary as an outbox e-mail. If the transaction rolls back,
nothing was claimed and a retry starts again. If it commits, exactly one outbox e-mail
exists for the period and a retry's INSERT ... ON CONFLICT DO NOTHING claims nothing.

The task that built the batch then sends it (loti.notifications.outbox.email_batch_send),
so 20,000 summaries are 100 tasks on the digests queue, not 20,000 on the queue that
carries people's immediate e-mail. The batch is leased in one statement (the sweep
leaves it to this task); then each summary is claimed pending -> sending just before
it leaves and marked sent straight after: building costs the same few queries for 2
people or 200, sending two statements a summary. A known failure is retried on the
same row (it was not sent, so sending it again cannot duplicate it).
The one window we cannot close is a worker dying after the provider accepted the
message and before the row is marked sent: we cannot tell whether it went out. That
is at most one summary per dead worker, because the rest of its batch is still
pending, and the sweep sends it once the lease is over. For the summary in doubt we
choose not to send it again -- the sweep marks it failed and gives its items to the
next summary -- so a retry in the same period never sends a second summary; the cost
is that, in that rare case, an item may appear again in the next period's summary.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from loti.accounts.models import User
from loti.notifications.models import (
    DIGEST_FREQUENCIES,
    Category,
    DigestItem,
    DigestRun,
    Frequency,
    OutboundEmail,
)
from loti.notifications.tokens import unsubscribe_url

if TYPE_CHECKING:
    from django.template.backends.base import _EngineTemplate


def digest_period(*, frequency: str, now: datetime | None = None) -> date:
    """The period a run at ``now`` belongs to, in London time."""
    today = timezone.localdate(now or timezone.now())
    if frequency == Frequency.WEEKLY:
        return today - timedelta(days=today.weekday())
    return today


def digests_schedule(*, frequency: str, now: datetime | None = None) -> int:
    """Queue one build task per batch of people with pending items and no summary yet
    this period. Returns the number of batches queued."""
    from loti.notifications.tasks import digest_batch_send

    _require_digest_frequency(frequency)
    period = digest_period(frequency=frequency, now=now)
    already = DigestRun.objects.filter(
        user_id=OuterRef("user_id"), frequency=frequency, period=period
    )
    user_ids = (
        DigestItem.objects.filter(frequency=frequency, digest_run__isnull=True)
        .filter(~Exists(already))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    batches = 0
    for batch in _chunks(
        user_ids.iterator(chunk_size=5000), settings.NOTIFICATIONS_DIGEST_BATCH_SIZE
    ):
        digest_batch_send.apply_async((frequency, period.isoformat(), batch))
        batches += 1
    return batches


@transaction.atomic
def digest_batch_build(*, frequency: str, period: date, user_ids: Sequence[int]) -> list[int]:
    """Compose the summaries of up to a batch of people; returns the outbox e-mail ids.

    Four statements whatever the batch size: claim the runs, attach the items, read
    the items with their notices and people, write the e-mails."""
    _require_digest_frequency(frequency)
    runs = _runs_claim(frequency=frequency, period=period, user_ids=user_ids)
    if not runs:
        return []
    DigestItem.objects.filter(
        user_id__in=list(runs), frequency=frequency, digest_run__isnull=True
    ).update(
        digest_run_id=Subquery(
            DigestRun.objects.filter(
                user_id=OuterRef("user_id"), frequency=frequency, period=period
            ).values("pk")[:1]
        )
    )
    # Plain rows, not model instances: a batch is 2,000 items, and building three
    # objects a row cost more than rendering them.
    items = (
        DigestItem.objects.filter(digest_run_id__in=list(runs.values()))
        .order_by("user_id", "category", "notification__created_at", "notification_id")
        .values(
            "user_id",
            "category",
            full_name=F("user__full_name"),
            email=F("user__email"),
            title=F("notification__title"),
            body=F("notification__body"),
            path=F("notification__path"),
        )
    )
    shared = _DigestShared.for_batch()
    emails = [
        _digest_email(
            frequency=frequency, run_id=runs[user_id], items=list(user_items), shared=shared
        )
        for user_id, user_items in itertools.groupby(items, key=lambda item: item["user_id"])
    ]
    OutboundEmail.objects.bulk_create(emails)
    # Not handed to the broker one by one: the digest task sends the whole batch
    # itself, on the digests queue (loti.notifications.tasks.digest_batch_send). Rows
    # that task never sends are pending, and the sweep delivers them.
    return [email.pk for email in emails]


def _runs_claim(*, frequency: str, period: date, user_ids: Sequence[int]) -> dict[int, int]:
    """Insert a run for each listed person who has pending items, skipping anyone who
    has one for this period already. Returns {user_id: run_id} for the rows this call
    inserted: those summaries are ours to compose, and nobody else's."""
    run, item, person = DigestRun._meta.db_table, DigestItem._meta.db_table, User._meta.db_table
    sql = f"""
        INSERT INTO {run} (user_id, frequency, period, created_at)
        SELECT DISTINCT item.user_id, %s, %s, %s
        FROM {item} AS item JOIN {person} AS person ON person.id = item.user_id
        WHERE item.frequency = %s AND item.digest_run_id IS NULL
          AND item.user_id = ANY(%s) AND person.is_active
        ON CONFLICT (user_id, frequency, period) DO NOTHING
        RETURNING id, user_id
    """  # noqa: S608 - table names come from model metadata, values are parameters  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [frequency, period, timezone.now(), frequency, list(user_ids)])
        return {user_id: run_id for run_id, user_id in cursor.fetchall()}


@dataclass(frozen=True)
class _DigestShared:
    """What every summary of a batch has in common, worked out once per batch: the
    templates (looked up once, not per person) and the links that name nobody."""

    text: _EngineTemplate
    html: _EngineTemplate
    context: dict[str, Any]

    @classmethod
    def for_batch(cls) -> _DigestShared:
        return cls(
            text=get_template("notifications/email/digest.txt"),
            html=get_template("notifications/email/digest.html"),
            context={
                "service_name": settings.SERVICE_NAME,
                "site_url": settings.SITE_URL,
                "notifications_url": f"{settings.SITE_URL}{reverse('frontend:notifications')}",
                "preferences_url": (
                    f"{settings.SITE_URL}{reverse('frontend:notification-preferences')}"
                ),
            },
        )


def _digest_email(
    *, frequency: str, run_id: int, items: list[Mapping[str, Any]], shared: _DigestShared
) -> OutboundEmail:
    """One person's summary from their items' rows (as read by digest_batch_build:
    the person's id, name and address, and each notice's category, title, body and
    path), grouped by category."""
    person = items[0]
    by_category: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        by_category[item["category"]].append(item)
    categories = sorted(by_category)
    section_links = {
        category: unsubscribe_url(user_id=person["user_id"], categories=[category])
        for category in categories
    }
    context: dict[str, Any] = {
        **shared.context,
        "recipient": {"full_name": person["full_name"]},
        "frequency": frequency,
        "count": len(items),
        "sections": [
            {
                "label": Category(category).label,
                "items": by_category[category],
                "unsubscribe_url": section_links[category],
            }
            for category in categories
        ],
        # One category (the usual case): the same link as its section's, signed once.
        "unsubscribe_url": (
            section_links[categories[0]]
            if len(categories) == 1
            else unsubscribe_url(user_id=person["user_id"], categories=categories)
        ),
    }
    updates = "1 update" if len(items) == 1 else f"{len(items)} updates"
    return OutboundEmail(
        recipient_id=person["user_id"],
        to_address=person["email"],
        kind=OutboundEmail.Kind.DIGEST,
        category=categories[0] if len(categories) == 1 else "",
        event=f"digest.{frequency}",
        subject=f"Your {frequency} summary from {settings.SERVICE_NAME}: {updates}",
        body_text=shared.text.render(context),
        body_html=shared.html.render(context),
        unsubscribe_url=context["unsubscribe_url"],
        digest_run_id=run_id,
    )


def _require_digest_frequency(frequency: str) -> None:
    if frequency not in DIGEST_FREQUENCIES:
        raise ValueError(f"Summaries are daily or weekly, not {frequency!r}.")


def _chunks(values: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(values)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
