from __future__ import annotations


def test_sign_out_ends_the_session_and_goes_home(client, alice):
    client.force_login(alice)

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302


def test_sign_out_by_get_is_refused(client, alice):
    # A link (or an image on another site) must not sign people out.
    client.force_login(alice)

    response = client.get("/sign-out/")

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_sign_out_can_return_to_an_invitation(client, alice):
    client.force_login(alice)

    response = client.post("/sign-out/", {"next": "/invitations/abc/"})

    assert response["Location"] == "/invitations/abc/"
