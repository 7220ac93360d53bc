"""Two-factor sign-in with a time-based code (TOTP, RFC 6238) from an authenticator app,
and single-use recovery codes for when the app is lost. django-otp keeps the devices,
checks the codes, refuses a code used twice and slows down guessing.

Anyone may turn it on; network administrators must (they are sent to set it up before
anything else, and cannot turn it off).
"""

from __future__ import annotations

import re
from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import status

from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.audit.services import audit_record

TOTP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")
WRONG_CODE = "The code is not right. Check your authenticator app and try again"


def two_factor_required(user: User | Any) -> bool:
    return bool(getattr(user, "is_network_admin", False))


def user_has_two_factor(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _clean(code: str) -> str:
    # People copy codes with spaces or hyphens ("123 456", "abcd-efgh").
    return re.sub(r"[\s-]", "", code or "").lower()


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator being set up: a new secret, kept unconfirmed until a code
    from it proves the person has it. The same one is shown again on a reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, drawn as inline SVG: no image service sees
    the secret."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=4, svgclass="app-qr")
    label = 'role="img" aria-label="QR code for your authenticator app"'
    return svg.replace("<svg ", f"<svg {label} ", 1)


def _code_from_user(code: str) -> str:
    code = _clean(code)
    if not code:
        raise ApplicationError("Enter the 6-digit code from your authenticator app", field="code")
    return code


@transaction.atomic
def two_factor_enable(*, acting_user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being set up with a code from it. It replaces any
    earlier one; new recovery codes replace any earlier ones and are returned with it,
    to be shown once."""
    code = _code_from_user(code)
    if not TOTP_CODE.match(code):
        raise ApplicationError(
            "Enter the 6-digit code from your authenticator app, like 123456", field="code"
        )
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=acting_user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None:
        raise ApplicationError(
            "Start setting up two-factor sign-in again: this page has expired", field="code"
        )
    if not device.verify_token(code):
        raise ApplicationError(WRONG_CODE, field="code")
    TOTPDevice.objects.filter(user=acting_user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user=acting_user)
    audit_record(actor=acting_user, verb="two_factor.enabled", target=acting_user)
    return device, codes


def _recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_renew(*, acting_user: User, code: str) -> list[str]:
    """New recovery codes, the old ones void; a code from the app is asked for first.
    (The code is checked in a transaction of its own, so a wrong one still counts
    towards django-otp's slowing down of guesses.)"""
    if two_factor_verify(user=acting_user, code=code) is None:
        raise ApplicationError(WRONG_CODE, field="code")
    with transaction.atomic():
        codes = _recovery_codes_replace(user=acting_user)
        audit_record(
            actor=acting_user, verb="two_factor.recovery_codes_renewed", target=acting_user
        )
    return codes


def two_factor_disable(*, acting_user: User, code: str) -> User:
    """Turn two-factor sign-in off, with a code to prove it is the person."""
    if two_factor_required(acting_user):
        raise ApplicationError(
            "Network administrators must keep two-factor sign-in on. "
            "To use a new phone, set up the authenticator again",
            field="code",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if two_factor_verify(user=acting_user, code=code) is None:
        raise ApplicationError(WRONG_CODE, field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user).delete()
        StaticDevice.objects.filter(user=acting_user).delete()
        audit_record(actor=acting_user, verb="two_factor.disabled", target=acting_user)
    return acting_user


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts this code: the authenticator app for six digits, the
    recovery codes (each used once) otherwise. None if none does. The devices are locked
    so the same code sent twice at once is accepted once."""
    code = _clean(code)
    if TOTP_CODE.match(code):
        devices: Any = TOTPDevice.objects.filter(user=user, confirmed=True)
    elif RECOVERY_CODE.match(code):
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    else:
        return None
    for device in devices.select_for_update():
        if device.verify_token(code):
            return device
    return None


def two_factor_check_for_token(*, user: User, code: str) -> None:
    """What issuing an API token asks beyond the password: the code, for anyone who has
    turned two-factor sign-in on; network administrators must have turned it on."""
    if not user_has_two_factor(user=user):
        if two_factor_required(user):
            raise ApplicationError(
                "Network administrators must set up two-factor sign-in on the website "
                "before using the API.",
                status_code=status.HTTP_403_FORBIDDEN,
            )
        return
    if not _clean(code):
        raise ApplicationError(
            "Enter the code from your authenticator app, or a recovery code.", field="otp"
        )
    if two_factor_verify(user=user, code=code) is None:
        raise ApplicationError(WRONG_CODE + ".", field="otp")
