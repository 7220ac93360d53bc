"""Session limits and the two-factor rule for network administrators, applied to every
request after Django has found who is signed in."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from loti.accounts.sessions import session_expiry
from loti.accounts.two_factor import two_factor_required, user_has_two_factor

TIMED_OUT = {
    "idle": "You were signed out because you had not used the service for a while. "
    "Sign in again to carry on.",
    "absolute": "You were signed out because you signed in a long time ago. "
    "Sign in again to carry on.",
}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class SessionTimeoutMiddleware:
    """Signs out a session that has been idle too long or is too old; the request then
    goes on as anonymous, so a page asks the person to sign in and the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            why = session_expiry(request)
            if why is not None:
                logout(request)
                if not _is_api(request):
                    messages.info(request, TIMED_OUT[why])
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """A network administrator signed in without a second factor may do nothing but set
    one up (or sign out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and two_factor_required(user)
            and not getattr(user, "is_verified", lambda: False)()
        ):
            return self._refuse(request) or self.get_response(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        if _is_api(request):
            return JsonResponse(
                {
                    "message": "Network administrators must sign in with two-factor "
                    "authentication.",
                    "fields": {},
                },
                status=403,
            )
        set_up = reverse("frontend:two-factor-set-up")
        if request.path in (set_up, reverse("frontend:sign-out")):
            return None
        if user_has_two_factor(user=request.user):  # type: ignore[arg-type]
            # Signed in some other way than with the code (a session from before the
            # rule): sign in again, with it.
            logout(request)
            messages.info(request, "Sign in again with your two-factor code.")
            return redirect("frontend:sign-in")
        return redirect(set_up)
