"""The benchmark hook builds and queues summaries; here at a tiny size."""

from __future__ import annotations

from typing import Any

import pytest

from loti.notifications.bench import digest_scenario
from loti.notifications.models import DigestItem, OutboundEmail
from tests.notifications.conftest import wait_until


@pytest.mark.celery_worker
def test_the_digest_scenario_queues_summaries_that_the_worker_sends(
    celery_worker: Any, mailoutbox: list[Any], settings: Any
) -> None:
    settings.NOTIFICATIONS_DIGEST_BATCH_SIZE = 2

    result = digest_scenario(users=5, items=3)

    assert (result.users, result.items, result.batches) == (5, 15, 3)
    assert DigestItem.objects.count() == 15
    wait_until(lambda: len(mailoutbox) == 5, what="five summaries")
    # Each row is marked after its message has left: wait for the last mark too.
    wait_until(
        lambda: OutboundEmail.objects.filter(state="sent", kind="digest").count() == 5,
        what="five summaries marked sent",
    )
    assert {m.subject for m in mailoutbox} == {"Your daily summary from LOTI Workspace: 3 updates"}


def test_it_refuses_to_run_without_demo_data(settings: Any, db: None) -> None:
    settings.ALLOW_DEMO_DATA = False

    with pytest.raises(RuntimeError, match="ALLOW_DEMO_DATA"):
        digest_scenario(users=1, items=1)
