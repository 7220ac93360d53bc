"""Print the two-factor code of the demo network administrator (README, "Demo
accounts"), for readers without an authenticator app at hand."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from loti.accounts.management.commands.seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo network administrator."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("There are no demo accounts with production settings.")
        totp = TOTP(b32decode(DEMO_TOTP_SECRET))
        self.stdout.write(f"{totp.token():06d}  (valid for {30 - totp.time % 30:.0f} more seconds)")
