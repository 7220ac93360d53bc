"""Asking for a password reset link: /password-reset/ and /password-reset/sent/."""

from __future__ import annotations

from django.core import mail

from tests.frontend.helpers import read, title


def test_page_asks_for_the_email_address(client, db):
    response = client.get("/password-reset/")

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Reset your password")
    assert page.h1 == ["Reset your password"]
    assert b'autocomplete="email"' in response.content


def test_known_address_is_sent_a_link(client, alice):
    response = client.post("/password-reset/", {"email": "ALICE@camden-test.example"})

    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@camden-test.example"]
    assert mail.outbox[0].subject == "Reset your LOTI Workspace password"
    assert "http://testserver/password-reset/" in mail.outbox[0].body


def test_unknown_address_gets_the_same_answer_and_no_email(client, db):
    # Nobody learns which addresses have accounts by asking.
    response = client.post("/password-reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_badly_formed_address_is_named(client, db):
    response = client.post("/password-reset/", {"email": "not-an-address"})

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Error: Reset your password")
    assert page.summary == [
        ("#id_email", "Enter an email address in the correct format, like name@example.com")
    ]
    assert mail.outbox == []


def test_sent_page_says_to_check_email(client, db):
    response = client.get("/password-reset/sent/")

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Check your email")
    assert page.h1 == ["Check your email"]
