"""Forms of the GOV.UK pages.

A form checks what the person typed (present, well formed, a strong enough password)
so every such problem is shown at once; the service then applies the rules that need
the database (an address already used, a name already taken) and its refusal is shown
on the form against the field it names.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from loti.accounts.models import Membership, Organisation, User
from loti.accounts.services import COMPANIES_HOUSE_NUMBER, DOMAIN
from loti.accounts.sign_in import is_locked_out, locked_out_message
from loti.api.errors import ApplicationError

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
STRONG_ENOUGH_HINT = "At least 8 characters. Do not use a common password or only numbers."


def _email_field(label: str, *, required: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        error_messages={"required": required, "invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def _password_field(
    label: str, *, required: str, autocomplete: str, hint: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=hint,
        error_messages={"required": required},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class ServiceForm(forms.Form):
    """A form whose data goes to a service; the service's refusal is shown on it."""

    # The service's name for a field, where it differs from the form's.
    service_fields: ClassVar[dict[str, str]] = {}

    def add_application_error(self, error: ApplicationError) -> None:
        placed = False
        for name, messages in error.fields.items():
            name = self.service_fields.get(name, name)
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, error.message)


class SignInForm(AuthenticationForm):
    username = _email_field("Email address", required="Enter your email address")
    password = _password_field(
        "Password", required="Enter your password", autocomplete="current-password"
    )
    error_messages = {
        "invalid_login": "The email address or password is not right",
        "inactive": "This account has been closed",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).lower()

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            locked_out = self.request is not None and is_locked_out(self.request)
            # When locked out the password may even have been right: say why it was
            # refused. Shown against the password, so the error summary links to a
            # field the person can correct and the message is read out next to it.
            self.add_error("password", locked_out_message() if locked_out else error)
            return self.cleaned_data


class TwoFactorCodeForm(ServiceForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args: Any, for_sign_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_sign_in:
            self.fields["code"].label = "Code"
            self.fields[
                "code"
            ].help_text = (
                "The 6-digit code your authenticator app shows now, or one of your recovery codes."
            )
            self.fields["code"].error_messages["required"] = (
                "Enter the code from your authenticator app, or a recovery code"
            )


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to reset your password if an account uses this address.",
        error_messages={"required": "Enter your email address", "invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class ResetPasswordForm(SetPasswordForm):
    new_password1 = _password_field(
        "New password",
        required="Enter a new password",
        autocomplete="new-password",
        hint=STRONG_ENOUGH_HINT,
    )
    new_password2 = _password_field(
        "Confirm new password",
        required="Enter the new password again",
        autocomplete="new-password",
    )
    error_messages = {"password_mismatch": "Enter the same password in both fields"}  # nosec B105  # a message

    def clean(self) -> dict[str, Any]:
        # Django puts a weak password's problems on the confirmation; they belong to
        # the field where the password was chosen.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)  # type: ignore[return-value]


class NewAccountForm(ServiceForm):
    """A new person's name and password; the e-mail address is given (an invitation's)
    or is a field of a subclass."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    password = _password_field(
        "Create a password",
        required="Create a password",
        autocomplete="new-password",
        hint=STRONG_ENOUGH_HINT,
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            email = data.get("email", self.known_email)
            person = User(email=email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password, person)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class SupplierRegistrationForm(NewAccountForm):
    service_fields: ClassVar[dict[str, str]] = {
        "name": "organisation_name",
        "email_domains": "email_domain",
    }

    organisation_name = forms.CharField(
        label="Company name",
        max_length=200,
        error_messages={"required": "Enter your company's name"},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    companies_house_number = forms.CharField(
        label="Companies House number (optional)",
        max_length=10,
        required=False,
        help_text="8 characters, for example 01234567 or SC123456.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    size = forms.ChoiceField(
        label="Size of company",
        choices=Organisation.Size.choices,
        error_messages={"required": "Choose the size of your company"},
        widget=forms.RadioSelect,
    )
    email_domain = forms.CharField(
        label="Company email domain (optional)",
        max_length=253,
        required=False,
        help_text="For example acme.co.uk. Your colleagues' email addresses end with it.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    email = _email_field("Your email address", required="Enter your email address")
    field_order = [
        "organisation_name",
        "companies_house_number",
        "size",
        "email_domain",
        "full_name",
        "email",
        "password",
    ]

    def clean_companies_house_number(self) -> str:
        number = "".join(str(self.cleaned_data["companies_house_number"]).split()).upper()
        if number and not COMPANIES_HOUSE_NUMBER.match(number):
            raise ValidationError(
                "Enter a Companies House number in the correct format, like 01234567 or SC123456"
            )
        return number

    def clean_email_domain(self) -> str:
        domain = str(self.cleaned_data["email_domain"]).strip().lower().lstrip("@")
        if domain and not DOMAIN.match(domain):
            raise ValidationError("Enter an email domain in the correct format, like acme.co.uk")
        return domain


class InvitationForm(ServiceForm):
    email = forms.EmailField(
        label="Email address of the person to invite",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": EMAIL_FORMAT,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        error_messages={"required": "Choose a role"},
        widget=forms.RadioSelect,
        help_text="Administrators can invite people and change roles.",
    )
