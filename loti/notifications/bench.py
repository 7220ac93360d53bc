"""A load scenario for the digest pipeline: many people with pending summary items.

    from loti.notifications.bench import digest_scenario
    digest_scenario(users=20000, items=10)

It writes the people, notices and digest items in bulk, then schedules the daily
summaries, which queues one build task per NOTIFICATIONS_DIGEST_BATCH_SIZE people.
Run workers to build and send them; watch the outbox in the admin. Demo data only:
it refuses to run where settings.ALLOW_DEMO_DATA is false (production).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from loti.accounts.models import User
from loti.notifications.digests import digests_schedule
from loti.notifications.models import (
    Category,
    DigestItem,
    DigestRun,
    Frequency,
    Notification,
    NotificationPreference,
)

INSERT_BATCH = 5000


@dataclass(frozen=True)
class ScenarioResult:
    users: int
    items: int
    batches: int
    build_seconds: float
    schedule_seconds: float


def digest_scenario(*, users: int = 20000, items: int = 10) -> ScenarioResult:
    if not settings.ALLOW_DEMO_DATA:
        raise RuntimeError("The digest scenario writes demo data; ALLOW_DEMO_DATA is off.")
    started = time.perf_counter()
    _people_with_pending_items(users=users, items=items)
    _statistics_refresh()
    built = time.perf_counter()
    batches = digests_schedule(frequency=Frequency.DAILY)
    return ScenarioResult(
        users=users,
        items=users * items,
        batches=batches,
        build_seconds=built - started,
        schedule_seconds=time.perf_counter() - built,
    )


def _statistics_refresh() -> None:
    """ANALYZE what the scenario wrote. A day's items reach the tables over the day,
    and autovacuum has analysed them by the time the summaries go; rows written in
    bulk a moment ago have no statistics yet, and the planner would guess (it chose a
    sequential scan of every item, for a batch's 2,000, before this)."""
    tables = [
        model._meta.db_table
        for model in (User, NotificationPreference, Notification, DigestItem, DigestRun)
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


@transaction.atomic
def _people_with_pending_items(*, users: int, items: int) -> None:
    run = uuid.uuid4().hex[:8]
    password = make_password(None)  # unusable: nobody signs in as a bench person
    people = User.objects.bulk_create(
        [
            User(
                email=f"bench-{run}-{n}@bench.example",
                full_name=f"Bench person {n}",
                password=password,
            )
            for n in range(users)
        ],
        batch_size=INSERT_BATCH,
    )
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(
                user=person, category=Category.PROJECTS, frequency=Frequency.DAILY
            )
            for person in people
        ],
        batch_size=INSERT_BATCH,
    )
    people_per_insert = max(INSERT_BATCH // max(items, 1), 1)
    for first in range(0, len(people), people_per_insert):
        chunk = people[first : first + people_per_insert]
        notices = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=person,
                    event="bench.project_updated",
                    category=Category.PROJECTS,
                    title=f"Bench project {n} was updated",
                    path="/projects/",
                )
                for person in chunk
                for n in range(items)
            ]
        )
        DigestItem.objects.bulk_create(
            [
                DigestItem(
                    user_id=notice.recipient_id,
                    notification=notice,
                    category=Category.PROJECTS,
                    frequency=Frequency.DAILY,
                )
                for notice in notices
            ]
        )
