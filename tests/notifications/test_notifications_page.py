"""/notifications/ and the unread count in the header."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from loti.accounts.models import User
from loti.notifications.models import Notification
from tests.notifications.helpers import project_updated


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_page_lists_your_notifications_with_links(client: Client, alice: User) -> None:
    project_updated(alice, name="Libraries chatbot")
    client.force_login(alice)

    response = client.get("/notifications/")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<a class="govuk-link" href="/projects/1/">Libraries chatbot was updated</a>' in content
    assert "Mark all as read" in content


def test_the_header_shows_the_unread_count_for_one_query(client: Client, alice: User) -> None:
    project_updated(alice)
    project_updated(alice)
    client.force_login(alice)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")

    assert b'app-notification-count">2<span class="govuk-visually-hidden"> unread' in (
        response.content
    )
    counting = [q["sql"] for q in captured if "notifications_notification" in q["sql"]]
    assert len(counting) == 1, counting
    assert counting[0].startswith("SELECT COUNT(*)")


def test_no_count_is_shown_when_everything_is_read(client: Client, alice: User) -> None:
    client.force_login(alice)

    response = client.get("/")

    assert b"Notifications" in response.content
    assert b"app-notification-count" not in response.content


def test_marking_one_read_from_the_page(client: Client, alice: User) -> None:
    notification, *_ = project_updated(alice)
    client.force_login(alice)

    response = client.post(f"/notifications/{notification.pk}/read/")

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404_on_the_page(
    client: Client, alice: User, bob: User
) -> None:
    notification, *_ = project_updated(alice)
    client.force_login(bob)

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_all_read_from_the_page(client: Client, alice: User) -> None:
    project_updated(alice)
    project_updated(alice)
    client.force_login(alice)

    response = client.post("/notifications/read-all/", follow=True)

    assert b"2 notifications marked as read." in response.content
    assert not Notification.objects.filter(read_at__isnull=True).exists()
