"""Forms of the data protection pages."""

from __future__ import annotations

from django import forms

from frontend.forms import ServiceForm


class DeletionForm(ServiceForm):
    """The password, so that nobody who finds a signed-in screen can delete the account."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="Enter your password to confirm that it is you.",
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
