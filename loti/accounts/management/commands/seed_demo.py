"""Create the demo organisations and accounts listed in the README. Safe to run again:
what exists is left as it is, nothing is duplicated."""

from __future__ import annotations

import os
from base64 import b32decode
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from challenges.demo import demo_challenges_seed
from loti.accounts import services
from loti.accounts.models import Membership, Organisation, User
from procurement.contracts_demo import demo_contracts_seed
from procurement.tenders_demo import demo_tenders_seed
from projects.demo import demo_projects_seed

DEMO_SUPPLIERS = [
    ("acme-civic-tech", "Acme Civic Tech Ltd", Organisation.Size.SMALL, "acme.example", "12345678"),
    ("brightpath", "BrightPath Ltd", Organisation.Size.MICRO, "brightpath.example", "87654321"),
]
# (email, full name, organisation slug or None, role, network admin)
DEMO_PEOPLE = [
    ("officer@camden.example", "Priya Shah", "camden", Membership.Role.ADMIN, False),
    ("officer@hackney.example", "Tom Okafor", "hackney", Membership.Role.ADMIN, False),
    ("officer@lambeth.example", "Grace Lee", "lambeth", Membership.Role.ADMIN, False),
    ("admin@loti.example", "Sam Rivera", "loti", Membership.Role.ADMIN, True),
    ("bids@acme.example", "Alex Morgan", "acme-civic-tech", Membership.Role.ADMIN, False),
    ("bids@brightpath.example", "Jo Bright", "brightpath", Membership.Role.ADMIN, False),
    ("judge.one@judges.example", "Morgan Blake", None, Membership.Role.MEMBER, False),
    ("judge.two@judges.example", "Robin Hale", None, Membership.Role.MEMBER, False),
]
# Network administrators must sign in with a two-factor code. The demo one's
# authenticator key is public (README, "Demo accounts"), like the demo password: add it
# to an authenticator app, or print the current code with `manage.py demo_totp_code`.
DEMO_TOTP_SECRET = "LOTIDEMONETWORKADMINTOTPSECRET23"  # noqa: S105  # nosec B105  # public on purpose
DEMO_DOMAINS = {
    "camden": "camden.example",
    "hackney": "hackney.example",
    "lambeth": "lambeth.example",
    "loti": "loti.example",
}


class Command(BaseCommand):
    help = "Create the demo organisations and accounts (password from DEMO_PASSWORD)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is never loaded with production settings.")
        password = os.environ.get("DEMO_PASSWORD", "loti-demo-2026")
        with transaction.atomic():
            created = self._seed(password)
            contracts = demo_contracts_seed()
            projects = demo_projects_seed()
            tenders = demo_tenders_seed()
            challenges = demo_challenges_seed()
        self.stdout.write(
            f"Demo data ready ({created} new accounts, {contracts} new contracts, "
            f"{projects} new projects and playbooks, {tenders} new tenders, "
            f"{challenges} new challenges)."
        )

    def _seed(self, password: str) -> int:
        for slug, domain in DEMO_DOMAINS.items():
            organisation = Organisation.objects.get(slug=slug)
            if domain not in organisation.email_domains:
                organisation.email_domains = [*organisation.email_domains, domain]
                organisation.save(update_fields=["email_domains"])
        for slug, name, size, domain, number in DEMO_SUPPLIERS:
            if not Organisation.objects.filter(slug=slug).exists():
                services.organisation_create(
                    acting_user=None,
                    slug=slug,
                    name=name,
                    kind=Organisation.Kind.SUPPLIER,
                    size=size,
                    email_domains=[domain],
                    companies_house_number=number,
                )
        created = 0
        for email, full_name, home, role, network_admin in DEMO_PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name,
                    is_network_admin=network_admin,
                    is_staff=network_admin,
                )
                created += 1
            if (
                home
                and not Membership.objects.active()
                .filter(user=user, organisation__slug=home)
                .exists()
            ):
                services.membership_add(
                    user=user, organisation=Organisation.objects.get(slug=home), role=role
                )
            if network_admin and not TOTPDevice.objects.filter(user=user).exists():
                TOTPDevice.objects.create(
                    user=user,
                    name="Demo authenticator",
                    key=b32decode(DEMO_TOTP_SECRET).hex(),
                    confirmed=True,
                )
        return created
