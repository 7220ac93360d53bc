"""Following the e-mailed link: choosing a new password, then signing in with it."""

from __future__ import annotations

import re

from django.core import mail

from tests.factories import PASSWORD
from tests.frontend.helpers import read, title

NEW_PASSWORD = "a-fresh-and-long-passphrase"


def _emailed_link(client, email: str) -> str:
    client.post("/password-reset/", {"email": email})
    match = re.search(r"http://testserver(/password-reset/\S+/\S+/)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def _form_page(client, email: str) -> str:
    """The set-password page the link leads to (Django hides the token from the URL)."""
    response = client.get(_emailed_link(client, email))
    assert response.status_code == 302
    return response["Location"]


def test_reset_end_to_end_new_password_signs_in_and_old_does_not(client, alice):
    form_page = _form_page(client, alice.email)
    response = client.get(form_page)
    assert response.status_code == 200
    assert read(response).h1 == ["Choose a new password"]
    assert read(response).title == title("Choose a new password")

    response = client.post(
        form_page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response["Location"] == "/password-reset/done/"
    done = client.get("/password-reset/done/")
    assert read(done).h1 == ["Your password has been changed"]
    old = client.post("/sign-in/", {"username": alice.email, "password": PASSWORD})
    assert old.status_code == 200
    response = client.post("/sign-in/", {"username": alice.email, "password": NEW_PASSWORD})
    assert response["Location"] == "/account/"


def test_link_works_once(client, alice):
    link = _emailed_link(client, alice.email)
    form_page = client.get(link)["Location"]
    client.post(form_page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    page = read(response)
    assert page.h1 == ["This link has expired or been used"]
    assert page.title == title("This link has expired or been used")
    assert b'href="/password-reset/"' in response.content


def test_tampered_link_is_refused(client, alice):
    link = _emailed_link(client, alice.email)

    response = client.get(link[:-3] + "xx/", follow=True)

    assert read(response).h1 == ["This link has expired or been used"]


def test_weak_password_is_named_at_the_new_password(client, alice):
    form_page = _form_page(client, alice.email)

    response = client.post(form_page, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Error: Choose a new password")
    assert ("#id_new_password1", "This password is too common.") in page.summary
    assert ("#id_new_password1", "This password is entirely numeric.") in page.summary
    assert "This password is too common." in page.field_errors["id_new_password1"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_different_passwords_are_named_at_the_confirmation(client, alice):
    form_page = _form_page(client, alice.email)

    response = client.post(
        form_page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )

    assert read(response).summary == [
        ("#id_new_password2", "Enter the same password in both fields")
    ]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
