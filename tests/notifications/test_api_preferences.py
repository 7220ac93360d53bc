"""/api/me/notification-preferences/: read and change how often you are e-mailed."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from loti.accounts.models import User
from loti.audit.models import AuditEvent
from loti.notifications.models import NotificationPreference

URL = "/api/me/notification-preferences/"

Api = Callable[[User | None], APIClient]


def as_dict(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return {row["category"]: row["frequency"] for row in body["preferences"]}


def test_owner_reads_the_defaults(api: Api, alice: User) -> None:
    response = api(alice).get(URL)

    assert response.status_code == 200
    assert as_dict(response) == {
        "projects": "daily",
        "tenders": "immediately",
        "challenges": "daily",
        "account": "immediately",
    }
    account = response.json()["preferences"][-1]
    assert (account["category"], account["can_change"]) == ("account", False)


def test_owner_changes_some_categories(api: Api, alice: User) -> None:
    response = api(alice).patch(URL, {"projects": "weekly", "tenders": "off"})

    assert response.status_code == 200
    assert as_dict(response)["projects"] == "weekly"
    assert as_dict(response)["tenders"] == "off"
    assert as_dict(api(alice).get(URL))["challenges"] == "daily"
    event = AuditEvent.objects.get(verb="notification_preferences.updated")
    assert event.detail == {
        "changes": {"projects": "weekly", "tenders": "off"},
        "via": "preferences",
    }


def test_account_cannot_be_turned_off(api: Api, alice: User) -> None:
    response = api(alice).patch(URL, {"account": "off"})

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "account": ["Account and security e-mails are always sent straight away."]
    }
    assert not NotificationPreference.objects.exists()


def test_an_unknown_frequency_names_the_field(api: Api, alice: User) -> None:
    response = api(alice).patch(URL, {"projects": "hourly"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["projects"]


def test_each_person_sees_and_changes_only_their_own(api: Api, alice: User, bob: User) -> None:
    api(alice).patch(URL, {"projects": "off"})

    assert as_dict(api(bob).get(URL))["projects"] == "daily"


def test_anonymous_gets_401(api: Api) -> None:
    assert api(None).get(URL).status_code == 401
    assert api(None).patch(URL, {"projects": "off"}).status_code == 401
