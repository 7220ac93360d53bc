"""/api/notifications/: list, unread count, mark read, mark all read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from loti.accounts.models import User
from loti.notifications.models import Notification
from tests.notifications.helpers import project_updated

LIST = "/api/notifications/"
COUNT = "/api/notifications/unread-count/"
READ_ALL = "/api/notifications/read-all/"

Api = Callable[[User | None], APIClient]


def read_url(notification: Notification) -> str:
    return f"/api/notifications/{notification.pk}/read/"


def test_owner_lists_their_notifications_newest_first(api: Api, alice: User, bob: User) -> None:
    project_updated(alice, name="Older", actor=bob)
    project_updated(alice, name="Newer")
    project_updated(bob, name="Bob's own")

    response = api(alice).get(LIST)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [n["title"] for n in results] == ["Newer was updated", "Older was updated"]
    assert results[1]["actor"] == bob.full_name
    assert results[0]["link"] == "http://testserver/projects/1/"
    assert (results[0]["category"], results[0]["is_read"]) == ("projects", False)


def test_unread_filter(api: Api, alice: User) -> None:
    first, *_ = project_updated(alice, name="Read already")
    project_updated(alice, name="Still new")
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)

    titles = [n["title"] for n in api(alice).get(LIST, {"unread": "true"}).json()["results"]]

    assert titles == ["Still new was updated"]
    assert api(alice).get(LIST, {"unread": "maybe"}).status_code == 400


def test_list_query_count_does_not_grow_with_rows(
    api: Api, alice: User, bob: User, django_assert_num_queries: Any
) -> None:
    client = api(alice)
    for n in range(3):
        project_updated(alice, name=f"Project {n}", actor=bob)
    # SELECT notifications LEFT JOIN accounts_user (actor) ORDER BY -created_at, -id LIMIT 51
    with django_assert_num_queries(1):
        assert len(client.get(LIST).json()["results"]) == 3
    for n in range(20):
        project_updated(alice, name=f"More {n}", actor=bob)
    with django_assert_num_queries(1):
        assert len(client.get(LIST).json()["results"]) == 23


def test_unread_count(api: Api, alice: User, django_assert_num_queries: Any) -> None:
    project_updated(alice)
    project_updated(alice)
    client = api(alice)

    with django_assert_num_queries(1):
        response = client.get(COUNT)

    assert response.json() == {"unread": 2}


def test_owner_marks_one_read(api: Api, alice: User) -> None:
    notification, *_ = project_updated(alice)
    project_updated(alice)

    response = api(alice).post(read_url(notification))

    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert api(alice).get(COUNT).json() == {"unread": 1}


def test_marking_read_twice_keeps_the_first_time(api: Api, alice: User) -> None:
    notification, *_ = project_updated(alice)
    api(alice).post(read_url(notification))
    notification.refresh_from_db()
    first = notification.read_at

    api(alice).post(read_url(notification))

    notification.refresh_from_db()
    assert notification.read_at == first


def test_it_checks_ownership(api: Api, alice: User, bob: User, charlie: User) -> None:
    notification, *_ = project_updated(alice)

    # bob shares alice's organisation, charlie does not: both get the same 404.
    for other in (bob, charlie):
        response = api(other).post(read_url(notification))
        assert response.status_code == 404
        assert response.json() == {"message": "Not found.", "fields": {}}
        assert api(other).get(LIST).json()["results"] == []
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_missing_notification_is_404(api: Api, alice: User) -> None:
    assert api(alice).post("/api/notifications/999999/read/").status_code == 404


def test_mark_all_read_touches_only_your_own(api: Api, alice: User, bob: User) -> None:
    project_updated(alice)
    project_updated(alice)
    project_updated(bob)

    response = api(alice).post(READ_ALL)

    assert response.json() == {"marked_read": 2}
    assert api(alice).get(COUNT).json() == {"unread": 0}
    assert api(bob).get(COUNT).json() == {"unread": 1}


def test_anonymous_gets_401(api: Api, alice: User) -> None:
    notification, *_ = project_updated(alice)
    anonymous = api(None)

    assert anonymous.get(LIST).status_code == 401
    assert anonymous.get(COUNT).status_code == 401
    assert anonymous.post(READ_ALL).status_code == 401
    assert anonymous.post(read_url(notification)).status_code == 401
