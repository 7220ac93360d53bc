"""Redis down during a request: the request succeeds, the e-mail waits in the outbox,
and the sweep delivers it once the broker is back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from loti.accounts.models import Organisation, User
from loti.celery import app
from loti.notifications.models import OutboundEmail
from loti.notifications.tasks import email_sweep
from tests.notifications.conftest import wait_until

pytestmark = pytest.mark.celery_worker

CLOSED_PORT = "redis://127.0.0.1:1/0"


def test_request_succeeds_without_the_broker_and_the_sweep_delivers_later(
    celery_worker: Any,
    api: Callable[[User | None], APIClient],
    alice: User,
    camden: Organisation,
    mailoutbox: list[Any],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    # Publishing now goes to a port nobody listens on; the worker keeps its own
    # connection to the real Redis, as a worker on another host would.
    monkeypatch.setattr(app.conf, "broker_write_url", CLOSED_PORT)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)

    response = api(alice).post(
        "/api/organisations/camden-test/invitations/", {"email": "dana@camden-test.example"}
    )

    assert response.status_code == 201
    email = OutboundEmail.objects.get()
    assert (email.state, email.attempts) == ("pending", 0)
    assert mailoutbox == []

    monkeypatch.undo()  # the broker is back
    email_sweep.delay()

    wait_until(lambda: len(mailoutbox) == 1, what="the swept e-mail")
    assert mailoutbox[0].to == ["dana@camden-test.example"]
    # The row is marked after the message has left: wait for that too.
    wait_until(lambda: OutboundEmail.objects.filter(state="sent").exists(), what="the mark")
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 1)
