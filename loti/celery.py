import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loti.settings.dev")

app = Celery("loti")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A task is a request: before and after it, a worker drops the database connections
# that are too old (CONN_MAX_AGE), broken or left mid-transaction, and keeps the rest,
# as Django does around a web request (CONN_HEALTH_CHECKS then checks a kept one before
# its next use). Celery's own Django fix-up would otherwise close every connection
# around every task: a digest batch paid a new PostgreSQL session (a process, and a TLS
# handshake to a managed server) and lost its prepared statements. CELERY_DB_REUSE_MAX
# (loti/settings/base.py) stops that. A task run eagerly (task.apply) is part of
# its caller's request, and of its transaction: it is left alone.


def connections_tidy(sender: Any = None, **kwargs: Any) -> None:
    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()


task_prerun.connect(connections_tidy, weak=False, dispatch_uid="loti.db.prerun")
task_postrun.connect(connections_tidy, weak=False, dispatch_uid="loti.db.postrun")
