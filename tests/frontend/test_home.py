from __future__ import annotations

from tests.frontend.helpers import read, title


def test_anonymous_person_is_offered_sign_in_and_registration(client, db):
    response = client.get("/")

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Home")
    assert page.h1 == ["LOTI Workspace"]
    assert b'href="/sign-in/"' in response.content
    assert b'href="/suppliers/register/"' in response.content
    assert b"Sign out" not in response.content


def test_signed_in_person_sees_their_address_and_can_sign_out(client, alice):
    client.force_login(alice)

    response = client.get("/")

    assert response.status_code == 200
    assert b"You are signed in as alice@camden-test.example" in response.content
    assert b'<form method="post" action="/sign-out/"' in response.content
    assert b'href="/sign-in/"' not in response.content
