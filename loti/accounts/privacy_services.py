"""Writes for data protection: downloading one's data (recorded), asking for deletion,
and deletion itself, which pseudonymises the person rather than deleting rows.

What deletion keeps: every procurement, challenge and project record, the audit trail,
and the person's ended memberships (conflict-of-interest checks read past
memberships). They now name "Former user <id>". What it removes: the name and e-mail
address (wherever the address was copied: audit entries, invitations, panel places,
the outbox), the password, sessions and API tokens, subscriptions and e-mail not yet
sent.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from django.db.models import Expression, F, Func, JSONField, Q, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone
from rest_framework import status

from challenges.models import PanelMember
from loti.accounts.models import DeletionRequest, Invitation, Membership, Organisation, User
from loti.accounts.privacy_events import deletion_requested
from loti.accounts.privacy_selectors import (
    PersonalData,
    blocking_organisations,
    deletion_holds,
    deletion_request_pending,
    other_network_admins_exist,
    personal_data_of,
)
from loti.accounts.sessions import sessions_end_for
from loti.api.errors import ApplicationError, Conflict
from loti.audit.models import AuditEvent
from loti.audit.services import audit_record
from loti.notifications.models import (
    Category,
    DigestItem,
    Frequency,
    NotificationPreference,
    OutboundEmail,
)
from loti.permissions import is_network_admin
from procurement.models import SavedSearch, TenderInterest
from projects.models import Follow

CANCELLED = "Not sent: the person's account was deleted."


def pseudonym_of(user: User) -> tuple[str, str]:
    """The name and e-mail address a deleted person is known by. The .invalid domain
    is reserved (RFC 2606), so nothing can ever be delivered to it."""
    return f"Former user {user.pk}", f"former-user-{user.pk}@deleted.invalid"


@transaction.atomic
def personal_data_export(*, acting_user: User) -> PersonalData:
    """The person's own data, with an audit entry saying they downloaded it."""
    data = personal_data_of(user=acting_user)
    audit_record(actor=acting_user, verb="personal_data.downloaded", target=acting_user)
    return data


@transaction.atomic
def account_deletion_request(*, acting_user: User, password: str) -> DeletionRequest:
    """Ask for one's own account to be deleted, confirming with the password.

    Done at once (the request comes back completed) unless deletion_holds finds
    something still being decided; then the request waits, pending, for a network
    administrator, who is told. Asking again while one waits returns that one."""
    user = User.objects.select_for_update().get(pk=acting_user.pk)
    if not password:
        raise ApplicationError("Enter your password", field="password")
    if not user.check_password(password):
        raise ApplicationError("The password is not right", field="password")
    pending = deletion_request_pending(user=user)
    if pending is not None:
        return pending
    _require_deletable(user, subject="You are")
    holds = deletion_holds(user=user)
    request = DeletionRequest.objects.create(user=user, holds=holds)
    if not holds:
        return _pseudonymise(user=user, request=request, acting_user=user)
    audit_record(
        actor=user,
        verb="account.deletion_requested",
        target=user,
        detail={"request": request.pk, "holds": len(holds)},
    )
    deletion_requested(request=request)
    return request


@transaction.atomic
def deletion_request_confirm(*, acting_user: User, request: DeletionRequest) -> DeletionRequest:
    """A network administrator carries out a waiting request, having checked that what
    held it (a tender or challenge still being decided) no longer needs the person."""
    if not is_network_admin(acting_user):
        raise ApplicationError(
            "Only network administrators can confirm a deletion.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if request.user_id == acting_user.pk:
        raise ApplicationError(
            "Another network administrator must confirm your own deletion.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DeletionRequest.Status.PENDING:
        raise Conflict("This account has already been deleted.")
    user = User.objects.select_for_update().get(pk=request.user_id)
    _require_deletable(user, subject=f"{user.full_name} is")
    return _pseudonymise(user=user, request=request, acting_user=acting_user)


def _require_deletable(user: User, *, subject: str) -> None:
    """Refuse a deletion that would leave the network or an organisation with nobody in
    charge. The person's own row is locked by the caller; locking the other people in
    charge too means the last two cannot both leave at once, each counting the other."""
    if user.is_network_admin:
        list(User.objects.select_for_update().filter(is_network_admin=True, is_active=True))
        if not other_network_admins_exist(user=user):
            raise Conflict(
                f"{subject} the last network administrator. Make someone else a network "
                "administrator before the account is deleted."
            )
    administered = Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN)
    list(
        Organisation.objects.select_for_update()
        .filter(pk__in=administered.values("organisation_id"))
        .order_by("pk")
    )
    blocked = blocking_organisations(user=user)
    if blocked:
        raise Conflict(
            f"{subject} the only administrator of {', '.join(blocked)}. Make someone else an "
            "administrator before the account is deleted."
        )


def _pseudonymise(*, user: User, request: DeletionRequest, acting_user: User) -> DeletionRequest:
    old_email = user.email
    name, email = pseudonym_of(user)
    now = timezone.now()
    ended = _memberships_end(user, now=now)
    _addresses_replace(old_email, email, user=user, now=now)
    _subscriptions_cancel(user)
    sessions_end_for(user=user, acting_user=acting_user)
    user.full_name, user.email = name, email
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = user.is_network_admin = False
    user.save(
        update_fields=[
            "full_name",
            "email",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "is_network_admin",
        ]
    )
    user.groups.clear()
    request.status = DeletionRequest.Status.COMPLETED
    request.completed_at = now
    request.confirmed_by = acting_user if acting_user.pk != user.pk else None
    request.save(update_fields=["status", "completed_at", "confirmed_by"])
    audit_record(
        actor=acting_user,
        verb="account.deleted",
        target=user,
        detail={"request": request.pk, "memberships_ended": ended, "pseudonymised": True},
    )
    return request


def _memberships_end(user: User, *, now: datetime) -> int:
    """End every membership, kept with ended_at for conflict-of-interest history, with an
    audit entry in each organisation's trail."""
    memberships = list(
        Membership.objects.active()
        .select_for_update(of=("self",))
        .filter(user=user)
        .select_related("organisation")
    )
    Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(ended_at=now)
    for membership in memberships:
        audit_record(
            actor=user,
            verb="membership.ended",
            target=membership,
            organisation=membership.organisation,
            detail={"reason": "account deleted"},
        )
    return len(memberships)


def _addresses_replace(old_email: str, email: str, *, user: User, now: datetime) -> None:
    """Put the placeholder wherever the address was copied as text. Audit entries keep
    their verb, time, actor and target: only the address in their wording changes."""
    found = _address_pattern(old_email)
    AuditEvent.objects.filter(target_repr__contains=old_email).update(
        target_repr=_regexp_replace(F("target_repr"), found, email)
    )
    as_text = Cast("detail", TextField())
    AuditEvent.objects.annotate(text=as_text).filter(text__contains=old_email).update(
        detail=Cast(_regexp_replace(as_text, found, email), JSONField())
    )
    Invitation.objects.filter(
        email=old_email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    Invitation.objects.filter(email=old_email).update(email=email)
    PanelMember.objects.filter(Q(email=old_email) | Q(user=user)).update(email=email)
    outbox = OutboundEmail.objects.filter(Q(recipient=user) | Q(to_address=old_email))
    # Rows being sent right now are left to finish; pending ones never leave.
    outbox.filter(state=OutboundEmail.State.PENDING).update(
        state=OutboundEmail.State.FAILED, last_error=CANCELLED
    )
    outbox.update(to_address=email)


def _address_pattern(address: str) -> str:
    """A PostgreSQL regular expression for the address as a whole word: not the start of
    a longer one (bob@camden.example is not bob@camden.example.uk's to replace)."""
    return rf"(?<![A-Za-z0-9._%+-]){re.escape(address)}(?![A-Za-z0-9-]|\.[A-Za-z0-9])"


def _regexp_replace(text: Expression | F, pattern: str, replacement: str) -> Func:
    return Func(
        text,
        Value(pattern),
        Value(replacement),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _subscriptions_cancel(user: User) -> None:
    """No more e-mail of any kind: every choice off, summaries waiting dropped, and the
    follows and saved searches that would produce more removed."""
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, category=category, frequency=Frequency.OFF)
            for category in Category
            if category != Category.ACCOUNT
        ],
        update_conflicts=True,
        unique_fields=["user", "category"],
        update_fields=["frequency", "updated_at"],
    )
    DigestItem.objects.filter(user=user, digest_run__isnull=True).delete()
    SavedSearch.objects.filter(user=user).delete()
    TenderInterest.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
