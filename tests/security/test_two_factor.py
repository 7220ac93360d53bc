"""Two-factor sign-in: anyone can turn it on (QR code or key, confirmed with a code),
sign-in then asks for the code, recovery codes work once, and network administrators
must have it before they can do anything else."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from loti.accounts.sign_in import PENDING_KEY
from loti.audit.models import AuditEvent
from tests.conftest import force_login_with_two_factor, totp_code, totp_device
from tests.factories import PASSWORD
from tests.frontend.helpers import read, title

WRONG = "Error: The code is not right. Check your authenticator app and try again"


def pending_code(user) -> str:
    """The code the app shows now for the device being set up."""
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return totp_code(device)


def sign_in_with_password(client: Client, user, next_page: str = ""):
    answers = {"username": user.email, "password": PASSWORD}
    if next_page:
        answers["next"] = next_page
    return client.post("/sign-in/", answers)


def recovery_codes(response) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/account/two-factor/"),
        ("get", "/account/two-factor/set-up/"),
        ("post", "/account/two-factor/set-up/"),
        ("post", "/account/two-factor/recovery-codes/"),
        ("post", "/account/two-factor/turn-off/"),
    ],
)
def test_anonymous_visitors_are_asked_to_sign_in(client, db, method, path):
    response = client.post(path, {"code": "123456"}) if method == "post" else client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"
    assert not TOTPDevice.objects.exists()


def test_the_code_step_without_a_right_password_goes_back_to_sign_in(client, db):
    response = client.get("/sign-in/code/")

    assert response["Location"] == "/sign-in/"


def test_setting_up_shows_a_qr_code_drawn_in_the_page_and_the_key_to_type(client, bob):
    client.force_login(bob)

    response = client.get("/account/two-factor/set-up/")
    again = client.get("/account/two-factor/set-up/")

    page = read(response)
    assert page.title == title("Set up two-factor sign-in")
    html = response.content.decode()
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in html
    assert "<img" not in html.split('id="main-content"')[1]
    device = TOTPDevice.objects.get(user=bob)
    assert not device.confirmed
    secret = re.search(r'id="secret"><code>([A-Z2-7 ]+)</code>', html).group(1)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert again.content.decode().count(secret) == 1
    assert TOTPDevice.objects.filter(user=bob).count() == 1
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_right_code_turns_it_on_and_shows_the_recovery_codes_once(client, bob):
    client.force_login(bob)
    client.get("/account/two-factor/set-up/")

    response = client.post("/account/two-factor/set-up/", {"code": pending_code(bob)})

    assert response.status_code == 200
    assert read(response).h1 == ["Two-factor sign-in is on"]
    codes = recovery_codes(response)
    assert len(codes) == 10
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
    assert TOTPDevice.objects.get(user=bob).confirmed
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(verb="two_factor.enabled", actor=bob).exists()
    account = client.get("/account/").content.decode()
    assert 'Two-factor sign-in</dt>\n    <dd class="govuk-summary-list__value">On' in account
    assert recovery_codes(client.get("/account/two-factor/")) == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Error: Enter the 6-digit code from your authenticator app"),
        ("12345", "Error: Enter the 6-digit code from your authenticator app, like 123456"),
        ("000000", WRONG),
    ],
)
def test_a_missing_or_wrong_code_is_named_and_nothing_is_turned_on(client, bob, code, message):
    client.force_login(bob)
    client.get("/account/two-factor/set-up/")

    response = client.post("/account/two-factor/set-up/", {"code": code})

    page = read(response)
    assert page.title == "Error: " + title("Set up two-factor sign-in")
    assert page.summary == [("#id_code", message.removeprefix("Error: "))]
    assert page.field_errors["id_code"] == message
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not StaticDevice.objects.exists()


def test_sign_in_asks_for_the_code_after_the_password(client, bob):
    device = totp_device(bob)

    response = sign_in_with_password(client, bob, "/projects/")

    assert response["Location"] == "/sign-in/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/account/")["Location"] == "/sign-in/?next=/account/"
    page = read(client.get("/sign-in/code/"))
    assert page.h1 == ["Enter your code"]

    key_before = client.cookies["sessionid"].value
    response = client.post("/sign-in/code/", {"code": totp_code(device)})

    assert response["Location"] == "/projects/"
    assert client.session["_auth_user_id"] == str(bob.pk)
    assert client.cookies["sessionid"].value != key_before
    assert PENDING_KEY not in client.session
    assert client.get("/account/").status_code == 200


def test_a_wrong_code_is_named_and_too_many_start_the_sign_in_again(client, bob):
    totp_device(bob)
    sign_in_with_password(client, bob)

    response = client.post("/sign-in/code/", {"code": "000000"})

    page = read(response)
    assert page.summary == [("#id_code", WRONG.removeprefix("Error: "))]
    assert "_auth_user_id" not in client.session
    for _ in range(4):
        response = client.post("/sign-in/code/", {"code": "000000"})
    assert response["Location"] == "/sign-in/"
    assert PENDING_KEY not in client.session


def test_the_code_step_expires_after_five_minutes(client, bob):
    device = totp_device(bob)
    sign_in_with_password(client, bob)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": session[PENDING_KEY]["at"] - 301}
    session.save()

    response = client.post("/sign-in/code/", {"code": totp_code(device)})

    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client, bob):
    totp_device(bob)
    device = StaticDevice.objects.create(user=bob, name="Recovery codes", confirmed=True)
    device.token_set.create(token="abcdefgh")
    device.token_set.create(token="ijklmnop")

    sign_in_with_password(client, bob)
    response = client.post("/sign-in/code/", {"code": "ABCD-EFGH"}, follow=True)

    assert response.redirect_chain[-1] == ("/account/", 302)
    assert b"You used a recovery code. You have 1 left" in response.content
    client.post("/sign-out/")
    sign_in_with_password(client, bob)
    again = client.post("/sign-in/code/", {"code": "abcdefgh"})
    assert read(again).summary == [("#id_code", WRONG.removeprefix("Error: "))]


def test_new_recovery_codes_replace_the_old_ones(client, bob):
    device = totp_device(bob)
    old = StaticDevice.objects.create(user=bob, name="Recovery codes", confirmed=True)
    old.token_set.create(token="abcdefgh")
    force_login_with_two_factor(client, bob)

    response = client.post("/account/two-factor/recovery-codes/", {"code": totp_code(device)})

    codes = recovery_codes(response)
    assert len(codes) == 10
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)


def test_turning_it_off_needs_a_right_code(client, bob):
    device = totp_device(bob)
    force_login_with_two_factor(client, bob)

    refused = client.post("/account/two-factor/turn-off/", {"code": "000000"})
    assert refused.status_code == 400
    assert read(refused).summary == [("#id_code", WRONG.removeprefix("Error: "))]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows the next guess down
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    response = client.post("/account/two-factor/turn-off/", {"code": totp_code(device)})

    assert response.status_code == 302, read(response).summary
    assert response["Location"] == "/account/two-factor/"
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert AuditEvent.objects.filter(verb="two_factor.disabled", actor=bob).exists()
    client.post("/sign-out/")
    assert sign_in_with_password(client, bob)["Location"] == "/account/"


def test_a_network_admin_without_it_is_sent_to_set_it_up_before_anything_else(
    client, network_admin
):
    client.force_login(network_admin)

    for path in ("/", "/projects/", "/account/", "/admin/", "/account/two-factor/"):
        assert client.get(path)["Location"] == "/account/two-factor/set-up/", path
    api = client.get("/api/me/")
    assert api.status_code == 403
    assert api.json()["message"].startswith("Network administrators must sign in with")
    page = read(client.get("/account/two-factor/set-up/"))
    assert page.h1 == ["Set up two-factor sign-in"]

    response = client.post("/account/two-factor/set-up/", {"code": pending_code(network_admin)})

    assert len(recovery_codes(response)) == 10
    assert client.get("/projects/").status_code == 200
    assert client.get("/api/me/").status_code == 200


def test_a_network_admin_whose_session_has_no_code_signs_in_again(client, network_admin):
    totp_device(network_admin)
    client.force_login(network_admin)  # a session from before the rule, say

    response = client.get("/projects/")

    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session


def test_a_network_admin_cannot_turn_it_off(client, network_admin):
    device = totp_device(network_admin)
    force_login_with_two_factor(client, network_admin)

    response = client.post("/account/two-factor/turn-off/", {"code": totp_code(device)})

    assert response.status_code == 400
    assert read(response).summary[0][1].startswith("Network administrators must keep")
    assert TOTPDevice.objects.filter(user=network_admin).exists()


def test_the_admin_signs_in_through_the_service_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/sign-in/?next=/admin/"


def token(user, otp: str | None = None):
    answers = {"username": user.email, "password": PASSWORD}
    if otp is not None:
        answers["otp"] = otp
    return APIClient().post("/api/auth/token/", answers)


def test_a_token_needs_the_code_once_two_factor_sign_in_is_on(bob):
    device = totp_device(bob)

    missing = token(bob)
    wrong = token(bob, "000000")
    assert (missing.status_code, list(missing.json()["fields"])) == (400, ["otp"])
    assert (wrong.status_code, list(wrong.json()["fields"])) == (400, ["otp"])
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    response = token(bob, totp_code(device))

    assert response.status_code == 200
    assert set(response.json()) == {"token"}


def test_a_network_admin_without_two_factor_gets_no_token(network_admin):
    response = token(network_admin)

    assert response.status_code == 403
    assert response.json()["message"].startswith("Network administrators must set up")


def test_the_admin_never_shows_an_authenticators_secret(client, network_admin, bob):
    device = totp_device(bob)
    network_admin.is_staff = network_admin.is_superuser = True
    network_admin.save(update_fields=["is_staff", "is_superuser"])
    force_login_with_two_factor(client, network_admin)

    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    qr_code = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")

    assert page.status_code == 200
    assert bob.email in page.content.decode()
    assert device.key not in page.content.decode()
    assert qr_code.status_code in (302, 404)
