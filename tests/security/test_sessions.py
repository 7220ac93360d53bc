"""Sessions: a new key at sign-in, an idle limit renewed by activity, an absolute limit
from signing in, and every session and API token ended when an account is disabled."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from loti.accounts.models import SignedInSession
from loti.accounts.sessions import SEEN_AT, SIGNED_IN_AT
from loti.audit.models import AuditEvent
from tests.factories import PASSWORD


def sign_in(client: Client, user) -> None:
    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def move_the_clock(client: Client, *, minutes: float) -> None:
    """As if `minutes` had passed since the session's times were last written."""
    session = client.session
    for key in (SIGNED_IN_AT, SEEN_AT):
        session[key] = session[key] - minutes * 60
    session.save()


def test_the_limits_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_signing_in_gives_the_session_a_new_key(client, alice):
    session = client.session  # a session from before signing in, as a visitor's
    session["visited"] = True
    session.save()
    before = client.cookies["sessionid"].value

    sign_in(client, alice)

    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert SignedInSession.objects.get().session_key == after


def test_an_idle_session_is_signed_out_with_a_message(client, alice):
    sign_in(client, alice)
    move_the_clock(client, minutes=31)

    response = client.get("/account/", follow=True)

    assert response.redirect_chain[0] == ("/sign-in/?next=/account/", 302)
    assert b"You were signed out because you had not used the service for a while" in (
        response.content
    )
    assert not SignedInSession.objects.exists()


def test_activity_keeps_the_session_going(client, alice):
    sign_in(client, alice)
    move_the_clock(client, minutes=20)
    assert client.get("/account/").status_code == 200

    session = client.session
    session[SIGNED_IN_AT] -= 20 * 60  # 40 minutes since signing in, 20 since the last page
    session[SEEN_AT] -= 20 * 60
    session.save()
    assert client.get("/account/").status_code == 200


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, alice):
    sign_in(client, alice)
    session = client.session
    session[SIGNED_IN_AT] -= 12 * 3600 + 60  # signed in twelve hours ago, busy all along
    session.save()

    response = client.get("/account/", follow=True)

    assert response.redirect_chain[0] == ("/sign-in/?next=/account/", 302)
    assert b"because you signed in a long time ago" in response.content


def test_the_api_answers_401_to_a_timed_out_session(client, alice):
    sign_in(client, alice)
    move_the_clock(client, minutes=31)

    response = client.get("/api/me/")

    assert response.status_code == 401


def test_disabling_an_account_ends_all_its_sessions_and_its_api_token(alice, bob):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, alice)
    sign_in(phone, alice)
    sign_in(colleague, bob)
    token = (
        APIClient()
        .post("/api/auth/token/", {"username": alice.email, "password": PASSWORD})
        .json()["token"]
    )

    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 302
    assert colleague.get("/account/").status_code == 200
    assert not Token.objects.filter(user=alice).exists()
    assert APIClient().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert list(SignedInSession.objects.values_list("user__email", flat=True)) == [bob.email]
    event = AuditEvent.objects.get(verb="account.sessions_ended")
    assert event.detail == {"sessions": 2, "api_tokens": 1}


def test_enabling_the_account_again_does_not_bring_its_sessions_back(client, alice):
    sign_in(client, alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    alice.is_active = True
    alice.save(update_fields=["is_active"])

    assert client.get("/account/").status_code == 302


def test_signing_out_forgets_the_session(client, alice):
    sign_in(client, alice)

    client.post("/sign-out/")

    assert not SignedInSession.objects.exists()
