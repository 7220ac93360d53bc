"""How long a signed-in session lasts, and ending all of a person's sessions.

A session ends after settings.SESSION_IDLE_MINUTES without a request, and
settings.SESSION_MAX_HOURS after signing in however busy it is. The times are kept in
the session itself; SignedInSession rows name each person's sessions so that disabling
an account can end them all.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from loti.accounts.models import SignedInSession, User
from loti.audit.services import audit_record

SIGNED_IN_AT = "loti_signed_in_at"
SEEN_AT = "loti_seen_at"
# The last-seen time is written at most this often, so a busy page does not write its
# session on every request; the idle limit is thirty minutes, so a minute is close enough.
SEEN_RESOLUTION_SECONDS = 60


def session_started(request: HttpRequest, *, user: User) -> None:
    """Called as someone signs in (the session key is new by then)."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    key = request.session.session_key
    if key:
        SignedInSession.objects.update_or_create(session_key=key, defaults={"user": user})


def session_ended(request: HttpRequest) -> None:
    key = request.session.session_key if hasattr(request, "session") else None
    if key:
        SignedInSession.objects.filter(session_key=key).delete()


def session_expiry(request: HttpRequest) -> str | None:
    """Why this signed-in session is over ("idle" or "absolute"), or None if it is not.
    Marks the session as seen now when it is not over."""
    now = timezone.now().timestamp()
    session = request.session
    signed_in_at = float(session.get(SIGNED_IN_AT, now))
    seen_at = float(session.get(SEEN_AT, now))
    if now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
        return "absolute"
    if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if SIGNED_IN_AT not in session:
        # A session from before these limits: its clock starts now.
        session[SIGNED_IN_AT] = now
    if now - seen_at >= SEEN_RESOLUTION_SECONDS or SEEN_AT not in session:
        session[SEEN_AT] = now
    return None


@transaction.atomic
def sessions_end_for(*, user: User, acting_user: User | None = None) -> int:
    """End every session and the API token of a person: used when an account is
    disabled. Returns how many sessions were ended."""
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    SignedInSession.objects.filter(user=user).delete()
    tokens, _ = Token.objects.filter(user=user).delete()
    if keys or tokens:
        audit_record(
            actor=acting_user,
            verb="account.sessions_ended",
            target=user,
            detail={"sessions": len(keys), "api_tokens": tokens},
        )
    return len(keys)
