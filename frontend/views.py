from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from frontend import forms
from loti.accounts import access, selectors, services, sign_in, two_factor
from loti.accounts.models import Invitation, Organisation, User
from loti.api.errors import ApplicationError
from loti.permissions import is_network_admin, is_organisation_admin

T = TypeVar("T")


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required."""

    user: User


# The backend is named because AUTHENTICATION_BACKENDS lists two.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _submit(form: forms.ServiceForm, service: Callable[..., T], **arguments: Any) -> T | None:
    """Call the service with the form's data if it is valid; a refusal lands on the form."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ApplicationError as error:
        form.add_application_error(error)
        return None


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/home.html")


class SignInView(auth_views.LoginView):
    template_name = "frontend/sign_in.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: forms.SignInForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not two_factor.user_has_two_factor(user=user):
            return super().form_valid(form)
        # The password was right; the person is signed in once the code is too.
        backend = user.backend  # type: ignore[attr-defined]  # set by authenticate()
        sign_in.pending_start(
            self.request, user=user, backend=backend, next_url=self.get_success_url()
        )
        return redirect("frontend:sign-in-code")


class SignOutView(auth_views.LogoutView):
    next_page = "frontend:home"


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "frontend/password_reset.html"
    form_class = forms.ResetRequestForm
    email_template_name = "frontend/email/password_reset.txt"
    subject_template_name = "frontend/email/password_reset_subject.txt"
    success_url = reverse_lazy("frontend:password-reset-sent")

    @property
    def extra_email_context(self) -> dict[str, str]:
        # The link is built on SITE_URL, not the request's Host header, which a
        # forger could set to send someone a link to their own site.
        return {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME}


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "frontend/password_reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "frontend/password_reset_confirm.html"
    form_class = forms.ResetPasswordForm
    success_url = reverse_lazy("frontend:password-reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "frontend/password_reset_complete.html"


@login_required
def account(request: SignedInRequest) -> HttpResponse:
    context = {
        "memberships": selectors.memberships_of_user(user=request.user),
        "two_factor_on": two_factor.user_has_two_factor(user=request.user),
    }
    return render(request, "frontend/account.html", context)


def _can_invite(user: User, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation) or is_network_admin(user)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = access.organisation_get_as_member(user=request.user, slug=slug)
    can_invite = _can_invite(request.user, organisation)
    if request.method == "POST" and not can_invite:
        raise PermissionDenied("Only administrators can invite people.")
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST":
        invitation = _submit(
            form, services.invitation_create, acting_user=request.user, organisation=organisation
        )
        if invitation is not None:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("frontend:organisation-members", slug=slug)
    context = _members_context(organisation, can_invite=can_invite, form=form)
    return render(request, "frontend/organisation_members.html", context)


def _members_context(
    organisation: Organisation, *, can_invite: bool, form: forms.InvitationForm
) -> dict[str, Any]:
    invitations = selectors.invitations_of_organisation(organisation=organisation)
    return {
        "organisation": organisation,
        "members": selectors.members_of_organisation(organisation=organisation),
        "invitations": invitations if can_invite else [],
        "can_invite": can_invite,
        "form": form,
    }


# What a person is told about a link that no longer works, by the invitation's status.
INVITATION_CLOSED = {
    "accepted": "This invitation has already been used.",
    "revoked": "This invitation was withdrawn.",
    "expired": "This invitation has expired.",
}


def _invitation_open(token: str) -> Invitation:
    """The invitation a link names, if it can still be accepted."""
    invitation = services.invitation_from_token(token)
    if invitation.status in INVITATION_CLOSED:
        raise ApplicationError(INVITATION_CLOSED[invitation.status], status_code=HTTPStatus.GONE)
    return invitation


def _invitation_refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    context = {"message": error.message, "status": error.status_code}
    return render(request, "frontend/invitation_invalid.html", context, status=error.status_code)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    signed_in = request.user if isinstance(request.user, User) else None
    form = forms.NewAccountForm(request.POST or None)
    membership = None
    try:
        invitation = _invitation_open(token)
        form.known_email = invitation.email
        if request.method == "POST" and signed_in:
            membership = services.invitation_accept(token=token, acting_user=signed_in)
        elif request.method == "POST":
            membership = _submit(form, services.invitation_accept, token=token, acting_user=None)
    except ApplicationError as error:
        return _invitation_refused(request, error)
    if membership is None:
        context = _invitation_context(request, invitation, form)
        return render(request, "frontend/invitation_accept.html", context)
    if not signed_in:
        login(request, membership.user, backend=MODEL_BACKEND)
    messages.success(request, f"You have joined {invitation.organisation.name}")
    return redirect("frontend:account")


def _invitation_context(
    request: HttpRequest, invitation: Invitation, form: forms.NewAccountForm
) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "form": None if request.user.is_authenticated else form,
        "account_exists": selectors.account_exists(email=invitation.email),
        "sign_in_url": auth_views.redirect_to_login(request.path).url,
    }


@require_http_methods(["GET", "POST"])
def supplier_register(request: HttpRequest) -> HttpResponse:
    form = forms.SupplierRegistrationForm(request.POST or None)
    registered = _submit(form, services.supplier_register) if request.method == "POST" else None
    if registered is not None:
        organisation, user = registered
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, f"{organisation.name} is registered. You are its administrator.")
        return redirect("frontend:account")
    return render(request, "frontend/supplier_register.html", {"form": form})
