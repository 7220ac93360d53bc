"""Celery tasks: thin wrappers, safe to run twice (see judging_reminders_send)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from challenges.judging import judging_reminders_send


@shared_task(
    name="challenges.judging_reminders",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def judging_reminders() -> int:
    return judging_reminders_send()
