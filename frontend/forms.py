from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from loti.accounts.models import Membership, Organisation
from loti.api.errors import ApplicationError


def form_add_application_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's refusal on the form, against the fields it names."""
    placed = False
    for name, messages in error.fields.items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "The email address or password is not right.",
        "inactive": "This account has been closed.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).lower()


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to reset your password if an account uses this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not a common password and not all numbers.",
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class NewAccountForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        help_text="At least 8 characters, not a common password and not all numbers.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SupplierRegistrationForm(NewAccountForm):
    organisation_name = forms.CharField(
        label="Company name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    companies_house_number = forms.CharField(
        label="Companies House number (optional)",
        max_length=8,
        required=False,
        help_text="8 characters, for example 01234567 or SC123456.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    size = forms.ChoiceField(
        label="Size of company", choices=Organisation.Size.choices, widget=forms.RadioSelect
    )
    email_domain = forms.CharField(
        label="Company email domain (optional)",
        max_length=253,
        required=False,
        help_text="For example acme.co.uk. Colleagues' addresses end with it.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Your email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    field_order = [
        "organisation_name",
        "companies_house_number",
        "size",
        "email_domain",
        "full_name",
        "email",
        "password",
    ]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the person to invite",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text="Administrators can invite people and change roles.",
    )
