"""POST/DELETE /api/auth/token/: API tokens for scripts and the other services."""

from __future__ import annotations

from django.contrib import admin
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from loti.accounts.models import User
from tests.factories import PASSWORD
from tests.loti.helpers import assert_error

URL = "/api/auth/token/"


def sign_in(username: str, password: str = PASSWORD) -> tuple[APIClient, str]:
    client = APIClient()
    response = client.post(URL, {"username": username, "password": password})
    assert response.status_code == 200, response.content
    return client, response.json()["token"]


def test_right_password_returns_a_token(alice: User):
    response = APIClient().post(URL, {"username": alice.email, "password": PASSWORD})

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=alice).key}


def test_token_signs_the_api_in(alice: User):
    client, token = sign_in(alice.email)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get("/api/me/")

    assert response.status_code == 200
    assert response.json()["email"] == alice.email


def test_signing_in_twice_returns_the_same_token(alice: User):
    _, first = sign_in(alice.email)
    _, second = sign_in(alice.email)

    assert first == second


def test_email_is_case_insensitive(alice: User):
    _, token = sign_in(alice.email.upper())

    assert Token.objects.get(key=token).user == alice


def test_wrong_password_is_400_naming_password(alice: User):
    response = APIClient().post(URL, {"username": alice.email, "password": "not-it"})

    assert_error(response, 400, "password")
    assert not Token.objects.filter(user=alice).exists()


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(db: None):
    response = APIClient().post(URL, {"username": "nobody@example.org", "password": "x"})

    body = assert_error(response, 400, "password")
    assert body["message"] == "The e-mail address or password is not right."


def test_inactive_person_cannot_get_a_token(alice: User):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = APIClient().post(URL, {"username": alice.email, "password": PASSWORD})

    assert_error(response, 400, "password")


def test_missing_fields_are_named(db: None):
    response = APIClient().post(URL, {})

    assert_error(response, 400, "username", "password")


def test_delete_revokes_the_token(alice: User):
    client, token = sign_in(alice.email)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.delete(URL)

    assert response.status_code == 204
    assert not Token.objects.filter(key=token).exists()
    assert_error(client.get("/api/me/"), 401)


def test_anonymous_delete_is_401_with_the_scheme_to_use(db: None):
    response = APIClient().delete(URL)

    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_sign_in_is_throttled_after_20_attempts_a_minute(alice: User):
    client = APIClient()
    for _ in range(20):
        client.post(URL, {"username": alice.email, "password": "guess"})

    response = client.post(URL, {"username": alice.email, "password": PASSWORD})

    assert_error(response, 429)


def test_account_added_in_the_admin_with_capitals_can_sign_in(db: None):
    form_class = admin.site._registry[User].get_form(RequestFactory().get("/"), obj=None)
    form = form_class(
        data={
            "email": "Grace.Hopper@Camden.Example",
            "full_name": "Grace Hopper",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        }
    )
    assert form.is_valid(), form.errors
    form.save()

    _, token = sign_in("grace.hopper@camden.example", "a-long-enough-passphrase")

    assert Token.objects.get(key=token).user.email == "grace.hopper@camden.example"


def test_admin_cannot_add_a_second_account_differing_only_in_case(alice: User):
    form_class = admin.site._registry[User].get_form(RequestFactory().get("/"), obj=None)
    form = form_class(
        data={
            "email": alice.email.upper(),
            "full_name": "Alice Again",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        }
    )

    assert not form.is_valid()
    assert "email" in form.errors
