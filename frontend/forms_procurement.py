"""Forms of the tender board's pages.

As in forms.py, a form checks what was typed (present, a number, a real date); the
procurement services apply the rules (CPV codes exist, weights total 100, the deadline
is in the future by the database's clock) and their refusals are shown against the
fields they name. A form whose service takes differently shaped arguments returns
them from clean(), so views pass form.cleaned_data straight to the service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from frontend.forms import EMAIL_FORMAT, ServiceForm
from loti.accounts.models import Organisation
from loti.api.errors import ApplicationError
from loti.organisations import public_bodies
from loti.scoring.engine import SCORE_MAX
from procurement.dates import LONDON
from procurement.models import (
    Bid,
    CriterionKind,
    Tender,
    TenderCriterion,
    TenderDocument,
    TenderDocumentType,
)
from procurement.selectors import CLOSING_WITHIN_DAYS, VALUE_BANDS, TenderFilters

YES_NO = [("True", "Yes"), ("False", "No")]
ANY_YES_NO = [("", "Any"), ("True", "Yes"), ("False", "No")]
CRITERIA_ROWS = 5
MONEY_PLACES = Decimal("0.01")


def _set_choices(form: forms.Form, name: str, choices: Sequence[tuple[str, str]]) -> None:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    field.choices = list(choices)


def _to_bool(value: str) -> bool:
    return value == "True"


def _yes_no(label: str, *, required: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": required},
    )


def _text(label: str, *, hint: str = "", rows: int = 5, required: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required),
        error_messages={"required": required} if required else {},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _money(label: str, *, required: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text="In pounds, for example 25000.",
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": required,
            "invalid": f"{label} must be a number of pounds, like 25000",
            "max_digits": f"{label} is too large",
            "max_decimal_places": f"{label} can have at most 2 decimal places (pence)",
        },
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )


# Dates and times -------------------------------------------------------------------------

TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")
NAMED_TIMES = {"midday": (12, 0), "noon": (12, 0), "12noon": (12, 0), "midnight": (0, 0)}


def _time_text(moment: datetime) -> str:
    """17:30 → 5:30pm; 12:00 → 12pm (the form London time is written in)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d}{suffix}" if moment.minute else f"{hour}{suffix}"


def _parse_time(text: str) -> tuple[int, int] | None:
    text = text.lower().replace(" ", "")
    if text in NAMED_TIMES:
        return NAMED_TIMES[text]
    match = TIME.match(text)
    if not match:
        return None
    hour, minute, suffix = int(match[1]), int(match[2] or 0), match[3]
    if minute > 59:
        return None
    if suffix:
        if not 1 <= hour <= 12:
            return None
        return (hour % 12 + (12 if suffix == "pm" else 0), minute)
    return (hour, minute) if hour <= 23 else None


class DateInput(forms.Widget):
    """GOV.UK's date input (day, month and year boxes), with a time box when with_time:
    drawn by the govuk_field tag ("date" kind), read as London time."""

    govuk_kind = "date"

    def __init__(self, *, with_time: bool, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.with_time = with_time

    @property
    def part_names(self) -> tuple[str, ...]:
        return ("day", "month", "year", "time") if self.with_time else ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {part: str(data.get(f"{name}-{part}", "")).strip() for part in self.part_names}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}-{part}" not in data for part in self.part_names)

    def parts(self, value: Any) -> dict[str, str]:
        if isinstance(value, dict):
            return value
        if isinstance(value, datetime):
            local = value.astimezone(LONDON)
            return {
                "day": str(local.day),
                "month": str(local.month),
                "year": str(local.year),
                "time": _time_text(local),
            }
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {}

    def govuk_context(self, field: forms.BoundField) -> dict[str, Any]:
        return {"parts": self.parts(field.value()), "with_time": self.with_time}


class LondonDateField(forms.Field):
    """A date, or with with_time a London date and time (an aware datetime). `name`
    begins the error messages: "The closing date must be a real date"."""

    def __init__(self, *, name: str, with_time: bool, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {name.lower()}")
        super().__init__(widget=DateInput(with_time=with_time), **kwargs)
        self.name = name
        self.with_time = with_time

    def to_python(self, value: Any) -> date | datetime | None:
        if isinstance(value, date):
            return value
        parts = dict(value or {})
        if not any(parts.values()):
            return None
        missing = [part for part in ("day", "month", "year") if not parts.get(part)]
        if missing:
            raise ValidationError(f"{self.name} must include a {' and '.join(missing)}")
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise ValidationError(f"{self.name} must be a real date") from None
        if not 2000 <= day.year <= 2100:
            raise ValidationError(f"{self.name} must be a real date")
        if not self.with_time:
            return day
        if not parts.get("time"):
            raise ValidationError(f"{self.name} must include a time")
        time = _parse_time(parts["time"])
        if time is None:
            raise ValidationError("Enter the time like 9am, 12pm or 5:30pm")
        return datetime(day.year, day.month, day.day, *time, tzinfo=LONDON)


# Criteria ------------------------------------------------------------------------------------


class CriteriaInput(forms.Widget):
    """Rows of name, kind and weight, drawn by the tender form's template."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[dict[str, str]]:
        return [
            {
                part: str(data.get(f"{name}-{row}-{part}", "")).strip()
                for part in ("name", "kind", "weight")
            }
            for row in range(CRITERIA_ROWS)
        ]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}-0-name" not in data


class CriteriaField(forms.Field):
    """The evaluation criteria: each filled row needs all three parts. Whether the
    weights total 100 is the service's rule, so its message is the one shown."""

    widget = CriteriaInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": "Add the evaluation criteria"})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        rows = [row for row in (value or []) if any(str(v).strip() for v in row.values())]
        cleaned = []
        for row in rows:
            if not (row.get("name") and row.get("kind") and str(row.get("weight", "")).strip()):
                raise ValidationError("Give each criterion a name, a kind and a weight")
            if row["kind"] not in CriterionKind.values:
                raise ValidationError("Choose the kind of each criterion")
            try:
                weight = Decimal(str(row["weight"]).strip().rstrip("%"))
            except InvalidOperation:
                raise ValidationError("Enter each weight as a number, like 60") from None
            cleaned.append({"name": row["name"], "kind": row["kind"], "weight": weight})
        return cleaned


def criteria_initial(criteria: Iterable[TenderCriterion]) -> list[dict[str, Any]]:
    return [{"name": c.name, "kind": c.kind, "weight": c.weight} for c in criteria]


DEFAULT_CRITERIA_ROWS = [
    {"name": "Quality", "kind": CriterionKind.QUALITY.value, "weight": Decimal(60)},
    {"name": "Price", "kind": CriterionKind.PRICE.value, "weight": Decimal(30)},
    {"name": "Social value", "kind": CriterionKind.SOCIAL_VALUE.value, "weight": Decimal(10)},
]


def _weight_text(weight: Any) -> str:
    if isinstance(weight, Decimal):
        return f"{weight.normalize():f}"
    return str(weight or "")


# Tenders -------------------------------------------------------------------------------------


class TenderForm(ServiceForm):
    """Everything a buyer says about a tender. `buyers` are the public bodies the
    person may buy for; when there are several they choose one."""

    # The date fields whose initial (stored) value may carry seconds the form cannot show.
    moments: ClassVar[tuple[str, ...]] = ("questions_close_at", "closes_at")
    # The page's order, so the error summary lists problems in the order they appear.
    field_order = [
        "rationale",
        "buyer",
        "title",
        "description",
        "cpv_codes",
        "value_min",
        "value_max",
        "contract_months",
        "participating_boroughs",
        "location_boroughs",
        "location_remote",
        "sme_suitable",
        "vcse_suitable",
        "closes_at",
        "questions_close_at",
        "expected_award_on",
        "criteria",
    ]

    buyer = forms.ChoiceField(
        label="Which organisation is buying?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation that is buying"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Say what you are buying, like \N{LEFT SINGLE QUOTATION MARK}Digital inclusion "
        "support service\N{RIGHT SINGLE QUOTATION MARK}.",
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    description = _text(
        "Description",
        hint="What you need, who it is for, and what the supplier will do.",
        rows=8,
        required="Describe what you are buying",
    )
    cpv_codes = forms.CharField(
        label="CPV codes",
        help_text="Common Procurement Vocabulary codes of what you are buying, like "
        "72000000 for IT services. Separate codes with commas or put each on a new line.",
        error_messages={"required": "Enter at least one CPV code"},
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    value_min = _money("Lowest value", required="Enter the lowest value")
    value_max = _money("Highest value", required="Enter the highest value")
    contract_months = forms.IntegerField(
        label="Contract length in months (optional)",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": "Contract length must be a whole number of months, like 12",
            "min_value": "Contract length must be at least 1 month",
            "max_value": "Contract length must be 600 months or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
    participating_boroughs = forms.MultipleChoiceField(
        label="Joint buyers (optional)",
        help_text="Other boroughs or public bodies buying with you.",
        required=False,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "govuk-checkboxes--small app-checkboxes--columns"}
        ),
    )
    location_boroughs = forms.MultipleChoiceField(
        label="Where the work happens (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "govuk-checkboxes--small app-checkboxes--columns"}
        ),
    )
    location_remote = _yes_no(
        "Can the work be done remotely?", required="Say whether the work can be done remotely"
    )
    sme_suitable = _yes_no(
        "Is it suitable for small and medium-sized enterprises (SMEs)?",
        required="Say whether the tender is suitable for SMEs",
    )
    vcse_suitable = _yes_no(
        "Is it suitable for voluntary, community and social enterprises (VCSEs)?",
        required="Say whether the tender is suitable for VCSEs",
    )
    charter_technology = _text(
        "What the technology is and why it is used (optional)",
        hint="In plain English, for residents.",
    )
    charter_dpia_url = forms.URLField(
        label="Link to the data protection impact assessment (optional)",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a web address in the correct format, like https://…"},
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
    charter_inclusivity = _text("Inclusivity statement (optional)")
    charter_consequences = _text("Consequence-scanning notes (optional)")
    charter_unused_functionality = _text(
        "Functionality not in use (optional)",
        hint="Anything the technology can do that will not be switched on.",
    )
    charter_open_data = forms.TypedChoiceField(
        label="Will non-personal data be published as open data?",
        choices=[("True", "Yes"), ("False", "No"), ("", "Not decided yet")],
        coerce=_to_bool,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    loti_data_clause_included = _yes_no(
        "Does the contract include LOTI's data-access clause?",
        required="Say whether the contract includes LOTI's data-access clause",
    )
    loti_data_clause_explanation = _text(
        "If not, why not?", hint="Published with the tender. Leave blank if it is included."
    )
    questions_close_at = LondonDateField(
        name="The date questions close",
        with_time=True,
        label="When clarification questions close (optional)",
        help_text="London time. For example, 20 3 2027 and 5pm. "
        "If you leave it blank, questions close when the tender does.",
        required=False,
    )
    closes_at = LondonDateField(
        name="The closing date",
        with_time=True,
        label="Closing date and time",
        help_text="London time. For example, 27 3 2027 and 12pm. "
        "Give suppliers at least 10 days to bid.",
        error_messages={"required": "Enter the closing date"},
    )
    expected_award_on = LondonDateField(
        name="The expected award date",
        with_time=False,
        label="When you expect to award the contract (optional)",
        help_text="For example, 15 5 2027.",
        required=False,
    )
    criteria = CriteriaField(
        label="Evaluation criteria",
        help_text="Weights are percentages and must total 100. "
        "At most one criterion can be the price; it is scored from the prices bid.",
    )

    def __init__(
        self,
        *args: Any,
        buyers: Sequence[Organisation] = (),
        tender: Tender | None = None,
        **kwargs: Any,
    ) -> None:
        if tender is not None:
            kwargs.setdefault("initial", tender_initial(tender))
        super().__init__(*args, **kwargs)
        self.buyers = {organisation.slug: organisation for organisation in buyers}
        if len(self.buyers) > 1:
            _set_choices(self, "buyer", [(o.slug, o.name) for o in buyers])
        else:
            del self.fields["buyer"]
        bodies = [(o.slug, o.name) for o in public_bodies()]
        _set_choices(self, "participating_boroughs", bodies)
        _set_choices(self, "location_boroughs", bodies)
        if "criteria" in self.fields and not self.is_bound and not self.initial.get("criteria"):
            self.initial["criteria"] = DEFAULT_CRITERIA_ROWS

    @property
    def criteria_rows(self) -> list[dict[str, Any]]:
        """The rows the criteria table shows: what was typed, else the initial criteria."""
        value = self["criteria"].value() or []
        rows = [
            {
                "name": row.get("name", ""),
                "kind": row.get("kind", ""),
                "weight": _weight_text(row.get("weight")),
            }
            for row in list(value)[:CRITERIA_ROWS]
        ]
        rows += [{"name": "", "kind": "", "weight": ""}] * (CRITERIA_ROWS - len(rows))
        return [{"index": index, "number": index + 1, **row} for index, row in enumerate(rows)]

    @property
    def criterion_kinds(self) -> list[tuple[str, str]]:
        return list(CriterionKind.choices)

    def clean_cpv_codes(self) -> list[str]:
        return [code for code in re.split(r"[,;\s]+", self.cleaned_data["cpv_codes"]) if code]

    def clean_value_min(self) -> Decimal:
        return Decimal(self.cleaned_data["value_min"]).quantize(MONEY_PLACES)

    def clean_value_max(self) -> Decimal:
        return Decimal(self.cleaned_data["value_max"]).quantize(MONEY_PLACES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "buyer" in self.fields and data.get("buyer"):
            data["buyer"] = self.buyers[data["buyer"]]
        elif self.buyers:
            data["buyer"] = next(iter(self.buyers.values()))
        for name in self.moments:
            # The form shows minutes; a stored time's seconds are kept if the minute is unchanged.
            stored, typed = self.initial.get(name), data.get(name)
            if isinstance(stored, datetime) and typed == stored.replace(second=0, microsecond=0):
                data[name] = stored
        return data


def tender_initial(tender: Tender) -> dict[str, Any]:
    """A tender's fields as the form shows them (the tender from tender_get_for, whose
    relations are prefetched)."""
    return {
        "title": tender.title,
        "description": tender.description,
        "cpv_codes": "\n".join(code.code for code in tender.cpv_codes.all()),
        "value_min": tender.value_min,
        "value_max": tender.value_max,
        "contract_months": tender.contract_months,
        "participating_boroughs": [o.slug for o in tender.participating_boroughs.all()],
        "location_boroughs": [o.slug for o in tender.location_boroughs.all()],
        "location_remote": tender.location_remote,
        "sme_suitable": tender.sme_suitable,
        "vcse_suitable": tender.vcse_suitable,
        "charter_technology": tender.charter_technology,
        "charter_dpia_url": tender.charter_dpia_url,
        "charter_inclusivity": tender.charter_inclusivity,
        "charter_consequences": tender.charter_consequences,
        "charter_unused_functionality": tender.charter_unused_functionality,
        "charter_open_data": tender.charter_open_data,
        "loti_data_clause_included": tender.loti_data_clause_included,
        "loti_data_clause_explanation": tender.loti_data_clause_explanation,
        "questions_close_at": tender.questions_close_at,
        "closes_at": tender.closes_at,
        "expected_award_on": tender.expected_award_on,
        "criteria": criteria_initial(tender.criteria.all()),
    }


class TenderEditForm(TenderForm):
    """A draft's changes, for tender_update(changes=…)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.pop("buyer", None)
        return {"changes": data}


class TenderAmendForm(TenderForm):
    """A published tender's amendment: the criteria cannot change, and the buyer says why."""

    rationale = _text(
        "Why are you amending the tender?",
        hint="Published with the amendment. Suppliers who have bid are asked to confirm "
        "their bids.",
        required="Say why you are amending the tender",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["criteria"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.pop("buyer", None)
        rationale = data.pop("rationale", "")
        return {"rationale": rationale, "changes": data}


class ReasonForm(ServiceForm):
    reason = _text(
        "Reason",
        hint="Published on the tender page and sent to everyone following the tender.",
        required="Give the reason",
    )

    def __init__(self, *args: Any, label: str = "Reason", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class ActionForm(ServiceForm):
    """A button that calls a service (publish, submit, withdraw): no fields, so a
    refusal is a form-level error; the error summary links to `error_anchor`, the part
    of the page that says what to do about it."""

    def __init__(self, *args: Any, error_anchor: str = "main-content", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_anchor = error_anchor


# Questions -----------------------------------------------------------------------------------


class _SupplierChoice(ServiceForm):
    """The supplier organisation the person acts for: chosen only when they have several."""

    supplier = forms.ChoiceField(
        label="Which company are you asking for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your company"},
    )

    def __init__(self, *args: Any, suppliers: Sequence[Organisation] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suppliers = {organisation.slug: organisation for organisation in suppliers}
        if len(self.suppliers) > 1:
            _set_choices(self, "supplier", [(o.slug, o.name) for o in suppliers])
        else:
            del self.fields["supplier"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "supplier" in self.fields and data.get("supplier"):
            data["supplier"] = self.suppliers[data["supplier"]]
        elif self.suppliers:
            data["supplier"] = next(iter(self.suppliers.values()))
        return data


class QuestionForm(_SupplierChoice):
    question = _text(
        "Your question",
        hint="The buyer publishes the answer to every supplier without saying who asked. "
        "Do not include your company's name.",
        required="Enter your question",
    )


class AnswerForm(ServiceForm):
    published_question = _text(
        "The question as it will be published",
        hint="Take out anything that would say who asked.",
        rows=4,
        required="Enter the question as it will be published",
    )
    answer = _text("Your answer", required="Enter the answer")


# Bids ----------------------------------------------------------------------------------------


class BidForm(ServiceForm):
    """A response to each scored criterion and a price, for bid_update. Blank responses
    are allowed in a draft; submitting checks they are all there."""

    price = forms.DecimalField(
        label="Your price",
        help_text="The total price in pounds, excluding VAT, for example 45000.",
        required=False,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": "Your price must be a number of pounds, like 45000",
            "max_digits": "Your price is too large",
            "max_decimal_places": "Your price can have at most 2 decimal places (pence)",
        },
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )

    def __init__(
        self,
        *args: Any,
        criteria: Sequence[TenderCriterion] = (),
        bid: Bid | None = None,
        **kwargs: Any,
    ) -> None:
        if bid is not None:
            initial = {f"response_{key}": text for key, text in bid.responses.items()}
            kwargs.setdefault("initial", {**initial, "price": bid.price})
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        price = self.fields.pop("price")
        for criterion in self.criteria:
            self.fields[f"response_{criterion.key}"] = _text(
                f"{criterion.name} ({_weight_text(criterion.weight)}%)",
                hint=f"Your response to the {criterion.name.lower()} criterion.",
                rows=8,
            )
        self.fields["price"] = price

    def add_application_error(self, error: ApplicationError) -> None:
        if "responses" in error.fields and self.criteria:
            error.fields[f"response_{self.criteria[0].key}"] = error.fields.pop("responses")
        super().add_application_error(error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        responses = {c.key: data.get(f"response_{c.key}", "") for c in self.criteria}
        price = data.get("price")
        return {
            "price": price.quantize(MONEY_PLACES) if price is not None else None,
            "responses": responses,
        }


class AttachmentForm(ServiceForm):
    service_fields: ClassVar[dict[str, str]] = {"file": "upload"}

    upload = forms.FileField(
        label="Upload a document",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or plain text.",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file you chose is empty",
        },
    )

    def __init__(self, *args: Any, limit_mb: int = 10, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text += f" Each file must be smaller than {limit_mb} MB."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile | None = data.get("upload")
        return {"upload": upload}


AMENDMENT_HINT = (
    "The tender is published, so this change is an amendment. Your reason is published on "
    "the tender page and sent to every supplier who registered interest or has a bid."
)


def _amendment_rationale() -> forms.CharField:
    return _text(
        "Why are you making this change?",
        hint=AMENDMENT_HINT,
        rows=3,
        required="Say why you are making this change",
    )


class TenderDocumentForm(ServiceForm):
    """One of the buyer's documents, or a new version of a current one. Once the tender
    is published the change is an amendment, so it asks why."""

    service_fields: ClassVar[dict[str, str]] = {"file": "upload"}

    upload = forms.FileField(
        label="Upload a document",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or plain text.",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file you chose is empty",
        },
    )
    document_type = forms.ChoiceField(
        label="What kind of document is it?",
        choices=TenderDocumentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of document it is"},
    )
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=200,
        help_text="What suppliers see in the list of documents. Without one, the file's name "
        "is used.",
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )
    replaces = forms.ChoiceField(
        label="Does it replace one of the tender's documents?",
        required=False,
        widget=forms.RadioSelect,
        help_text="A new version keeps the title of the one it replaces unless you give another.",
        error_messages={
            "invalid_choice": "Choose one of the tender's documents, or say it is a new document"
        },
    )
    rationale = _amendment_rationale()

    def __init__(
        self,
        *args: Any,
        documents: Sequence[TenderDocument],
        amending: bool,
        limit_mb: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text += f" Each file must be smaller than {limit_mb} MB."
        if documents:
            _set_choices(
                self,
                "replaces",
                [("", "No, it is a new document")] + [(str(d.pk), d.title) for d in documents],
            )
            self.fields["replaces"].initial = ""
        else:
            del self.fields["replaces"]
        if not amending:
            del self.fields["rationale"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        replaces = data.get("replaces")
        return {
            "upload": data.get("upload"),
            "document_type": data.get("document_type"),
            "title": data.get("title", ""),
            "rationale": data.get("rationale", ""),
            "replaces": int(replaces) if replaces else None,
        }


class TenderDocumentRemoveForm(ServiceForm):
    # A draft's removal has no field for the error summary to link to.
    error_anchor = "main-content"
    rationale = _amendment_rationale()

    def __init__(self, *args: Any, amending: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not amending:
            del self.fields["rationale"]


# Evaluation ----------------------------------------------------------------------------------


class EvaluatorForm(ServiceForm):
    email = forms.EmailField(
        label="Email address of the evaluator",
        help_text="They need an account. They will declare any conflicts of interest before "
        "they see a bid.",
        error_messages={"required": "Enter the evaluator's email address", "invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class DeclarationForm(ServiceForm):
    """One box per bidder: a reason there means a conflict with that bid."""

    def __init__(self, *args: Any, bids: Sequence[Bid] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bids = list(bids)
        for bid in self.bids:
            self.fields[f"bid_{bid.pk}"] = _text(
                f"Conflict of interest with {bid.supplier.name} (leave blank if none)",
                hint="Say what the conflict is: a past employer, a friend or relative who works "
                "there, shares or a paid role.",
                rows=3,
            )

    def add_application_error(self, error: ApplicationError) -> None:
        if "conflicts" in error.fields and self.bids:
            error.fields[f"bid_{self.bids[0].pk}"] = error.fields.pop("conflicts")
        super().add_application_error(error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        conflicts: dict[int, str] = {}
        for bid in self.bids:
            reason = data.get(f"bid_{bid.pk}", "").strip()
            if reason:
                conflicts[bid.pk] = reason
        return {"conflicts": conflicts}


class _ScoresForm(ServiceForm):
    """A score (0 to 5) and a note for each scored criterion."""

    note: ClassVar[str] = "comment"
    note_label: ClassVar[str] = "Comment on {name} (optional)"
    note_required: ClassVar[str] = ""

    def __init__(
        self,
        *args: Any,
        criteria: Sequence[TenderCriterion] = (),
        initial_scores: Mapping[str, tuple[Decimal, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        initial = {}
        for key, (score, note) in (initial_scores or {}).items():
            initial[f"score_{key}"] = f"{score.normalize():f}"
            initial[f"{self.note}_{key}"] = note
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        top = f"{SCORE_MAX.normalize():f}"
        for criterion in self.criteria:
            self.fields[f"score_{criterion.key}"] = forms.DecimalField(
                label=f"Score for {criterion.name.lower()}",
                help_text=f"From 0 to {top}. Weight {_weight_text(criterion.weight)}%.",
                max_digits=4,
                decimal_places=2,
                error_messages={
                    "required": f"Enter a score for {criterion.name.lower()}",
                    "invalid": f"The score for {criterion.name.lower()} must be a number from "
                    f"0 to {top}",
                },
                widget=forms.TextInput(
                    attrs={"class": "govuk-input--width-3", "inputmode": "decimal"}
                ),
            )
            name = criterion.name.lower()
            self.fields[f"{self.note}_{criterion.key}"] = _text(
                self.note_label.format(name=name),
                rows=3,
                required=self.note_required.format(name=name),
            )

    def add_application_error(self, error: ApplicationError) -> None:
        if "scores" in error.fields and self.criteria:
            error.fields[f"score_{self.criteria[0].key}"] = error.fields.pop("scores")
        super().add_application_error(error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        return {
            "scores": [
                {
                    "criterion": c.key,
                    "score": data[f"score_{c.key}"],
                    self.note: data.get(f"{self.note}_{c.key}", ""),
                }
                for c in self.criteria
            ]
        }


class ScoreForm(_ScoresForm):
    note = "comment"
    note_label = "Comment on {name} (optional)"


class ModerationForm(_ScoresForm):
    note = "rationale"
    note_label = "Why the panel agreed this score for {name}"
    note_required = "Give the reason for the agreed score for {name}"


class AwardForm(ServiceForm):
    bid = forms.ChoiceField(
        label="Which bid wins?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the winning bid"},
    )

    def __init__(
        self, *args: Any, bids: Mapping[int, tuple[Bid, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.bids = {str(pk): bid for pk, (bid, _) in (bids or {}).items()}
        _set_choices(self, "bid", [(str(pk), label) for pk, (_, label) in (bids or {}).items()])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("bid"):
            data["bid"] = self.bids[data["bid"]]
        return data


# Searching -----------------------------------------------------------------------------------

SORT_CHOICES = [("closing", "Closing soonest"), ("newest", "Newest")]


class TenderSearchForm(forms.Form):
    """The tender board's GET filters. A value that is not valid is ignored, not an
    error: a hand-edited address still shows tenders."""

    search = forms.CharField(label="Search tenders", required=False, max_length=300)
    status = forms.ChoiceField(required=False, choices=[("open", "Open"), ("closed", "Closed")])
    division = forms.RegexField(regex=r"^\d{2}$", required=False)
    value_band = forms.ChoiceField(required=False, choices=[(b.key, b.label) for b in VALUE_BANDS])
    buyer = forms.SlugField(required=False)
    sme_suitable = forms.ChoiceField(required=False, choices=[("true", "Yes")])
    vcse_suitable = forms.ChoiceField(required=False, choices=[("true", "Yes")])
    closing_within_days = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(d), d) for d in CLOSING_WITHIN_DAYS],
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def filters(self) -> tuple[TenderFilters, str]:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        return (
            TenderFilters(
                search=data.get("search", ""),
                status=data.get("status", ""),
                division=data.get("division", ""),
                value_band=data.get("value_band", ""),
                buyer=data.get("buyer", ""),
                sme_suitable=True if data.get("sme_suitable") else None,
                vcse_suitable=True if data.get("vcse_suitable") else None,
                closing_within_days=data.get("closing_within_days"),
            ),
            data.get("sort", "newest"),
        )


class SavedSearchForm(ServiceForm):
    name = forms.CharField(
        label="Name of the search",
        max_length=200,
        help_text="For example, \N{LEFT SINGLE QUOTATION MARK}IT services in "
        "Camden\N{RIGHT SINGLE QUOTATION MARK}.",
        error_messages={"required": "Enter a name for the search"},
    )
    search = forms.CharField(label="Words to search for (optional)", required=False, max_length=300)
    division = forms.ChoiceField(label="Kind of work (CPV division)", required=False)
    value_band = forms.ChoiceField(
        label="Value",
        required=False,
        choices=[("", "Any"), *[(b.key, b.label) for b in VALUE_BANDS]],
        widget=forms.RadioSelect,
    )
    buyer = forms.ChoiceField(label="Buyer", required=False)
    sme_suitable = forms.TypedChoiceField(
        label="Suitable for SMEs",
        choices=ANY_YES_NO,
        coerce=_to_bool,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )
    vcse_suitable = forms.TypedChoiceField(
        label="Suitable for VCSEs",
        choices=ANY_YES_NO,
        coerce=_to_bool,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )

    def __init__(
        self, *args: Any, divisions: Sequence[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "division",
            [
                ("", "Any"),
                *[(code, f"{code}: {name}") for code, name in divisions],
            ],
        )
        _set_choices(self, "buyer", [("", "Any"), *[(o.slug, o.name) for o in public_bodies()]])


def saved_search_initial(filters: TenderFilters) -> dict[str, Any]:
    """The save-this-search form, filled in from the search page's filters."""
    return {
        "search": filters.search,
        "division": filters.division,
        "value_band": filters.value_band,
        "buyer": filters.buyer,
        "sme_suitable": filters.sme_suitable,
        "vcse_suitable": filters.vcse_suitable,
    }
