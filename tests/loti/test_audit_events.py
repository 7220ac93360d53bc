"""GET /api/audit-events/: the audit log, for network administrators."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from loti.accounts.models import Organisation, User
from loti.audit.models import AuditEvent
from loti.audit.services import audit_record
from tests.loti.helpers import assert_error, count_queries

URL = "/api/audit-events/"


def record(actor: User, organisation: Organisation, verb: str = "thing.happened") -> AuditEvent:
    return audit_record(actor=actor, verb=verb, target=organisation, organisation=organisation)


def test_network_admin_reads_the_log_newest_first(
    api: Callable[[User | None], APIClient], network_admin: User, alice: User, camden: Organisation
):
    first = record(alice, camden, "first.thing")
    second = record(alice, camden, "second.thing")

    response = api(network_admin).get(URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [e["id"] for e in results] == [second.pk, first.pk]
    assert results[0] == {
        "id": second.pk,
        "created_at": results[0]["created_at"],
        "actor": alice.email,
        "organisation": "camden-test",
        "verb": "second.thing",
        "target_type": "accounts.organisation",
        "target_id": str(camden.pk),
        "target_repr": "Camden (test)",
        "detail": {},
    }


def test_system_events_have_no_actor_or_target(
    api: Callable[[User | None], APIClient], network_admin: User
):
    audit_record(actor=None, verb="system.thing")

    [event] = api(network_admin).get(URL).json()["results"]
    assert (event["actor"], event["organisation"], event["target_type"]) == (None, None, None)


def test_it_filters_by_verb(
    api: Callable[[User | None], APIClient], network_admin: User, alice: User, camden: Organisation
):
    record(alice, camden, "wanted")
    record(alice, camden, "unwanted")

    results = api(network_admin).get(URL, {"verb": "wanted"}).json()["results"]

    assert [e["verb"] for e in results] == ["wanted"]


def test_it_filters_by_organisation(
    api: Callable[[User | None], APIClient],
    network_admin: User,
    alice: User,
    camden: Organisation,
    hackney: Organisation,
):
    record(alice, camden)
    record(alice, hackney)

    results = api(network_admin).get(URL, {"organisation": "hackney-test"}).json()["results"]

    assert [e["organisation"] for e in results] == ["hackney-test"]


def test_it_is_cursor_paginated(
    api: Callable[[User | None], APIClient], network_admin: User, alice: User, camden: Organisation
):
    events = [record(alice, camden, f"event.{n}") for n in range(5)]
    client = api(network_admin)

    page = client.get(URL, {"page_size": 3}).json()
    rest = client.get(page["next"]).json()

    assert [e["id"] for e in page["results"] + rest["results"]] == [e.pk for e in events[::-1]]
    assert rest["next"] is None


def test_borough_admin_gets_403(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).get(URL), 403)


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], db: None):
    assert_error(api(None).get(URL), 401)


def test_query_count_does_not_grow_with_rows(
    api: Callable[[User | None], APIClient], network_admin: User, alice: User, camden: Organisation
):
    # Expected queries:
    #   1. the page of events, joined to actor, organisation and target content type
    client = api(network_admin)
    for _ in range(3):
        record(alice, camden)
    few, sql, response = count_queries(lambda: client.get(URL))
    assert len(response.json()["results"]) == 3
    for _ in range(30):
        record(alice, camden)

    many, sql_many, response = count_queries(lambda: client.get(URL))

    assert len(response.json()["results"]) == 33
    assert few == many == 1, f"{few} vs {many} queries:\n{sql}\n---\n{sql_many}"
