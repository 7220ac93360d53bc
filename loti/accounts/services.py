"""Writes for people, organisations, memberships and invitations."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework import status
from rest_framework.authtoken.models import Token

from loti.accounts.models import Invitation, Membership, Organisation, User
from loti.accounts.selectors import account_exists
from loti.api.errors import ApplicationError, Conflict
from loti.audit.services import audit_record
from loti.permissions import is_member, is_network_admin, may_administer

INVITATION_SALT = "loti.accounts.invitation"
COMPANIES_HOUSE_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# supplier_register's argument names for the organisation_create fields they become.
SUPPLIER_FIELDS = {"name": "organisation_name", "email_domains": "email_domain"}


def api_token_issue(*, user: User) -> str:
    """The person's API token, made on first use. One token each: signing in again
    from another client returns the same one."""
    token, _ = Token.objects.get_or_create(user=user)
    return str(token.key)


def api_token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
    audit_record(actor=user, verb="api_token.revoked", target=user)


def _require_network_admin(user: User) -> None:
    if not is_network_admin(user):
        raise ApplicationError(
            "Only network administrators can do this.", status_code=status.HTTP_403_FORBIDDEN
        )


def _require_organisation_admin(user: User, organisation: Organisation) -> None:
    if not may_administer(user, organisation):
        raise ApplicationError(
            f"Only administrators of {organisation.name} can do this.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _clean_domains(domains: list[str], *, field: str) -> list[str]:
    cleaned = sorted({domain.strip().lower().lstrip("@") for domain in domains if domain.strip()})
    for domain in cleaned:
        if not DOMAIN.match(domain):
            raise ApplicationError(f"'{domain}' is not an e-mail domain.", field=field)
    return cleaned


def _slug_taken(slug: str) -> bool:
    # An organisation whose slug was changed (or which was deleted) keeps its group,
    # named after the old slug; a new group of that name would break the unique name.
    return (
        Organisation.objects.filter(slug=slug).exists()
        or Group.objects.filter(name=f"organisation:{slug}").exists()
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while _slug_taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    acting_user: User | None,
    name: str,
    kind: str,
    slug: str | None = None,
    email_domains: list[str] | None = None,
    is_loti_member: bool = False,
    companies_house_number: str = "",
    size: str = "",
) -> Organisation:
    """Create an organisation and its permission group. acting_user None means the
    system (the supplier sign-up and the seed), which callers have already checked."""
    if acting_user is not None:
        _require_network_admin(acting_user)
    name = name.strip()
    if not name:
        raise ApplicationError("Enter the organisation's name.", field="name")
    if kind not in Organisation.Kind.values:
        raise ApplicationError(
            f"Kind must be one of: {', '.join(Organisation.Kind.values)}.", field="kind"
        )
    if size and size not in Organisation.Size.values:
        raise ApplicationError(
            f"Size must be one of: {', '.join(Organisation.Size.values)}.", field="size"
        )
    companies_house_number = companies_house_number.strip().upper()
    if companies_house_number and not COMPANIES_HOUSE_NUMBER.match(companies_house_number):
        raise ApplicationError(
            "A Companies House number is 8 characters, like 01234567 or SC123456.",
            field="companies_house_number",
        )
    if Organisation.objects.filter(name__iexact=name).exists():
        raise Conflict(f"An organisation called {name} already exists.", field="name")
    slug = slugify(slug) if slug else _unique_slug(name)
    if _slug_taken(slug):
        raise Conflict(f"The address name '{slug}' is taken.", field="slug")
    domains = _clean_domains(email_domains or [], field="email_domains")
    try:
        # Two sign-ups with the same name at once: the unique index decides, and the
        # loser is told as if it had come second.
        with transaction.atomic():
            organisation = Organisation.objects.create(
                slug=slug,
                name=name,
                kind=kind,
                email_domains=domains,
                is_loti_member=is_loti_member,
                companies_house_number=companies_house_number,
                size=size,
                group=Group.objects.create(name=f"organisation:{slug}"),
            )
    except IntegrityError as error:
        raise Conflict(f"An organisation called {name} already exists.", field="name") from error
    audit_record(
        actor=acting_user,
        verb="organisation.created",
        target=organisation,
        organisation=organisation,
        detail={"kind": kind},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    acting_user: User,
    organisation: Organisation,
    name: str | None = None,
    email_domains: list[str] | None = None,
    is_loti_member: bool | None = None,
    size: str | None = None,
) -> Organisation:
    _require_organisation_admin(acting_user, organisation)
    changed: dict[str, object] = {}
    if name is not None and not name.strip():
        raise ApplicationError("Enter the organisation's name.", field="name")
    if name is not None and name.strip() != organisation.name:
        if (
            Organisation.objects.filter(name__iexact=name.strip())
            .exclude(pk=organisation.pk)
            .exists()
        ):
            raise Conflict(f"An organisation called {name.strip()} already exists.", field="name")
        changed["name"] = name.strip()
    if email_domains is not None:
        changed["email_domains"] = _clean_domains(email_domains, field="email_domains")
    if is_loti_member is not None:
        _require_network_admin(acting_user)
        changed["is_loti_member"] = is_loti_member
    if size is not None:
        if size not in Organisation.Size.values:
            raise ApplicationError(
                f"Size must be one of: {', '.join(Organisation.Size.values)}.", field="size"
            )
        changed["size"] = size
    for field, value in changed.items():
        setattr(organisation, field, value)
    if changed:
        organisation.save(update_fields=list(changed))
        audit_record(
            actor=acting_user,
            verb="organisation.updated",
            target=organisation,
            organisation=organisation,
            detail={"fields": sorted(changed)},
        )
    return organisation


def _validate_new_user(*, email: str, full_name: str, password: str) -> None:
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors["full_name"] = ["Enter your full name."]
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = ["An account with this e-mail address already exists. Sign in instead."]
    try:
        password_validation.validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ApplicationError(
            "There is a problem with " + ", ".join(sorted(errors)).replace("_", " ") + ".",
            fields=errors,
        )


def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Add a person to an organisation and its permission group. The caller has
    checked the right to do so (an accepted invitation, a sign-up, the seed)."""
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    user.groups.add(organisation.group)
    return membership


@transaction.atomic
def supplier_register(
    *,
    organisation_name: str,
    companies_house_number: str,
    size: str,
    email_domain: str,
    full_name: str,
    email: str,
    password: str,
) -> tuple[Organisation, User]:
    """A small company signs itself up: its organisation and its first administrator."""
    email = User.objects.normalize_email(email.strip()).lower()
    if not size:
        raise ApplicationError("Choose the size of your company.", field="size")
    domain = email_domain.strip().lower().lstrip("@")
    if domain and email.rsplit("@", 1)[-1] != domain:
        raise ApplicationError(
            f"Your e-mail address must be at your company's domain, {domain}.", field="email"
        )
    _validate_new_user(email=email, full_name=full_name, password=password)
    try:
        organisation = organisation_create(
            acting_user=None,
            name=organisation_name,
            kind=Organisation.Kind.SUPPLIER,
            email_domains=[domain] if domain else [],
            companies_house_number=companies_house_number,
            size=size,
        )
    except ApplicationError as error:
        # Name the fields the company filled in, not organisation_create's arguments.
        error.fields = {SUPPLIER_FIELDS.get(f, f): m for f, m in error.fields.items()}
        raise
    user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    membership_add(user=user, organisation=organisation, role=Membership.Role.ADMIN)
    audit_record(
        actor=user, verb="supplier.registered", target=organisation, organisation=organisation
    )
    return organisation, user


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names. Bad, tampered or expired links raise ApplicationError."""
    max_age = timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ApplicationError(
            "This invitation has expired. Ask the person who invited you to send a new one.",
            field="token",
            status_code=status.HTTP_410_GONE,
        ) from error
    except signing.BadSignature as error:
        raise ApplicationError("This invitation link is not valid.", field="token") from error
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=payload.get("invitation"))
        .first()
    )
    if invitation is None:
        raise ApplicationError("This invitation link is not valid.", field="token")
    return invitation


@transaction.atomic
def invitation_create(
    *, acting_user: User, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER
) -> Invitation:
    """Invite a person by e-mail. Inviting the same address again replaces the open
    invitation, so the newest link is the one that works."""
    _require_organisation_admin(acting_user, organisation)
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Membership.Role.values:
        raise ApplicationError(
            f"Role must be one of: {', '.join(Membership.Role.values)}.", field="role"
        )
    if Membership.objects.active().filter(organisation=organisation, user__email=email).exists():
        raise Conflict(f"{email} is already a member of {organisation.name}.", field="email")
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=acting_user,
        expires_at=now + timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
    )
    audit_record(
        actor=acting_user,
        verb="invitation.created",
        target=invitation,
        organisation=organisation,
        detail={"email": email, "role": role},
    )
    from loti.accounts.events import invitation_sent

    invitation_sent(invitation=invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, acting_user: User, invitation: Invitation) -> Invitation:
    _require_organisation_admin(acting_user, invitation.organisation)
    if invitation.accepted_at:
        raise Conflict("This invitation has already been accepted.")
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=acting_user,
            verb="invitation.revoked",
            target=invitation,
            organisation=invitation.organisation,
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    acting_user: User | None,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Accept an invitation: as the signed-in person it was sent to, or by creating the
    account it was sent to. The row is locked so a link used twice at once makes one
    membership."""
    invitation = invitation_from_token(token)
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.accepted_at:
        raise Conflict("This invitation has already been used.", field="token")
    if invitation.revoked_at:
        raise ApplicationError(
            "This invitation was withdrawn. Ask for a new one.",
            field="token",
            status_code=status.HTTP_410_GONE,
        )
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(
            "This invitation has expired. Ask the person who invited you to send a new one.",
            field="token",
            status_code=status.HTTP_410_GONE,
        )
    user = _invitation_user(invitation, acting_user, full_name=full_name, password=password)
    if is_member(user, invitation.organisation):
        raise Conflict(f"You are already a member of {invitation.organisation.name}.")
    try:
        with transaction.atomic():
            membership = membership_add(
                user=user, organisation=invitation.organisation, role=invitation.role
            )
    except IntegrityError as error:
        raise Conflict(f"You are already a member of {invitation.organisation.name}.") from error
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        verb="invitation.accepted",
        target=invitation,
        organisation=invitation.organisation,
        detail={"role": invitation.role},
    )
    from loti.accounts.events import invitation_accepted

    invitation_accepted(membership=membership)
    return membership


def _invitation_user(
    invitation: Invitation, acting_user: User | None, *, full_name: str, password: str
) -> User:
    if acting_user is not None and acting_user.is_authenticated:
        if acting_user.email != invitation.email:
            raise ApplicationError(
                f"This invitation is for {invitation.email}. Sign out and accept it as that "
                "person.",
                field="token",
                status_code=status.HTTP_403_FORBIDDEN,
            )
        return acting_user
    if account_exists(email=invitation.email):
        raise ApplicationError(
            f"An account for {invitation.email} already exists. Sign in to accept.",
            field="token",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    _validate_new_user(email=invitation.email, full_name=full_name, password=password)
    return User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name.strip()
    )


def _require_another_admin(membership: Membership) -> None:
    # Lock the organisation first: two administrators demoting each other at once
    # would otherwise each see the other still in post, and leave nobody in charge.
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    others = (
        Membership.objects.active()
        .filter(organisation=membership.organisation, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise Conflict(
            f"{membership.organisation.name} must keep at least one administrator.", field="role"
        )


@transaction.atomic
def membership_role_change(*, acting_user: User, membership: Membership, role: str) -> Membership:
    _require_organisation_admin(acting_user, membership.organisation)
    if role not in Membership.Role.values:
        raise ApplicationError(
            f"Role must be one of: {', '.join(Membership.Role.values)}.", field="role"
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.ADMIN:
        _require_another_admin(membership)
    previous, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    audit_record(
        actor=acting_user,
        verb="membership.role_changed",
        target=membership,
        organisation=membership.organisation,
        detail={"from": previous, "to": role},
    )
    from loti.accounts.events import membership_role_changed

    membership_role_changed(membership=membership, acting_user=acting_user, previous=previous)
    return membership


@transaction.atomic
def membership_end(*, acting_user: User, membership: Membership) -> Membership:
    """Remove a person from an organisation. The row is kept, ended, for history."""
    if acting_user.pk != membership.user_id:
        _require_organisation_admin(acting_user, membership.organisation)
    # of=self: locking the joined person and organisation rows too would block the
    # deferred foreign-key checks of a concurrent change's audit row (a deadlock).
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=membership.pk)
    )
    if membership.ended_at:
        return membership
    if membership.role == Membership.Role.ADMIN:
        _require_another_admin(membership)
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    membership.user.groups.remove(membership.organisation.group)
    audit_record(
        actor=acting_user,
        verb="membership.ended",
        target=membership,
        organisation=membership.organisation,
        detail={"user": membership.user.email},
    )
    return membership
