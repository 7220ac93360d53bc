"""Digest build and send: people with pending summary items, real Celery worker
processes on the bench database and Redis, e-mail counted (bench.senders) instead of
sent. Timed from scheduling to the last summary marked sent, with one worker and then
two; duplicates checked by the send counts in Redis and by the rows."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

from django.db.models import Max

from bench.http import ROOT
from bench.measure import count_queries
from bench.rows import Row
from bench.senders import SENDS_KEY, redis_client
from loti.celery import app
from loti.notifications.bench import digest_scenario
from loti.notifications.digests import digest_batch_build, digest_period
from loti.notifications.models import DigestItem, Frequency, OutboundEmail
from loti.notifications.outbox import email_batch_send

SCENARIO = "digest build and send"
TIMEOUT_SECONDS = 600
# The lease (one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)) and the
# UPDATE that marks the batch's last summary sent.
SEND_BATCH_QUERIES = 2


@contextlib.contextmanager
def celery_workers(env: dict[str, str], count: int) -> Iterator[list[str]]:
    """`count` worker processes (one process each, solo pool) on every queue."""
    names = [f"bench-digest-{n}@loti" for n in range(count)]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter  # nosec B603
            [
                sys.executable,
                "-m",
                "celery",
                "--quiet",
                "-A",
                "loti.celery",
                "worker",
                "--pool",
                "solo",
                "--queues",
                "digests,notifications,default",
                "--hostname",
                name,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
        )
        for name in names
    ]
    try:
        deadline = time.monotonic() + 60
        while True:
            answered = {name for reply in app.control.ping(timeout=1) or [] for name in reply}
            if set(names) <= answered:
                break
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                raise RuntimeError("the Celery workers did not start")
        yield names
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _batch_queries(size: int) -> tuple[int, int]:
    """Queries to build one batch of `size` people (each with 10 items), and to send it."""
    period = digest_period(frequency=Frequency.DAILY)
    waiting = list(
        DigestItem.objects.filter(frequency=Frequency.DAILY, digest_run__isnull=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[:size]
    )
    built: list[int] = []

    def build() -> None:
        built.extend(digest_batch_build(frequency=Frequency.DAILY, period=period, user_ids=waiting))

    build_queries = count_queries(build).count
    return build_queries, count_queries(lambda: email_batch_send(email_ids=built)).count


class Digests:
    def __init__(self, env: dict[str, str], *, users: int, items: int) -> None:
        self.env = env
        self.users = users
        self.items = items
        self.rows: list[Row] = []
        self.seconds: dict[int, float] = {}

    def queries_per_batch(self, sizes: tuple[int, int]) -> None:
        digest_scenario(users=sum(sizes), items=self.items)
        app.control.purge()  # no worker runs yet: build these here instead
        counts = [_batch_queries(size) for size in sizes]
        label = " and ".join(f"{s} people × {self.items} items" for s in sizes)
        builds = [build for build, _ in counts]
        self.rows.append(
            Row(
                SCENARIO,
                "queries to build a batch",
                label,
                "queries",
                " / ".join(str(n) for n in builds),
                "constant",
                len(set(builds)) == 1,
                "",
                {"counts": dict(zip(map(str, sizes), builds, strict=True))},
            )
        )
        # Each summary is claimed just before it leaves, in the statement that marks the
        # one before it sent, so a worker that dies leaves one summary in doubt, not its
        # whole batch.
        sends = [send for _, send in counts]
        per_summary = [
            (send - SEND_BATCH_QUERIES) / size for send, size in zip(sends, sizes, strict=True)
        ]
        self.rows.append(
            Row(
                SCENARIO,
                "queries to send, per summary",
                label,
                "queries",
                " / ".join(f"{n:g}" for n in per_summary),
                "1",
                set(per_summary) == {1},
                f"plus {SEND_BATCH_QUERIES} per batch: the lease and the last mark",
                {"counts": dict(zip(map(str, sizes), sends, strict=True))},
            )
        )

    def run(self, workers: int) -> None:
        redis = redis_client()
        redis.delete(SENDS_KEY)
        app.control.purge()
        first_email = (OutboundEmail.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        with celery_workers(self.env, workers):
            started = time.perf_counter()
            result = digest_scenario(users=self.users, items=self.items)
            scheduled = started + result.build_seconds
            mine = OutboundEmail.objects.filter(pk__gte=first_email, kind="digest")
            deadline = time.monotonic() + TIMEOUT_SECONDS
            while mine.filter(state="sent").count() < self.users:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.25)
            elapsed = time.perf_counter() - scheduled
        sent = mine.filter(state="sent").count()
        counts = [int(v) for v in redis.hvals(SENDS_KEY)]
        duplicates = sum(n - 1 for n in counts if n > 1)
        # Two summaries for one person in the period would be a duplicate too.
        duplicates += mine.count() - mine.values("recipient_id").distinct().count()
        self.seconds[workers] = elapsed
        label = f"{self.users:,} people × {self.items} items"
        detail = (
            f"{sent:,} sent, {len(counts):,} distinct messages counted by the sender; "
            f"{result.batches} batches; seeding took {result.build_seconds:.1f} s (not timed)"
        )
        one = workers == 1
        self.rows.append(
            Row(
                SCENARIO,
                f"{workers} worker{'s' if workers > 1 else ''}",
                label,
                "seconds, scheduled to all sent",
                f"{elapsed:.1f} s",
                "≤ 60 s" if one else "",
                (elapsed <= 60 and sent == self.users) if one else None,
                detail,
                {"seconds": elapsed, "sent": sent, "counted": len(counts)},
            )
        )
        self.rows.append(
            Row(
                SCENARIO,
                f"duplicates, {workers} worker{'s' if workers > 1 else ''}",
                label,
                "count",
                str(duplicates),
                "0",
                duplicates == 0 and sent == self.users,
                f"{sent:,} of {self.users:,} summaries sent",
            )
        )
        if workers == 2 and 1 in self.seconds:
            speedup = self.seconds[1] / elapsed
            self.rows.append(
                Row(
                    SCENARIO,
                    "speed-up, 2 workers ÷ 1",
                    label,
                    "times faster",
                    f"{speedup:.2f}×",
                    "~2× (≥ 1.6×)",
                    speedup >= 1.6,
                    "2 cores shared with the database and the other engineers' work",
                    {"speedup": speedup},
                )
            )

    def data(self) -> dict[str, Any]:
        return {"seconds": self.seconds}
