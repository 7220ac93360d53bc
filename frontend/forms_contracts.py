"""Forms of the contracts register's pages.

As in forms_procurement.py, a form checks what was typed (present, a number, a real
date); the contracts services apply the rules (the CPV code exists, the end is after
the start, nothing negative) and their refusals are shown against the fields they
name. clean() returns the service's arguments, so views pass form.cleaned_data on.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile

from frontend.forms import ServiceForm
from frontend.forms_procurement import MONEY_PLACES, LondonDateField, _set_choices, _text
from loti.accounts.models import Organisation
from loti.organisations import public_bodies
from procurement.contracts_selectors import ContractFilters
from procurement.models import Contract, ContractCategory, RenewalPlan
from procurement.selectors import VALUE_BANDS

CATEGORY_CHOICES = [("", "Choose a category"), *ContractCategory.choices]
VISIBILITY_CHOICES = [
    ("network", "LOTI's network"),
    ("public", "Public"),
    ("shared", "Named organisations"),
    ("private", "Your organisation only"),
]
VISIBILITY_HINTS = {
    "network": "Every London borough and public body in LOTI, and registered suppliers.",
    "public": "Anyone signed in, and open data when you publish a planned procurement.",
    "shared": "Your organisation and the organisations you choose below.",
    "private": "Nobody else sees it, in the register or in the pipeline.",
}


class RadioWithHints(forms.RadioSelect):
    def __init__(self, hints: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hints = hints


def _money(label: str) -> forms.DecimalField:
    name = label.removesuffix(" (optional)")
    return forms.DecimalField(
        label=label,
        help_text="In pounds, for example 25000.",
        required=False,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": f"{name} must be a number of pounds, like 25000",
            "max_digits": f"{name} is too large",
            "max_decimal_places": f"{name} can have at most 2 decimal places (pence)",
        },
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )


def _organisation_choice(form: forms.Form, organisations: Sequence[Organisation]) -> None:
    """Ask which borough only of someone who belongs to several."""
    if len(organisations) > 1:
        _set_choices(form, "borough", [(o.slug, o.name) for o in organisations])
    else:
        del form.fields["borough"]


def _chosen(organisations: dict[str, Organisation], slug: str | None) -> Organisation | None:
    """The borough chosen, or the person's only one."""
    if slug:
        return organisations[slug]
    return next(iter(organisations.values()), None)


class ContractForm(ServiceForm):
    """Everything a borough records about a contract."""

    field_order = [
        "borough",
        "system_name",
        "supplier_name",
        "reference",
        "category",
        "cpv_code",
        "annual_value",
        "total_value",
        "starts_on",
        "ends_on",
        "extension_options",
        "renewal_plan",
        "visibility",
        "shared_with",
        "notes",
    ]

    borough = forms.ChoiceField(
        label="Which organisation holds the contract?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation that holds the contract"},
    )
    system_name = forms.CharField(
        label="System or service",
        max_length=200,
        help_text="What the contract buys, like \N{LEFT SINGLE QUOTATION MARK}Salesforce "
        "CRM\N{RIGHT SINGLE QUOTATION MARK}.",
        error_messages={"required": "Enter the system or service"},
    )
    supplier_name = forms.CharField(
        label="Supplier",
        max_length=200,
        error_messages={"required": "Enter the supplier"},
    )
    reference = forms.CharField(
        label="Your contract reference (optional)",
        max_length=100,
        required=False,
        help_text="Importing a spreadsheet again matches rows to contracts by it.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    category = forms.ChoiceField(label="Category", choices=CATEGORY_CHOICES, required=False)
    cpv_code = forms.CharField(
        label="CPV code (optional)",
        max_length=12,
        required=False,
        help_text="For example 48445000. Give a category, a CPV code or both.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    annual_value = _money("Annual value (optional)")
    total_value = _money("Total value (optional)")
    starts_on = LondonDateField(
        name="The start date",
        with_time=False,
        label="Start date",
        help_text="For example, 1 4 2022.",
    )
    ends_on = LondonDateField(
        name="The end date",
        with_time=False,
        label="End date",
        help_text="When the contract ends without any further extension. For example, 31 3 2027.",
    )
    extension_options = forms.CharField(
        label="Extension options (optional)",
        max_length=200,
        required=False,
        help_text="For example, \N{LEFT SINGLE QUOTATION MARK}two further periods of 12 "
        "months\N{RIGHT SINGLE QUOTATION MARK}.",
    )
    renewal_plan = forms.ChoiceField(
        label="What do you plan to do when it ends?",
        choices=RenewalPlan.choices,
        initial=RenewalPlan.UNDECIDED,
        widget=forms.RadioSelect,
        error_messages={"required": "Say what you plan to do when the contract ends"},
    )
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=VISIBILITY_CHOICES,
        initial="network",
        widget=RadioWithHints(VISIBILITY_HINTS),
        error_messages={"required": "Choose who can see the contract"},
    )
    shared_with = forms.MultipleChoiceField(
        label="Organisations it is shared with (if shared with named organisations)",
        required=False,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "govuk-checkboxes--small app-checkboxes--columns"}
        ),
    )
    notes = _text("Notes (optional)", rows=3)

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation] = (),
        contract: Contract | None = None,
        **kwargs: Any,
    ) -> None:
        if contract is not None:
            kwargs.setdefault("initial", contract_initial(contract))
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        _organisation_choice(self, organisations)
        _set_choices(self, "shared_with", [(o.slug, o.name) for o in public_bodies()])

    def clean_annual_value(self) -> Decimal | None:
        value = self.cleaned_data["annual_value"]
        return None if value is None else Decimal(value).quantize(MONEY_PLACES)

    def clean_total_value(self) -> Decimal | None:
        value = self.cleaned_data["total_value"]
        return None if value is None else Decimal(value).quantize(MONEY_PLACES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["borough"] = _chosen(self.organisations, data.get("borough"))
        return data


def contract_initial(contract: Contract) -> dict[str, Any]:
    return {
        "system_name": contract.system_name,
        "supplier_name": contract.supplier_name,
        "reference": contract.reference,
        "category": contract.category,
        "cpv_code": contract.cpv_code_id or "",
        "annual_value": contract.annual_value,
        "total_value": contract.total_value,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "extension_options": contract.extension_options,
        "renewal_plan": contract.renewal_plan,
        "visibility": contract.visibility,
        "shared_with": [o.slug for o in contract.shared_with.all()],
        "notes": contract.notes,
    }


class ContractEditForm(ContractForm):
    """A contract's changes, for contract_update(changes=…)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.pop("borough", None)
        return {"changes": data}


class ImportForm(ServiceForm):
    service_fields: ClassVar[dict[str, str]] = {"file": "upload"}

    borough = forms.ChoiceField(
        label="Whose register is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose register it is"},
    )
    upload = forms.FileField(
        label="Upload your register",
        help_text="A CSV file (saved as CSV UTF-8) or an Excel workbook (.xlsx).",
        error_messages={
            "required": "Choose a spreadsheet to upload",
            "empty": "The file you chose is empty",
        },
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation] = (),
        limit_mb: int = 10,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        _organisation_choice(self, organisations)
        self.fields["upload"].help_text += f" It must be smaller than {limit_mb} MB."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile | None = data.get("upload")
        return {"upload": upload, "borough": _chosen(self.organisations, data.get("borough"))}


class PlanForm(ServiceForm):
    rationale = _text(
        "Why will the contract be procured again?",
        hint="Published as the plan's rationale, for example what the borough needs next.",
        required="Say why the contract will be procured again",
    )
    tender_expected_on = LondonDateField(
        name="The date the tender is expected",
        with_time=False,
        label="When do you expect to publish the tender? (optional)",
        help_text="For example, 1 9 2027.",
        required=False,
    )


class ContractFilterForm(forms.Form):
    """The register's and the pipeline's GET filters. A value that is not valid is
    ignored, not an error: a hand-edited address still shows contracts."""

    search = forms.CharField(label="Search the register", required=False, max_length=200)
    borough = forms.ChoiceField(label="Borough", required=False)
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "Any"), *ContractCategory.choices]
    )
    value_band = forms.ChoiceField(
        label="Annual value",
        required=False,
        choices=[("", "Any"), *[(b.key, b.label) for b in VALUE_BANDS]],
    )
    renewal_plan = forms.ChoiceField(
        label="Plan at renewal", required=False, choices=[("", "Any"), *RenewalPlan.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "borough", [("", "Any"), *[(o.slug, o.name) for o in public_bodies()]])

    def filters(self) -> ContractFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return ContractFilters(**data)


# The pipeline page's filters that a saved search keeps.
PIPELINE_SEARCH_FILTERS = ("category", "borough", "value_band")


class PipelineSearchForm(ServiceForm):
    name = forms.CharField(
        label="Name of the search",
        max_length=200,
        help_text="For example, \N{LEFT SINGLE QUOTATION MARK}CRM contracts in north "
        "London\N{RIGHT SINGLE QUOTATION MARK}.",
        error_messages={"required": "Enter a name for the search"},
    )
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "Any"), *ContractCategory.choices]
    )
    borough = forms.ChoiceField(label="Borough", required=False)
    value_band = forms.ChoiceField(
        label="Annual value",
        required=False,
        choices=[("", "Any"), *[(b.key, b.label) for b in VALUE_BANDS]],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "borough", [("", "Any"), *[(o.slug, o.name) for o in public_bodies()]])
