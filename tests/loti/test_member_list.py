"""GET /api/organisations/{slug}/members/."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from rest_framework.test import APIClient

from loti.accounts.models import Membership, Organisation, User
from tests.factories import member_of
from tests.loti.helpers import assert_error, count_queries

URL = "/api/organisations/camden-test/members/"


def test_admin_lists_the_members(api: Callable[[User | None], APIClient], alice: User, bob: User):
    response = api(alice).get(URL)

    assert response.status_code == 200
    assert sorted((m["email"], m["role"]) for m in response.json()) == [
        ("alice@camden-test.example", "admin"),
        ("bob@camden-test.example", "member"),
    ]


def test_member_lists_the_members(api: Callable[[User | None], APIClient], alice: User, bob: User):
    response = api(bob).get(URL)

    assert response.status_code == 200
    assert {m["user_id"] for m in response.json()} == {alice.pk, bob.pk}


def test_network_admin_lists_the_members(
    api: Callable[[User | None], APIClient], alice: User, network_admin: User
):
    assert api(network_admin).get(URL).status_code == 200


def test_ended_members_are_not_listed(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    Membership.objects.filter(user=bob).update(ended_at=timezone.now())

    assert [m["user_id"] for m in api(alice).get(URL).json()] == [alice.pk]


def test_it_checks_ownership(api: Callable[[User | None], APIClient], alice: User, charlie: User):
    assert_error(api(charlie).get(URL), 404)


def test_former_member_gets_404(api: Callable[[User | None], APIClient], alice: User, bob: User):
    Membership.objects.filter(user=bob).update(ended_at=timezone.now())

    assert_error(api(bob).get(URL), 404)


def test_unknown_organisation_is_404(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).get("/api/organisations/nowhere/members/"), 404)


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(None).get(URL), 401)


def test_query_count_does_not_grow_with_rows(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    # Expected queries:
    #   1. the organisation by slug
    #   2. the viewer's active membership of it (the access check)
    #   3. the active members, joined to their users
    client = api(alice)
    for _ in range(3):
        member_of(camden)
    few, sql, response = count_queries(lambda: client.get(URL))
    assert len(response.json()) == 4
    for _ in range(30):
        member_of(camden)

    many, sql_many, response = count_queries(lambda: client.get(URL))

    assert len(response.json()) == 34
    assert few == many == 3, f"{few} vs {many} queries:\n{sql}\n---\n{sql_many}"
