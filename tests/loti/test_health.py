"""GET /healthz: the load balancer's probe."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client

from loti.celery import app as celery_app
from tests.conftest import broker_answers, require


@pytest.fixture
def unreachable_broker() -> Iterator[None]:
    previous = celery_app.conf.broker_url
    celery_app.conf.update(broker_url="redis://127.0.0.1:1/0")
    yield
    celery_app.conf.update(broker_url=previous)


def test_it_reports_the_database_and_broker_ok(client: Client, db: None):
    require(broker_answers(), f"Redis at {settings.CELERY_BROKER_URL}")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_broker_down_is_reported_but_not_fatal(client: Client, db: None, unreachable_broker: None):
    started = time.monotonic()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "unavailable", "status": "ok"}
    # A probe that times out fails like a dead server: Kubernetes waits one second.
    assert time.monotonic() - started < 1


def test_it_answers_get_only(client: Client, db: None):
    assert client.post("/healthz").status_code == 405
