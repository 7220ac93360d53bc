"""Fixtures for the notification tests: a real Celery worker on the real broker, test
senders, and a project-category event to notify about."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from celery.utils.nodenames import anon_nodename
from celery.worker import state as worker_state
from django.db import connections
from kombu.exceptions import ChannelError

from loti.celery import app
from loti.notifications import outbox
from loti.notifications.registry import EventType, event_register
from tests.conftest import broker_answers, require
from tests.notifications import senders

PROJECT_UPDATED = event_register(
    EventType(name="tests.project_updated", title="{{ project_name }} was updated")
)


@pytest.fixture
def redis_broker() -> None:
    """Skips without Redis on a laptop; under CI=true a missing Redis fails the test."""
    require(broker_answers(), f"Redis at {app.conf.broker_url}")


def _close_worker_connections(**kwargs: Any) -> None:
    # Runs in the worker's thread: its connections must not outlive the test, or the
    # test database cannot be flushed and dropped.
    connections.close_all()


@pytest.fixture
def celery_worker(redis_broker: None, transactional_db: None) -> Iterator[Any]:
    """A Celery worker (the project's app, solo pool) in a thread of this process,
    consuming from the real Redis. Tests using it see committed rows only."""
    app.control.purge()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        # No ping task (it needs a result backend, which we do not run); the broadcast
        # ping below proves instead that the worker is consuming before any test waits
        # on it, so a worker that never starts fails here, not as a timeout later.
        hostname = anon_nodename()
        with start_worker(
            app,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=30,
            hostname=hostname,
        ) as worker:
            worker_answers(hostname)
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.control.purge()


def worker_answers(hostname: str, *, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not app.control.ping(destination=[hostname], timeout=0.5):
        if time.monotonic() > deadline:
            pytest.fail(f"The Celery worker {hostname} did not start within {timeout}s.")


def wait_until(predicate: Callable[[], bool], *, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what or predicate.__name__}.")
        time.sleep(0.05)


def queue_length() -> int:
    """Messages waiting in every queue the app routes to (settings.CELERY_TASK_QUEUES)."""
    waiting = 0
    with app.connection_for_write() as connection:
        channel: Any = connection.default_channel
        for queue in app.conf.task_queues or [app.conf.task_default_queue]:
            name = getattr(queue, "name", queue)
            try:
                declared = channel.queue_declare(queue=name, passive=True)
            except ChannelError:  # Redis drops the key of an empty list
                continue
            waiting += int(declared.message_count)
    return waiting


def wait_for_idle_worker(timeout: float = 20) -> None:
    """Until the queue is empty and the worker has nothing in hand, several times running."""
    quiet = 0

    def idle() -> bool:
        nonlocal quiet
        busy = queue_length() or worker_state.active_requests or worker_state.reserved_requests
        quiet = 0 if busy else quiet + 1
        return quiet >= 5

    wait_until(idle, timeout=timeout, what="the worker to finish its queue")


@pytest.fixture
def publish(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the e-mail ids handed to the broker, for tests without a worker."""
    published: list[int] = []

    def record(ids: Sequence[int]) -> int:
        published.extend(ids)
        return len(ids)

    monkeypatch.setattr(outbox, "outbox_publish", record)
    return published


@pytest.fixture
def sender(settings: Any) -> type[senders.RecordingSender]:
    """Route outbox e-mail to a recording sender instead of Django's backend."""
    senders.RecordingSender.reset()
    settings.NOTIFICATIONS_EMAIL_SENDER = "tests.notifications.senders.RecordingSender"
    return senders.RecordingSender
