from __future__ import annotations

import os
import shutil
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from kombu import Connection
from rest_framework.test import APIClient

from loti.accounts.models import Membership, Organisation, User
from tests.factories import OrganisationFactory, SupplierFactory, member_of

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str) -> None:
    """Skip a test whose service is missing on a laptop; under CI a missing service fails."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available.")
    pytest.skip(f"{what} is not available on this machine.")


def broker_answers() -> bool:
    """Whether the broker in settings answers. Read from settings rather than the Celery
    app, whose URL some tests point at a closed port on purpose; kombu reads every URL
    the app accepts, redis+socket:// (the embedded Redis) included."""
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        return False
    return True


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    """api(user) is a client signed in as that user; api(None) is anonymous."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def camden(db: None) -> Organisation:
    return OrganisationFactory.create(slug="camden-test", name="Camden (test)")


@pytest.fixture
def hackney(db: None) -> Organisation:
    return OrganisationFactory.create(slug="hackney-test", name="Hackney (test)")


@pytest.fixture
def acme(db: None) -> Organisation:
    return SupplierFactory.create(slug="acme-test", name="Acme (test)")


@pytest.fixture
def alice(camden: Organisation) -> User:
    """Camden's administrator: the owner in ownership tests."""
    return member_of(camden, role=Membership.Role.ADMIN, email="alice@camden-test.example")


@pytest.fixture
def bob(camden: Organisation) -> User:
    """A plain member of Camden: the permitted other. His name always has an apostrophe,
    which pages escape, so a test that looks for it in raw HTML fails every time, not
    only when the random name has one."""
    return member_of(camden, email="bob@camden-test.example", full_name="Bob O'Brien")


@pytest.fixture
def charlie(hackney: Organisation) -> User:
    """An officer of another borough: the outsider."""
    return member_of(hackney, role=Membership.Role.ADMIN, email="charlie@hackney-test.example")


@pytest.fixture
def supplier_user(acme: Organisation) -> User:
    return member_of(acme, role=Membership.Role.ADMIN, email="sam@acme-test.example")


@pytest.fixture
def network_admin(db: None) -> User:
    # Rows from data migrations are gone after a transactional test's flush.
    loti = Organisation.objects.filter(slug="loti").first() or OrganisationFactory.create(
        slug="loti", name="LOTI (test)", kind=Organisation.Kind.NETWORK
    )
    user = member_of(loti, role=Membership.Role.ADMIN, email="staff@loti-test.example")
    user.is_network_admin = True
    user.save(update_fields=["is_network_admin"])
    return user


def totp_device(user: User) -> TOTPDevice:
    """A confirmed authenticator for the user (their existing one, if any)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows now."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def force_login_with_two_factor(client: Client, user: User) -> None:
    """Sign in as after entering a right code: network administrators may do nothing
    else (loti/accounts/middleware.py)."""
    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
