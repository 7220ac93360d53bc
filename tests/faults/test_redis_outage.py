"""Redis stops while people use the service: pages and the API keep answering, e-mail
waits in the outbox, and once Redis is back a real worker delivers it, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from loti.accounts.models import Organisation, User
from loti.notifications.models import OutboundEmail
from loti.notifications.tasks import email_sweep
from tests.faults.conftest import PrivateRedis, Workers
from tests.faults.senders import sent_lines
from tests.notifications.conftest import wait_until

pytestmark = pytest.mark.celery_worker

PAGES = ["/", "/tenders/", "/projects/", "/account/", "/notifications/", "/healthz"]
API = ["/api/me/", "/api/tenders/", "/api/projects/", "/api/notifications/"]
INVITATIONS = "/api/organisations/camden-test/invitations/"
# More than the broker connection pool holds (Celery's broker_pool_limit, 10): a
# connection that failed must go back to the pool, or requests would queue for one.
WRITES = 12


def test_the_service_keeps_serving_without_redis_and_mail_goes_out_when_it_returns(
    private_redis: PrivateRedis,
    workers: Workers,
    client: Client,
    api: Callable[[User | None], APIClient],
    alice: User,
    camden: Organisation,
    sent_log: Path,
) -> None:
    worker = workers.start(NOTIFICATIONS_SWEEP_GRACE_SECONDS="0")
    client.force_login(alice)
    # While Redis is up, an invitation is delivered straight away: the pooled
    # connections that the outage breaks are in use before it.
    assert api(alice).post(INVITATIONS, {"email": "before@camden-test.example"}).status_code == 201
    wait_until(lambda: len(sent_lines(sent_log)) == 1, what="the first invitation")

    private_redis.stop()

    for path in PAGES:
        assert client.get(path).status_code == 200, path
    for path in API:
        assert api(alice).get(path).status_code == 200, path
    assert client.get("/healthz").json() == {
        "database": "ok",
        "broker": "unavailable",
        "status": "ok",
    }
    for n in range(WRITES):
        response = api(alice).post(INVITATIONS, {"email": f"during-{n}@camden-test.example"})
        assert response.status_code == 201, response.content
    page = client.post(
        "/organisations/camden-test/members/",
        {"email": "page@camden-test.example", "role": "member"},
    )
    assert page.status_code == 302
    waiting = OutboundEmail.objects.exclude(to_address="before@camden-test.example")
    assert waiting.count() == WRITES + 1
    assert set(waiting.values_list("state", "attempts")) == {("pending", 0)}
    assert len(sent_lines(sent_log)) == 1

    private_redis.start()
    # The worker that lived through the outage reconnects and runs the sweep, which
    # hands it what was left in the outbox (beat would do this every minute).
    email_sweep.delay()

    wait_until(
        lambda: not OutboundEmail.objects.exclude(state="sent").exists(),
        timeout=120,
        what="the outbox to empty",
    )
    assert worker.process.poll() is None
    addresses = [address for _, address in sent_lines(sent_log)]
    assert sorted(addresses) == sorted(OutboundEmail.objects.values_list("to_address", flat=True))
    assert len(addresses) == len(set(addresses)) == WRITES + 2
