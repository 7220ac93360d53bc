from __future__ import annotations

from tests.factories import PASSWORD
from tests.frontend.helpers import read, title


def test_page_has_email_and_password_fields_for_password_managers(client, db):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Sign in")
    assert page.h1 == ["Sign in"]
    assert b'autocomplete="email"' in response.content
    assert b'autocomplete="current-password"' in response.content
    assert b'data-module="govuk-password-input"' in response.content


def test_correct_password_signs_in_and_lands_on_account(client, alice):
    answers = {"username": "Alice@Camden-Test.example", "password": PASSWORD}

    response = client.post("/sign-in/", answers)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_sign_in_returns_to_the_page_asked_for(client, alice):
    next_page = "/organisations/camden-test/members/"

    response = client.post(
        "/sign-in/", {"username": alice.email, "password": PASSWORD, "next": next_page}
    )

    assert response["Location"] == next_page


def test_sign_in_does_not_redirect_to_another_site(client, alice):
    response = client.post(
        "/sign-in/",
        {"username": alice.email, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/account/"


def test_wrong_password_is_shown_in_summary_and_at_the_password(client, alice):
    response = client.post("/sign-in/", {"username": alice.email, "password": "wrong-password"})

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Error: Sign in")
    assert page.summary == [("#id_password", "The email address or password is not right")]
    assert page.field_errors == {"id_password": "Error: The email address or password is not right"}
    assert "_auth_user_id" not in client.session
    # The address is kept, the password is not.
    assert f'value="{alice.email}"'.encode() in response.content
    assert b"wrong-password" not in response.content


def test_missing_fields_are_each_named(client, db):
    response = client.post("/sign-in/", {"username": "", "password": ""})

    page = read(response)
    assert page.summary == [
        ("#id_username", "Enter your email address"),
        ("#id_password", "Enter your password"),
    ]
    assert set(page.field_errors) == {"id_username", "id_password"}


def test_badly_formed_email_address_is_named(client, db):
    response = client.post("/sign-in/", {"username": "alice-at-camden", "password": "x"})

    assert read(response).summary == [
        ("#id_username", "Enter an email address in the correct format, like name@example.com")
    ]


def test_signed_in_person_is_sent_to_their_account(client, alice):
    client.force_login(alice)

    response = client.get("/sign-in/")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
