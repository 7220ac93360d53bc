"""A worker keeps its database session from one task to the next, as a web process
keeps it from one request to the next (CONN_MAX_AGE), and still notices when
PostgreSQL restarts under it (CONN_HEALTH_CHECKS). Real worker processes on a private
Redis; the restart is of a private embedded PostgreSQL, never the machine's."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection

from loti.notifications.models import OutboundEmail
from loti.notifications.tasks import digests_start, email_deliver
from tests.faults.conftest import PrivatePostgres, Worker, Workers, served_settings
from tests.faults.senders import sent_lines
from tests.faults.test_postgres_restart import app_sessions
from tests.faults.test_worker_killed_mid_digest import digest_states, people_waiting_for_a_summary
from tests.notifications.conftest import wait_until

pytestmark = pytest.mark.celery_worker


def sessions_started() -> list[datetime]:
    """When each other client session on the test database began."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT backend_start FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        return [started for (started,) in cursor.fetchall()]


def test_a_worker_runs_a_whole_digest_run_on_one_database_session(workers: Workers) -> None:
    people_waiting_for_a_summary()  # 20 people: the start task, then five batches of four
    assert sessions_started() == []
    workers.start(NOTIFICATIONS_DIGEST_BATCH_SIZE="4")

    digests_start.delay("daily")

    wait_until(lambda: digest_states() == {"sent": 20}, timeout=120, what="every summary sent")
    first_summary = OutboundEmail.objects.order_by("created_at").values_list(
        "created_at", flat=True
    )[0]
    # One session, still open, opened before the first summary was written: every batch
    # went through it. Closed after each task (Celery's default), none would be left.
    started = sessions_started()
    assert len(started) == 1
    assert started[0] < first_summary


def _pending_email(postgres: PrivatePostgres, address: str) -> int:
    with postgres.connect() as database:
        row = database.execute(
            "INSERT INTO notifications_outboundemail (to_address, kind, category, event,"
            " subject, body_text, body_html, unsubscribe_url, state, attempts,"
            " next_attempt_at, last_error, created_at) VALUES (%s, 'immediate', 'projects',"
            " 'tests.restart', 'A notice', 'Text', '', '', 'pending', 0, now(), '', now())"
            " RETURNING id",
            [address],
        ).fetchone()
    assert row is not None
    return int(row[0])


def _state(postgres: PrivatePostgres, email_id: int) -> str:
    with postgres.connect() as database:
        row = database.execute(
            "SELECT state FROM notifications_outboundemail WHERE id = %s", [email_id]
        ).fetchone()
    assert row is not None
    return str(row[0])


def test_a_worker_reconnects_when_postgresql_restarts_between_two_tasks(
    private_postgres: PrivatePostgres, broker: str, sent_log: Path
) -> None:
    worker = Worker(
        {
            **os.environ,
            **served_settings(private_postgres.url),
            "REDIS_URL": broker,
            "NOTIFICATIONS_EMAIL_SENDER": "tests.faults.senders.FileSender",
            "LOTI_FAULTS_SENT_LOG": str(sent_log),
        },
        name="restart",
    )
    try:
        worker.wait_ready()
        first = _pending_email(private_postgres, "first@example.org")
        email_deliver.delay(first)
        wait_until(lambda: _state(private_postgres, first) == "sent", what="the first e-mail")
        # The worker kept its session after the task: the restart will end it.
        assert app_sessions(private_postgres) == 1

        private_postgres.restart()
        assert app_sessions(private_postgres) == 0

        second = _pending_email(private_postgres, "second@example.org")
        email_deliver.delay(second)
        wait_until(lambda: _state(private_postgres, second) == "sent", what="the second e-mail")
        assert [address for _, address in sent_lines(sent_log)] == [
            "first@example.org",
            "second@example.org",
        ]
    finally:
        worker.stop()
