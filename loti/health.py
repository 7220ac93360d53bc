from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from loti.celery import app as celery_app


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        return "unavailable"


def _broker_state() -> str:
    try:
        with celery_app.connection_for_write() as broker:
            # No pause before the retry: probes time out (Kubernetes' after one second),
            # and a probe that times out fails the web tier for the broker's sake.
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return "ok"
    except Exception:
        return "unavailable"


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; the broker's state is reported, not fatal."""
    state = {"database": _database_state(), "broker": _broker_state()}
    state["status"] = "ok" if state["database"] == "ok" else "unavailable"
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)
