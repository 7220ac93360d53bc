"""Signing in with a second factor, and setting one up (loti/accounts/two_factor.py)."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from frontend import forms
from frontend.views import SignedInRequest, _submit
from loti.accounts import sign_in, two_factor
from loti.accounts.two_factor import WRONG_CODE


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, after a right password."""
    pending = sign_in.pending_get(request)
    if pending is None:
        messages.info(request, "Sign in again: the time to enter your code ran out")
        return redirect("frontend:sign-in")
    form = forms.TwoFactorCodeForm(request.POST or None, for_sign_in=True)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=pending.user, code=form.cleaned_data["code"])
        if device is not None:
            sign_in.pending_end(request)
            # With otp_device set, django-otp marks the new session as verified.
            pending.user.otp_device = device  # type: ignore[attr-defined]
            login(request, pending.user, backend=pending.backend)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(user=pending.user)
                messages.info(request, f"You used a recovery code. You have {left} left")
            return redirect(pending.next_url)
        if not sign_in.pending_wrong_code(request):
            messages.info(request, "Sign in again: the code was wrong too many times")
            return redirect("frontend:sign-in")
        form.add_error("code", WRONG_CODE)
    return render(request, "frontend/two_factor/sign_in_code.html", {"form": form})


@login_required
def two_factor_status(request: SignedInRequest) -> HttpResponse:
    context = _status_context(request, forms.TwoFactorCodeForm())
    return render(request, "frontend/two_factor/status.html", context)


def _status_context(request: SignedInRequest, form: forms.TwoFactorCodeForm) -> dict[str, Any]:
    return {
        "enabled": two_factor.user_has_two_factor(user=request.user),
        "required": two_factor.two_factor_required(request.user),
        "recovery_codes_left": two_factor.recovery_codes_left(user=request.user),
        "form": form,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: SignedInRequest) -> HttpResponse:
    form = forms.TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        enabled = _submit(form, two_factor.two_factor_enable, acting_user=request.user)
        if enabled is not None:
            device, codes = enabled
            django_otp.login(request, device)
            return _recovery_codes_page(request, codes, first_time=True)
    device = two_factor.totp_device_pending(user=request.user)
    context = {
        "form": form,
        "qr_svg": two_factor.totp_qr_svg(device),
        "secret": two_factor.totp_secret(device),
        "required": two_factor.two_factor_required(request.user),
    }
    return render(request, "frontend/two_factor/set_up.html", context)


@never_cache
@login_required
@require_POST
def recovery_codes_renew(request: SignedInRequest) -> HttpResponse:
    form = forms.TwoFactorCodeForm(request.POST)
    codes = _submit(form, two_factor.recovery_codes_renew, acting_user=request.user)
    if codes is None:
        return _status_with_errors(request, form)
    return _recovery_codes_page(request, codes, first_time=False)


@login_required
@require_POST
def two_factor_disable(request: SignedInRequest) -> HttpResponse:
    form = forms.TwoFactorCodeForm(request.POST)
    if _submit(form, two_factor.two_factor_disable, acting_user=request.user) is None:
        return _status_with_errors(request, form)
    messages.success(request, "Two-factor sign-in is off")
    return redirect("frontend:two-factor")


def _status_with_errors(request: SignedInRequest, form: forms.TwoFactorCodeForm) -> HttpResponse:
    context = _status_context(request, form)
    return render(request, "frontend/two_factor/status.html", context, status=400)


def _recovery_codes_page(
    request: HttpRequest, codes: list[str], *, first_time: bool
) -> HttpResponse:
    # Shown this once: the views that call this are never_cache, so not even the
    # browser's history keeps the page.
    context = {"codes": codes, "first_time": first_time}
    return render(request, "frontend/two_factor/recovery_codes.html", context)
