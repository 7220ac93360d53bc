"""/notifications/preferences/: choose how often you are e-mailed."""

from __future__ import annotations

from django.test import Client

from loti.accounts.models import User
from loti.notifications.models import Category, Frequency
from loti.notifications.selectors import preferences_of


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    assert client.get("/notifications/preferences/").status_code == 302


def test_the_page_shows_the_current_choices(client: Client, alice: User) -> None:
    client.force_login(alice)

    content = client.get("/notifications/preferences/").content.decode()

    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Tenders' in content
    assert 'id="id_tenders" name="tenders" type="radio" value="immediately" checked' in content
    assert 'name="account"' not in content
    assert "You cannot turn these off." in content


def test_saving_the_choices(client: Client, alice: User) -> None:
    client.force_login(alice)

    response = client.post(
        "/notifications/preferences/",
        {"projects": "weekly", "tenders": "off", "challenges": "daily"},
        follow=True,
    )

    assert b"Your e-mail choices are saved." in response.content
    assert preferences_of(user=alice) == {
        Category.PROJECTS: Frequency.WEEKLY,
        Category.TENDERS: Frequency.OFF,
        Category.CHALLENGES: Frequency.DAILY,
        Category.ACCOUNT: Frequency.IMMEDIATELY,
    }


def test_a_missing_choice_is_shown_on_the_form(client: Client, alice: User) -> None:
    client.force_login(alice)

    response = client.post("/notifications/preferences/", {"projects": "weekly"})

    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b'href="#id_tenders"' in response.content
    assert preferences_of(user=alice)[Category.PROJECTS] == Frequency.DAILY
