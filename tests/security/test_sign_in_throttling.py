"""Wrong passwords are throttled per e-mail address and IP address together, with a
cool-off: never a lock an attacker elsewhere can put on someone else's account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from tests.frontend.helpers import read

LOCKED = "You have entered a wrong password too many times. Wait 15 minutes, then try again."
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


def sign_in(client: Client, email: str, password: str, ip: str = ATTACKER):
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client: Client, email: str, ip: str = ATTACKER):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, email, "not-the-password", ip)
    return response


def move_the_clock_past_the_cool_off() -> None:
    """Make every recorded failure as old as it would be after the cool-off."""
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )


def test_the_cool_off_is_fifteen_minutes_and_the_lock_is_by_address_and_ip():
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_lock_the_sign_in_with_a_clear_message(client, alice):
    response = fail_until_locked(client, alice.email)

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = read(response)
    assert page.title.startswith("Error: Sign in")
    assert page.summary == [("#id_password", LOCKED)]
    assert page.field_errors["id_password"] == f"Error: {LOCKED}"


def test_the_right_password_is_refused_while_locked(client, alice):
    fail_until_locked(client, alice.email)

    response = sign_in(client, alice.email, PASSWORD)

    assert response.status_code == 429
    assert read(response).summary == [("#id_password", LOCKED)]
    assert "_auth_user_id" not in client.session


def test_a_lock_from_one_address_does_not_lock_the_owner_out_from_theirs(client, alice):
    fail_until_locked(client, alice.email, ATTACKER)

    response = sign_in(Client(), alice.email, PASSWORD, VICTIM)

    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_the_lock_lifts_after_the_cool_off(client, alice):
    fail_until_locked(client, alice.email)
    move_the_clock_past_the_cool_off()

    response = sign_in(client, alice.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_fewer_failures_than_the_limit_do_not_lock(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, alice.email, "not-the-password")

    assert sign_in(client, alice.email, PASSWORD).status_code == 302


def test_the_address_is_counted_whatever_its_capitals(client, alice):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, alice.email.upper() if n % 2 else alice.email, "not-the-password")

    assert sign_in(client, alice.email, PASSWORD).status_code == 429


def token(email: str, password: str, ip: str = ATTACKER):
    return APIClient().post(
        "/api/auth/token/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_the_token_api_locks_too_and_answers_in_the_error_shape(alice):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = token(alice.email, "not-the-password")

    assert response.status_code == 429
    assert response.json() == {"message": LOCKED, "fields": {}}
    assert token(alice.email, PASSWORD).status_code == 429
    assert token(alice.email, PASSWORD, VICTIM).status_code == 200


def test_the_token_api_unlocks_after_the_cool_off(alice):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        token(alice.email, "not-the-password")
    move_the_clock_past_the_cool_off()

    response = token(alice.email, PASSWORD)

    assert response.status_code == 200
    assert set(response.json()) == {"token"}


def test_page_and_api_failures_count_against_the_same_lock(client, alice):
    for n in range(settings.AXES_FAILURE_LIMIT):
        if n % 2:
            token(alice.email, "not-the-password")
        else:
            sign_in(client, alice.email, "not-the-password")

    assert sign_in(client, alice.email, PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("forwarded", "proxies", "counted_as"),
    [
        ("", 0, "10.0.0.9"),
        ("192.0.2.1, 198.51.100.7", 0, "10.0.0.9"),
        ("192.0.2.1, 198.51.100.7", 1, "198.51.100.7"),
        ("192.0.2.1, 198.51.100.7", 2, "192.0.2.1"),
    ],
)
def test_behind_trusted_proxies_the_client_address_is_the_one_they_added(
    rf, settings, forwarded, proxies, counted_as
):
    from loti.accounts.sign_in import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.post("/sign-in/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == counted_as
