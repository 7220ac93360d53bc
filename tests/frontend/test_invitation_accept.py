from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from loti.accounts import services
from loti.accounts.models import Invitation, Membership, User
from tests.factories import PASSWORD, UserFactory
from tests.frontend.helpers import read, title

NEW_PASSWORD = "a-fresh-and-long-passphrase"


@pytest.fixture
def invitation(alice, camden) -> Invitation:
    return services.invitation_create(
        acting_user=alice, organisation=camden, email="dana@camden-test.example", role="admin"
    )


@pytest.fixture
def url(invitation) -> str:
    return f"/invitations/{services.invitation_token(invitation)}/"


def test_new_person_sees_who_invited_them_and_a_form(client, url, alice):
    response = client.get(url)

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Join Camden (test)")
    assert page.h1 == ["Join Camden (test)"]
    assert b"dana@camden-test.example" in response.content
    assert b"as an administrator" in response.content
    assert b'autocomplete="name"' in response.content
    assert b'autocomplete="new-password"' in response.content


def test_new_person_creates_account_joins_and_is_signed_in(client, url):
    response = client.post(url, {"full_name": "Dana Scully", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    dana = User.objects.get(email="dana@camden-test.example")
    assert dana.full_name == "Dana Scully"
    assert dana.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=dana).role == "admin"
    account = client.get("/account/")
    assert account.status_code == 200
    assert b"You have joined Camden (test)" in account.content


def test_weak_password_and_missing_name_are_named_and_nothing_is_created(client, url):
    response = client.post(url, {"full_name": "", "password": "password"})

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Error: Join Camden (test)")
    assert page.summary == [
        ("#id_full_name", "Enter your full name"),
        ("#id_password", "This password is too common."),
    ]
    assert page.field_errors["id_password"] == "Error: This password is too common."
    assert not User.objects.filter(email="dana@camden-test.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_password_like_the_address_is_refused(client, url):
    response = client.post(url, {"full_name": "Dana Scully", "password": "danacamdentest"})

    assert read(response).summary == [("#id_password", "The password is too similar to the email.")]


def test_existing_account_is_asked_to_sign_in_first(client, url):
    UserFactory(email="dana@camden-test.example")

    response = client.get(url)

    assert response.status_code == 200
    assert b'name="password"' not in response.content
    assert f'href="/sign-in/?next={url.replace(":", "%3A")}"'.encode() in response.content


def test_existing_account_accepts_after_signing_in(client, url):
    dana = UserFactory(email="dana@camden-test.example")
    signed_in = client.post(
        f"/sign-in/?next={url}", {"username": dana.email, "password": PASSWORD, "next": url}
    )
    assert signed_in["Location"] == url
    assert b"Accept the invitation" in client.get(url).content

    response = client.post(url)

    assert response["Location"] == "/account/"
    assert Membership.objects.filter(user=dana, organisation__slug="camden-test").exists()


def test_wrong_signed_in_person_is_told_and_offered_sign_out(client, url, bob):
    client.force_login(bob)

    response = client.get(url)

    assert response.status_code == 200
    assert b"You are signed in as bob@camden-test.example" in response.content
    assert b"Accept the invitation" not in response.content
    assert f'<input type="hidden" name="next" value="{url}">'.encode() in response.content


def test_wrong_signed_in_person_cannot_accept(client, url, charlie):
    client.force_login(charlie)

    response = client.post(url)

    assert response.status_code == 403
    assert read(response).h1 == ["This invitation link cannot be used"]
    assert b"This invitation is for dana@camden-test.example" in response.content
    assert not Membership.objects.filter(user=charlie, organisation__slug="camden-test").exists()


def test_used_link_shows_a_clear_page(client, url):
    client.post(url, {"full_name": "Dana Scully", "password": NEW_PASSWORD})
    client.logout()

    response = client.get(url)

    assert response.status_code == 410
    page = read(response)
    assert page.title == title("This invitation link cannot be used")
    assert page.h1 == ["This invitation link cannot be used"]
    assert b"This invitation has already been used." in response.content


def test_revoked_link_shows_a_clear_page(client, url, invitation, alice):
    services.invitation_revoke(acting_user=alice, invitation=invitation)

    response = client.get(url)

    assert response.status_code == 410
    assert b"This invitation was withdrawn." in response.content


def test_expired_link_shows_a_clear_page(client, url, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))

    response = client.get(url)

    assert response.status_code == 410
    assert b"This invitation has expired." in response.content


def test_expired_link_cannot_be_posted_either(client, url, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))

    response = client.post(url, {"full_name": "Dana Scully", "password": NEW_PASSWORD})

    assert response.status_code == 410
    assert not User.objects.filter(email="dana@camden-test.example").exists()


@pytest.mark.parametrize("token", ["not-a-token", "tampered"])
def test_tampered_link_shows_a_clear_page(client, url, token):
    if token == "tampered":
        token = url.split("/")[2][:-2] + "xx"

    response = client.get(f"/invitations/{token}/")

    assert response.status_code == 400
    assert read(response).h1 == ["This invitation link cannot be used"]
    assert b"This invitation link is not valid." in response.content
