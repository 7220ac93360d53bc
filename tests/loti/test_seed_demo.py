"""manage.py seed_demo: the demo organisations and the README's accounts."""

from __future__ import annotations

from base64 import b32encode

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from loti.accounts.management.commands.seed_demo import DEMO_TOTP_SECRET
from loti.accounts.models import Membership, Organisation, User
from tests.conftest import totp_code

DEMO_ACCOUNTS = [
    "officer@camden.example",
    "officer@hackney.example",
    "officer@lambeth.example",
    "admin@loti.example",
    "bids@acme.example",
    "bids@brightpath.example",
    "judge.one@judges.example",
    "judge.two@judges.example",
]


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organisation.objects.count(), Membership.objects.count()


@pytest.fixture(autouse=True)
def _default_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def test_it_creates_the_readme_accounts(db: None):
    call_command("seed_demo")

    assert sorted(User.objects.values_list("email", flat=True)) == sorted(DEMO_ACCOUNTS)
    assert User.objects.get(email="admin@loti.example").is_network_admin
    assert Organisation.objects.get(slug="acme-civic-tech").kind == "supplier"
    assert Membership.objects.get(user__email="officer@camden.example").organisation.slug == (
        "camden"
    )


def test_running_it_twice_changes_nothing(db: None):
    call_command("seed_demo")
    once = counts()
    domains = dict(Organisation.objects.values_list("slug", "email_domains"))

    call_command("seed_demo")

    assert counts() == once
    assert dict(Organisation.objects.values_list("slug", "email_domains")) == domains


def test_every_demo_account_signs_in_with_the_default_password(db: None):
    call_command("seed_demo")
    admin_device = TOTPDevice.objects.get(user__email="admin@loti.example")

    for email in DEMO_ACCOUNTS:
        # The network administrator needs the code of the README's demo key as well.
        code = totp_code(admin_device) if email == "admin@loti.example" else ""
        response = APIClient().post(
            "/api/auth/token/", {"username": email, "password": "loti-demo-2026", "otp": code}
        )
        assert response.status_code == 200, (email, response.content)


def test_the_demo_network_admin_has_the_readme_authenticator_key(db: None):
    call_command("seed_demo")
    call_command("seed_demo")

    device = TOTPDevice.objects.get(user__email="admin@loti.example")
    assert device.confirmed
    assert b32encode(device.bin_key).decode() == DEMO_TOTP_SECRET
    assert DEMO_TOTP_SECRET in (settings.BASE_DIR / "README.md").read_text().replace(" ", "")


def test_demo_password_comes_from_the_environment(db: None, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")

    call_command("seed_demo")

    assert User.objects.get(email="officer@camden.example").check_password("another-demo-password")


@override_settings(ALLOW_DEMO_DATA=False)
def test_it_refuses_when_demo_data_is_not_allowed(db: None):
    before = counts()

    with pytest.raises(CommandError):
        call_command("seed_demo")

    assert counts() == before
