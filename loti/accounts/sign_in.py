"""Signing in: throttling of wrong passwords (django-axes) and the step between a right
password and the two-factor code.

Failures are counted per e-mail address and IP address together (settings.AXES_*), so
nobody can lock another person out from elsewhere, and a lock lifts by itself after the
cool-off: there is no permanent lock-out for an attacker to trigger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from loti.accounts.models import User
from loti.accounts.selectors import active_user_by_id

PENDING_KEY = "loti_sign_in_pending"
# Wrong codes allowed at the code step before the password must be entered again.
PENDING_MAX_TRIES = 5


def cool_off_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out_message() -> str:
    return (
        "You have entered a wrong password too many times. "
        f"Wait {cool_off_minutes()} minutes, then try again."
    )


def is_locked_out(request: HttpRequest) -> bool:
    """Whether django-axes refused this request's sign-in (it marks the request)."""
    return bool(getattr(request, "axes_locked_out", False))


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address a sign-in was for, as stored: lower-cased, so NAME@ and name@ count
    against the same lock."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies it is the entry they
    added to X-Forwarded-For; entries further left are the client's to invent."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_response(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """What django-axes sends for a locked-out sign-in. The sign-in page and the token
    API have already said why in their own shape; this makes the answer a 429 and says
    when to come back."""
    if response is None:
        response = HttpResponse(locked_out_message(), content_type="text/plain; charset=utf-8")
    response.status_code = 429
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


@dataclass(frozen=True)
class PendingSignIn:
    """A right password waiting for its code."""

    user: User
    backend: str
    next_url: str


def pending_start(request: HttpRequest, *, user: User, backend: str, next_url: str) -> None:
    """Remember that the password was right; nobody is signed in until the code is."""
    # A new session key: whatever anyone knew of the old one is of no use now.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": timezone.now().timestamp(),
        "tries": 0,
    }


def pending_get(request: HttpRequest) -> PendingSignIn | None:
    """The sign-in waiting for a code, if it has not expired."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    age = timezone.now().timestamp() - float(pending.get("at", 0))
    if age > settings.TWO_FACTOR_PENDING_MINUTES * 60:
        pending_end(request)
        return None
    user = active_user_by_id(user_id=int(pending.get("user", 0)))
    if user is None:
        pending_end(request)
        return None
    return PendingSignIn(user=user, backend=str(pending["backend"]), next_url=pending["next"])


def pending_wrong_code(request: HttpRequest) -> bool:
    """Count a wrong code; False once there have been too many (the password is asked
    for again)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return False
    pending["tries"] = int(pending.get("tries", 0)) + 1
    request.session[PENDING_KEY] = pending
    if pending["tries"] >= PENDING_MAX_TRIES:
        pending_end(request)
        return False
    return True


def pending_end(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
