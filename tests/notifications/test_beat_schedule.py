"""Beat's schedule reaches django-celery-beat's tables, in London time."""

from __future__ import annotations

from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from loti.celery import app


def test_database_scheduler_syncs_the_notification_schedule(transactional_db: None) -> None:
    # Transactional: the scheduler closes "old" connections, which includes one inside
    # a test's transaction.
    DatabaseScheduler(app=app)

    tasks = {task.name: task for task in PeriodicTask.objects.all()}
    sweep = tasks["notifications-email-sweep"]
    assert (sweep.task, sweep.interval.every, sweep.interval.period) == (
        "notifications.email_sweep",
        60,
        "seconds",
    )
    daily = tasks["notifications-daily-digest"]
    assert (daily.task, daily.args) == ("notifications.digests_start", '["daily"]')
    assert (daily.crontab.hour, daily.crontab.minute) == ("7", "0")
    assert str(daily.crontab.timezone) == "Europe/London"
    weekly = tasks["notifications-weekly-digest"]
    assert (weekly.args, weekly.crontab.day_of_week) == ('["weekly"]', "monday")
    assert str(weekly.crontab.timezone) == "Europe/London"
