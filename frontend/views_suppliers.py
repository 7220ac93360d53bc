"""A supplier's profile page: read by anyone signed in, edited by its members."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontend.forms import ServiceForm
from frontend.views import SignedInRequest, _submit
from loti.organisations import boroughs
from loti.permissions import is_member
from procurement import suppliers
from procurement.models import SupplierProfile

CASE_STUDY_ROWS = 3


class SupplierProfileForm(ServiceForm):
    capabilities = forms.CharField(
        label="What your company does",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In plain English, for borough officers looking for a supplier.",
    )
    cpv_interests = forms.CharField(
        label="CPV codes you work in (optional)",
        required=False,
        help_text="8-digit codes separated by commas, for example 72000000, 48000000.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    boroughs_served = forms.MultipleChoiceField(
        label="Boroughs you serve", required=False, widget=forms.CheckboxSelectMultiple
    )
    certifications = forms.CharField(
        label="Certifications (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, for example Cyber Essentials Plus.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        served = cast(forms.MultipleChoiceField, self.fields["boroughs_served"])
        served.choices = [(o.slug, o.name) for o in boroughs()]
        for n in range(CASE_STUDY_ROWS):
            self.fields[f"case_title_{n}"] = forms.CharField(
                label=f"Case study {n + 1}: title", required=False, max_length=200
            )
            self.fields[f"case_client_{n}"] = forms.CharField(
                label=f"Case study {n + 1}: client", required=False, max_length=200
            )

    def changes(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "capabilities": data["capabilities"],
            "cpv_interests": [c.strip() for c in data["cpv_interests"].split(",") if c.strip()],
            "boroughs_served": data["boroughs_served"],
            "certifications": [c for c in data["certifications"].splitlines() if c.strip()],
            "case_studies": [
                {"title": data[f"case_title_{n}"], "client": data[f"case_client_{n}"]}
                for n in range(CASE_STUDY_ROWS)
                if data[f"case_title_{n}"].strip()
            ],
        }


def _initial(profile: SupplierProfile) -> dict[str, object]:
    initial: dict[str, object] = {
        "capabilities": profile.capabilities,
        "certifications": "\n".join(profile.certifications),
    }
    # An unsaved profile (never written) has no relations to read yet.
    if profile.pk:
        initial["cpv_interests"] = ", ".join(c.code for c in profile.cpv_interests.all())
        initial["boroughs_served"] = [o.slug for o in profile.boroughs_served.all()]
    for n, study in enumerate(profile.case_studies[:CASE_STUDY_ROWS]):
        initial[f"case_title_{n}"], initial[f"case_client_{n}"] = study["title"], study["client"]
    return initial


@login_required
def supplier_profile(request: SignedInRequest, slug: str) -> HttpResponse:
    supplier = suppliers.supplier_get_for(user=request.user, slug=slug)
    context = {
        "supplier": supplier,
        "profile": suppliers.supplier_profile_of(supplier=supplier),
        "can_edit": is_member(request.user, supplier),
    }
    return render(request, "frontend/procurement/supplier_profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def supplier_profile_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    supplier = suppliers.supplier_get_for(user=request.user, slug=slug)
    if not is_member(request.user, supplier):
        raise PermissionDenied(f"Only members of {supplier.name} can change its profile.")
    profile = suppliers.supplier_profile_of(supplier=supplier)
    form = SupplierProfileForm(request.POST or None, initial=_initial(profile))
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda **_: suppliers.supplier_profile_update(
                acting_user=request.user, supplier=supplier, changes=form.changes()
            ),
        )
        if done is not None:
            messages.success(request, "Your company's profile is saved.")
            return redirect("frontend:supplier-profile", slug=slug)
    context = {"supplier": supplier, "form": form, "case_rows": range(CASE_STUDY_ROWS)}
    return render(request, "frontend/procurement/supplier_profile_edit.html", context)
