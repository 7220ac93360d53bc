"""Celery tasks: thin wrappers that take ids and are safe to run twice.

acks_late with reject_on_worker_lost puts a task back on the queue when its worker
dies. That is safe for each of these because the database decides what happens: an
e-mail is claimed with a conditional UPDATE before it is sent, a summary period with a
unique constraint, and the sweep and the scheduler only queue work that is not done.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import Task, shared_task
from django.db import OperationalError
from kombu.exceptions import OperationalError as BrokerError

from loti.notifications import digests, outbox

# Queues (routed in settings.CELERY_TASK_ROUTES): people's immediate e-mail never waits
# behind a digest run, which has its own queue.
NOTIFICATIONS_QUEUE = "notifications"
DIGESTS_QUEUE = "digests"

# The lease (NOTIFICATIONS_SENDING_LEASE_SECONDS, 15 minutes by default) must be longer
# than this, so a claim is only taken back from a worker that is really gone.
SEND_TIME_LIMIT = 120


@shared_task(
    name="notifications.email_deliver",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the row counts attempts; see NOTIFICATIONS_EMAIL_MAX_ATTEMPTS
    soft_time_limit=SEND_TIME_LIMIT - 30,
    time_limit=SEND_TIME_LIMIT,
    ignore_result=True,
)
def email_deliver(self: Task[Any, Any], email_id: int) -> str:
    result = outbox.email_send(email_id=email_id)
    if result.retry_in is not None:
        raise self.retry(countdown=result.retry_in)
    return result.outcome.value


@shared_task(
    name="notifications.email_sweep",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def email_sweep() -> dict[str, int]:
    result = outbox.outbox_sweep()
    return {
        "republished": result.republished,
        "recovered": result.recovered,
        "abandoned": result.abandoned,
    }


@shared_task(
    name="notifications.digests_start",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, BrokerError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def digests_start(frequency: str) -> int:
    return digests.digests_schedule(frequency=frequency)


@shared_task(
    name="notifications.digest_batch_send",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def digest_batch_send(frequency: str, period: str, user_ids: list[int]) -> int:
    built = digests.digest_batch_build(
        frequency=frequency, period=date.fromisoformat(period), user_ids=user_ids
    )
    result = outbox.email_batch_send(email_ids=built)
    for email_id, delay in result.retry.items():
        email_deliver.apply_async((email_id,), countdown=delay, queue=DIGESTS_QUEUE)
    return result.sent
