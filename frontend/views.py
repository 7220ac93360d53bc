from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from frontend import forms
from loti.accounts import access, selectors, services
from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.permissions import is_network_admin, is_organisation_admin


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/home.html")


class SignInView(auth_views.LoginView):
    template_name = "frontend/sign_in.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("frontend:home")


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "frontend/password_reset.html"
    form_class = forms.ResetRequestForm
    email_template_name = "frontend/email/password_reset.txt"
    subject_template_name = "frontend/email/password_reset_subject.txt"
    success_url = reverse_lazy("frontend:password-reset-sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "frontend/password_reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "frontend/password_reset_confirm.html"
    form_class = forms.ResetPasswordForm
    success_url = reverse_lazy("frontend:password-reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "frontend/password_reset_complete.html"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(user=request.user)
    return render(request, "frontend/account.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.organisation_get_as_member(user=request.user, slug=slug)
    can_invite = is_organisation_admin(request.user, organisation) or is_network_admin(request.user)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_invite:
            raise Http404
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    acting_user=request.user, organisation=organisation, **form.cleaned_data
                )
            except ApplicationError as error:
                forms.form_add_application_error(form, error)
            else:
                messages.success(request, f"Invitation sent to {invitation.email}.")
                return redirect("frontend:organisation-members", slug=slug)
    context = {
        "organisation": organisation,
        "members": selectors.members_of_organisation(organisation=organisation),
        "invitations": selectors.invitations_of_organisation(organisation=organisation)
        if can_invite
        else [],
        "can_invite": can_invite,
        "form": form,
    }
    return render(request, "frontend/organisation_members.html", context)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except ApplicationError as error:
        return render(request, "frontend/invitation_invalid.html", {"error": error}, status=400)
    signed_in = request.user.is_authenticated
    account_exists = User.objects.filter(email=invitation.email).exists()
    form = forms.NewAccountForm(request.POST or None) if not signed_in else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.invitation_accept(
                token=token,
                acting_user=request.user if signed_in else None,
                **(form.cleaned_data if form is not None else {}),
            )
        except ApplicationError as error:
            if form is None:
                return render(
                    request, "frontend/invitation_invalid.html", {"error": error}, status=400
                )
            forms.form_add_application_error(form, error)
        else:
            if not signed_in:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"You have joined {membership.organisation.name}.")
            return redirect("frontend:account")
    context = {
        "invitation": invitation,
        "form": form,
        "account_exists": account_exists,
        "sign_in_url": f"{reverse('frontend:sign-in')}?next={request.path}",
    }
    return render(request, "frontend/invitation_accept.html", context)


@require_http_methods(["GET", "POST"])
def supplier_register(request: HttpRequest) -> HttpResponse:
    form = forms.SupplierRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, user = services.supplier_register(**form.cleaned_data)
        except ApplicationError as error:
            forms.form_add_application_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"{organisation.name} is registered. You are its administrator."
            )
            return redirect("frontend:account")
    return render(request, "frontend/supplier_register.html", {"form": form})
