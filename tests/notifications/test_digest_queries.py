"""Building a batch of summaries costs the same number of queries for 3 people or 30."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.notifications.digests import digest_batch_build
from loti.notifications.models import Category, DigestRun, Frequency, OutboundEmail
from tests.factories import UserFactory
from tests.notifications.helpers import prefer, project_updated

PERIOD = date(2026, 3, 4)

# SAVEPOINT (the test's transaction makes the service's atomic block a savepoint)
# INSERT INTO notifications_digestrun ... SELECT DISTINCT ... ON CONFLICT DO NOTHING RETURNING
# UPDATE notifications_digestitem SET digest_run_id = (SELECT ...) WHERE pending
# SELECT notifications_digestitem JOIN notifications_notification JOIN accounts_user
# INSERT INTO notifications_outboundemail ... (one multi-row insert) RETURNING id
# RELEASE SAVEPOINT
EXPECTED_QUERIES = 6


def people_with_items(count: int) -> list[int]:
    people = [UserFactory.create() for _ in range(count)]
    for person in people:
        prefer(person, Category.PROJECTS, Frequency.DAILY)
        project_updated(person, name="Libraries chatbot")
        project_updated(person, name="Parking sensors")
    return [person.pk for person in people]


def queries_to_build(user_ids: list[int]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        built = digest_batch_build(frequency="daily", period=PERIOD, user_ids=user_ids)
    assert len(built) == len(user_ids)
    return [query["sql"] for query in captured.captured_queries]


def test_a_batch_of_30_costs_what_a_batch_of_3_does(db: None) -> None:
    few = queries_to_build(people_with_items(3))
    many = queries_to_build(people_with_items(30))

    assert len(few) == len(many) == EXPECTED_QUERIES, "\n\n".join(many)
    assert DigestRun.objects.count() == OutboundEmail.objects.count() == 33
