"""Forms of the open-call challenge pages.

As in forms.py, a form checks what was typed (present, a number, a real date); the
challenges services apply the rules (closing after opening, prizes, weights totalling
100, the deadline by the database clock) and their refusals are shown against the
fields they name. Each form's clean() returns the service's keyword arguments, so a
view passes form.cleaned_data straight to the service.

Rows of a table (prizes, rubric criteria, score levels) are edited without JavaScript:
"Add another" sends the form back and it is drawn again with one more empty row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Self

from django import forms
from django.core.exceptions import ValidationError

from challenges.judging import DEFAULT_SCALE
from challenges.models import (
    Audience,
    Challenge,
    ConflictKind,
    Entry,
    Method,
    Prize,
    PrizeKind,
    Round,
    RoundKind,
    RubricCriterion,
)
from frontend.forms import EMAIL_FORMAT, ServiceForm
from frontend.forms_procurement import LondonDateField
from loti.accounts.models import Organisation
from loti.api.errors import ApplicationError

YES_NO = [("True", "Yes"), ("False", "No")]
MAX_ROWS = 30
MONEY_PLACES = Decimal("0.01")


def _to_bool(value: str) -> bool:
    return value == "True"


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under each choice (read by the govuk_field tag)."""

    def __init__(self, hints: Mapping[Any, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hints = {str(value): hint for value, hint in hints.items()}


def _text(label: str, *, hint: str = "", rows: int = 5, required: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(required),
        error_messages={"required": required} if required else {},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _yes_no(label: str, *, required: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": required},
    )


def _whole_number(
    label: str, *, required: str = "", minimum: int = 1, hint: str = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=bool(required),
        min_value=minimum,
        error_messages={
            "required": required,
            "invalid": f"{label.removesuffix(' (optional)')} must be a whole number",
            "min_value": f"{label.removesuffix(' (optional)')} must be {minimum} or more",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )


def _choices(field: forms.Field, choices: Iterable[tuple[Any, str]]) -> None:
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{field} is not a choice field")
    field.choices = list(choices)


def _small_checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"})


def _number_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else str(value)


class ActionForm(ServiceForm):
    """A button that calls a service (publish, submit, withdraw): no fields, so a
    refusal is a form-level error; the error summary links to `error_anchor`."""

    def __init__(self, *args: Any, error_anchor: str = "main-content", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_anchor = error_anchor


# Rows -------------------------------------------------------------------------------------


class RowsInput(forms.Widget):
    """Rows of parts, sent as <name>-<row>-<part>, with <name>-rows saying how many rows
    the page drew. Drawn by the page's template, not by Django."""

    def __init__(self, parts: Sequence[str]) -> None:
        super().__init__()
        self.parts = tuple(parts)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[dict[str, str]]:
        try:
            count = int(data.get(f"{name}-rows", 0))
        except (TypeError, ValueError):
            count = 0
        return [
            {part: str(data.get(f"{name}-{row}-{part}", "")).strip() for part in self.parts}
            for row in range(max(0, min(count, MAX_ROWS)))
        ]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}-rows" not in data


class RowsField(forms.Field):
    """Rows a person fills in; blank rows are left out and each filled row is checked
    by `check`, which returns what the service takes or raises a ValidationError."""

    def __init__(
        self,
        *,
        parts: Sequence[str],
        check: Callable[[dict[str, str]], dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(widget=RowsInput(parts), **kwargs)
        self.parts = tuple(parts)
        self.check = check

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        rows = [row for row in (value or []) if any(str(v).strip() for v in row.values())]
        return [self.check({k: str(v).strip() for k, v in row.items()}) for row in rows]


def _decimal(text: str, message: str) -> Decimal:
    try:
        number = Decimal(text.replace(",", "").lstrip("£").rstrip("%"))
    except InvalidOperation:
        raise ValidationError(message) from None
    if not number.is_finite():
        raise ValidationError(message)
    return number


def _check_prize(row: dict[str, str]) -> dict[str, Any]:
    if not row.get("name"):
        raise ValidationError("Give each prize a name")
    if row.get("kind") not in PrizeKind.values:
        raise ValidationError(f"Choose the kind of prize for {row['name']}")
    amount = None
    if row.get("amount"):
        amount = _decimal(row["amount"], "Enter each prize's amount in pounds, like 10000")
        if amount < 0:
            raise ValidationError("A prize's amount cannot be negative")
        amount = amount.quantize(MONEY_PLACES)
    awards = 1
    if row.get("awards"):
        if not row["awards"].isdigit() or int(row["awards"]) < 1:
            raise ValidationError("Say how many entries can win each prize, like 1 or 3")
        awards = int(row["awards"])
    return {"kind": row["kind"], "name": row["name"], "amount": amount, "awards": awards}


def _check_criterion(row: dict[str, str]) -> dict[str, Any]:
    if not row.get("name"):
        raise ValidationError("Give each criterion a name")
    if not row.get("weight"):
        raise ValidationError(f"Give {row['name']} a weight")
    weight = _decimal(row["weight"], "Enter each weight as a number, like 60")
    return {"name": row["name"], "description": row.get("description", ""), "weight": weight}


def _check_level(row: dict[str, str]) -> dict[str, Any]:
    score = row.get("score", "")
    if not score.lstrip("-").isdigit():
        raise ValidationError("Each score level is a whole number, like 0 or 5")
    if not row.get("descriptor"):
        raise ValidationError(f"Say what a score of {score} means")
    return {"score": int(score), "descriptor": row["descriptor"]}


class RowsForm(ServiceForm):
    """A form with rows fields; with_another_row() redraws it with one more empty row."""

    row_fields: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options = {k: kwargs.pop(k) for k in list(kwargs) if k in self.option_names()}
        super().__init__(*args, **kwargs)

    @classmethod
    def option_names(cls) -> set[str]:
        return set()

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows the page draws: what was typed (or the initial rows), at least one."""
        value = list(self[name].value() or [])[:MAX_ROWS]
        parts = self.row_fields[name]
        rows = [{part: _number_text(row.get(part)) for part in parts} for row in value]
        rows = rows or [dict.fromkeys(parts, "")]
        return [{"index": i, "number": i + 1, **row} for i, row in enumerate(rows)]

    def with_another_row(self, name: str) -> Self:
        """The answers so far, unchecked, and one more empty row: not a save, so it
        shows no errors."""
        initial = {field: self[field].value() for field in self.fields}
        initial[name] = [row for row in self.rows(name)] + [dict.fromkeys(self.row_fields[name])]
        return type(self)(initial=initial, **self.options)


# Challenges ---------------------------------------------------------------------------------

AUDIENCE_HINTS = {
    Audience.PUBLIC: "Anyone can see it, and any supplier can enter.",
    Audience.NETWORK: "People in LOTI member organisations can see it and enter.",
    Audience.INVITE: "Only the organisations you invite can see it and enter.",
}
REQUIREMENTS = [
    ("uk_registered", "Registered with Companies House"),
    ("london_based", "Based in London"),
]


def prize_rows(prizes: Iterable[Prize]) -> list[dict[str, Any]]:
    return [
        {"kind": p.kind, "name": p.name, "amount": p.amount, "awards": p.awards} for p in prizes
    ]


class ChallengeForm(RowsForm):
    """Everything an owner says about a challenge: challenge_create's arguments."""

    row_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "prizes": ("name", "kind", "amount", "awards")
    }
    # The date fields whose stored value may carry seconds the form cannot show.
    moments: ClassVar[tuple[str, ...]] = (
        "opens_at",
        "closes_at",
        "judging_starts_at",
        "judging_ends_at",
        "announce_at",
    )

    owner = forms.ChoiceField(
        label="Which organisation runs the challenge?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation that runs the challenge"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Say what you want solved, like 'Finding damp before it harms residents'.",
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    problem_statement = _text(
        "The problem",
        hint="What is wrong, who it affects and what a good solution would change.",
        rows=8,
        required="Describe the problem",
    )
    background = _text("Background (optional)", hint="What you have tried, and what you know.")
    audience = forms.ChoiceField(
        label="Who can see and enter the challenge?",
        choices=[(value, label.split(":")[0]) for value, label in Audience.choices],
        initial=Audience.PUBLIC,
        widget=HintedRadioSelect(AUDIENCE_HINTS),
        error_messages={"required": "Choose who can see and enter the challenge"},
    )
    eligibility = _text(
        "Who can enter (optional)", hint="In plain English, for example 'UK-based SMEs'.", rows=3
    )
    eligible_sizes = forms.MultipleChoiceField(
        label="Sizes of company that can enter (optional)",
        help_text="Leave them all unticked if any size can enter.",
        choices=Organisation.Size.choices,
        required=False,
        widget=_small_checkboxes(),
    )
    requirements = forms.MultipleChoiceField(
        label="Entrants must be (optional)",
        choices=REQUIREMENTS,
        required=False,
        widget=_small_checkboxes(),
    )
    co_owners = forms.MultipleChoiceField(
        label="Boroughs running it with you (optional)",
        help_text="Their officers can change, judge and decide the challenge too.",
        required=False,
        widget=_small_checkboxes(),
    )
    opens_at = LondonDateField(
        name="The opening date",
        with_time=True,
        label="When entries open",
        help_text="London time. For example, 3 3 2027 and 9am.",
    )
    closes_at = LondonDateField(
        name="The closing date",
        with_time=True,
        label="When entries close",
        help_text="London time. For example, 31 3 2027 and 12pm.",
        error_messages={"required": "Enter the closing date"},
    )
    judging_starts_at = LondonDateField(
        name="The date judging starts",
        with_time=True,
        label="When judging starts (optional)",
        help_text="London time. After entries close.",
        required=False,
    )
    judging_ends_at = LondonDateField(
        name="The date judging ends",
        with_time=True,
        label="When judging ends (optional)",
        help_text="London time.",
        required=False,
    )
    announce_at = LondonDateField(
        name="The announcement date",
        with_time=True,
        label="When the winners are announced (optional)",
        help_text="London time. After judging.",
        required=False,
    )
    prizes = RowsField(
        parts=("name", "kind", "amount", "awards"),
        check=_check_prize,
        label="Prizes",
        required=False,
        help_text="Amounts in pounds. A placed prize goes to one entry; an award or "
        "'highly commended' can go to several.",
    )
    charter_technology = _text(
        "What the technology is and why it is used (optional)",
        hint="In plain English, for residents, if solutions deploy technology in public.",
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

    @classmethod
    def option_names(cls) -> set[str]:
        return {"owners", "bodies", "challenge"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        challenge: Challenge | None = kwargs.get("challenge")
        if challenge is not None:
            kwargs.setdefault("initial", challenge_initial(challenge))
        super().__init__(*args, **kwargs)
        owners: Sequence[Organisation] = self.options.get("owners", ())
        self.owners = {o.slug: o for o in owners}
        if len(self.owners) > 1:
            _choices(self.fields["owner"], [(o.slug, o.name) for o in owners])
        else:
            del self.fields["owner"]
        bodies: Sequence[Organisation] = self.options.get("bodies", ())
        mine = {challenge.owner_id} if challenge else {o.pk for o in owners}
        _choices(self.fields["co_owners"], [(o.slug, o.name) for o in bodies if o.pk not in mine])

    @property
    def prize_rows(self) -> list[dict[str, Any]]:
        return self.rows("prizes")

    @property
    def prize_kinds(self) -> list[tuple[str, str]]:
        return list(PrizeKind.choices)

    def fields_for_service(self, data: dict[str, Any]) -> dict[str, Any]:
        requirements = data.pop("requirements", [])
        data["requires_uk_registered"] = "uk_registered" in requirements
        data["requires_london_based"] = "london_based" in requirements
        for name in self.moments:
            # A stored time's seconds are kept if the minute shown is unchanged.
            stored, typed = self.initial.get(name), data.get(name)
            if isinstance(stored, datetime) and typed == stored.replace(second=0, microsecond=0):
                data[name] = stored
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        data = self.fields_for_service(data)
        if "owner" in self.fields:
            data["owner"] = self.owners[data["owner"]]
        else:
            data["owner"] = next(iter(self.owners.values()), None)
        return data


def challenge_initial(challenge: Challenge) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(challenge, name)
        for name in ChallengeForm.base_fields
        if hasattr(challenge, name) and name not in ("owner", "co_owners", "prizes")
    }
    initial["requirements"] = [
        key
        for key, required in (
            ("uk_registered", challenge.requires_uk_registered),
            ("london_based", challenge.requires_london_based),
        )
        if required
    ]
    initial["co_owners"] = [o.slug for o in challenge.co_owners.all()]
    initial["prizes"] = prize_rows(challenge.prizes.all())
    if challenge.charter_open_data is not None:
        initial["charter_open_data"] = str(challenge.charter_open_data)
    return initial


class ChallengeEditForm(ChallengeForm):
    """The same, for challenge_update: every field is sent as a change."""

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        if self.errors:
            return data
        return {"changes": self.fields_for_service(data)}


class InvitedForm(ServiceForm):
    invited = forms.MultipleChoiceField(
        label="Organisations invited",
        help_text="Only these organisations can see the challenge and enter it once it is "
        "published.",
        required=False,
        widget=_small_checkboxes(),
    )

    def __init__(
        self, *args: Any, organisations: Sequence[Organisation] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["invited"], [(o.slug, o.name) for o in organisations])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {"changes": {"invited": data.get("invited", [])}}


class ReasonForm(ServiceForm):
    reason = _text(
        "Why are you cancelling the challenge?",
        hint="Shown on the challenge page and sent to everyone who has entered.",
        required="Give the reason for cancelling",
    )


# Questions -----------------------------------------------------------------------------------


class QuestionForm(ServiceForm):
    question = _text(
        "Your question",
        hint="The answer is published on the challenge page without saying who asked. "
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


# Entries --------------------------------------------------------------------------------------


class EntryStartForm(ServiceForm):
    supplier = forms.ChoiceField(
        label="Which company are you entering for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your company"},
    )
    title = forms.CharField(
        label="Title of your entry",
        max_length=200,
        help_text="A short name for your solution. You can change it until the challenge closes.",
        error_messages={
            "required": "Enter a title for your entry",
            "max_length": "Title must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, suppliers: Sequence[Organisation] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suppliers = {o.slug: o for o in suppliers}
        if len(self.suppliers) > 1:
            _choices(self.fields["supplier"], [(o.slug, o.name) for o in suppliers])
        else:
            del self.fields["supplier"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "supplier" in self.fields and data.get("supplier"):
            data["supplier"] = self.suppliers[data["supplier"]]
        elif self.suppliers:
            data["supplier"] = next(iter(self.suppliers.values()))
        return data


class EntryForm(ServiceForm):
    """The entry's working copy, for entry_update: a draft may be incomplete;
    submitting checks everything is there."""

    service_fields: ClassVar[dict[str, str]] = {"declaration": "confirmed"}

    title = forms.CharField(
        label="Title of your entry",
        max_length=200,
        error_messages={
            "required": "Enter a title for your entry",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    summary = _text(
        "Summary", hint="Two or three sentences: what your solution is and does.", rows=3
    )
    description = _text(
        "Your solution",
        hint="How it works, what it would change for residents and officers, and what it costs.",
        rows=10,
    )
    partners = forms.MultipleChoiceField(
        label="Partner organisations (optional)",
        help_text="If you are entering as a consortium, the other companies in it. Their "
        "people can read the entry; only your company's people can change it.",
        required=False,
        widget=_small_checkboxes(),
    )
    london_based = forms.TypedChoiceField(
        label="Is your company based in London?",
        help_text="This challenge is open to London-based companies only.",
        choices=YES_NO,
        coerce=_to_bool,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )
    statement = _text(
        "Anything else about your eligibility (optional)",
        hint="For example, how you meet the criteria in 'Who can enter'.",
        rows=3,
    )
    confirmed = forms.MultipleChoiceField(
        label="Eligibility declaration",
        choices=[("yes", "I confirm that our entry meets the challenge's eligibility criteria")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        entry: Entry,
        partners: Sequence[Organisation] = (),
        london: bool = False,
        **kwargs: Any,
    ) -> None:
        declaration = entry.declaration or {}
        kwargs.setdefault(
            "initial",
            {
                "title": entry.title,
                "summary": entry.summary,
                "description": entry.description,
                "partners": [p.slug for p in entry.partners.all()],
                "london_based": _bool_text(declaration.get("london_based")),
                "statement": declaration.get("statement", ""),
                "confirmed": ["yes"] if declaration.get("confirmed") else [],
            },
        )
        super().__init__(*args, **kwargs)
        _choices(self.fields["partners"], [(o.slug, o.name) for o in partners])
        if not partners:
            del self.fields["partners"]
        if not london:
            del self.fields["london_based"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        declaration: dict[str, Any] = {"confirmed": bool(data.get("confirmed"))}
        if data.get("london_based") is not None:
            declaration["london_based"] = data["london_based"]
        if data.get("statement"):
            declaration["statement"] = data["statement"]
        changes = {
            "title": data["title"],
            "summary": data["summary"],
            "description": data["description"],
            "declaration": declaration,
        }
        if "partners" in self.fields:
            changes["partners"] = data.get("partners", [])
        return {"changes": changes}


def _bool_text(value: Any) -> str:
    return "" if value is None else str(bool(value))


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


class ScreeningForm(ServiceForm):
    eligible = forms.TypedChoiceField(
        label="Is the entry eligible?",
        choices=[("True", "Yes, it goes forward to judging"), ("False", "No, it is not eligible")],
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the entry is eligible"},
    )
    reason = _text(
        "Reason",
        hint="Needed if the entry is not eligible. The entrant sees it.",
        rows=3,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("eligible") is False and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the entry is not eligible")
        return data


# Rounds and panels ------------------------------------------------------------------------------

ROUND_KIND_HINTS = {
    RoundKind.SCREENING: "A first look at every eligible entry.",
    RoundKind.SHORTLIST: "A closer look at the entries advanced to it.",
    RoundKind.FINAL: "The finalists, for example after a pitch.",
}
METHOD_HINTS = {
    Method.RAW: "Each entry's score is the mean of its judges' weighted totals (0 to 100).",
    Method.ZSCORE: "Each judge's totals are first put on a common scale, so a harsh or "
    "lenient judge does not decide who wins.",
}


def round_initial(round_: Round, criteria: Iterable[RubricCriterion]) -> dict[str, Any]:
    initial = {name: getattr(round_, name) for name in RoundForm.base_fields if name != "criteria"}
    initial["blind"] = str(round_.blind)
    initial["comment_required"] = str(round_.comment_required)
    initial["criteria"] = [
        {"name": c.name, "description": c.description, "weight": c.weight} for c in criteria
    ]
    initial["scale"] = list(round_.scale)
    return initial


class RoundForm(RowsForm):
    """A judging round and its rubric: round_create's arguments."""

    row_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "criteria": ("name", "weight", "description"),
        "scale": ("score", "descriptor"),
    }

    name = forms.CharField(
        label="Name of the round",
        max_length=100,
        help_text="For example, 'Shortlisting' or 'Final pitches'.",
        error_messages={
            "required": "Enter a name for the round",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of round",
        choices=RoundKind.choices,
        initial=RoundKind.SCREENING,
        widget=HintedRadioSelect(ROUND_KIND_HINTS),
        error_messages={"required": "Choose the kind of round"},
    )
    blind = _yes_no(
        "Is the round blind?",
        hint="In a blind round judges never see who entered: no organisation or people.",
        required="Say whether the round is blind",
    )
    judges_per_entry = _whole_number(
        "Judges per entry", required="Say how many judges score each entry"
    )
    max_per_judge = _whole_number(
        "Most entries per judge (optional)", hint="Leave blank for no limit."
    )
    comment_required = _yes_no(
        "Must judges comment on every criterion?",
        required="Say whether judges must comment on every criterion",
    )
    method = forms.ChoiceField(
        label="How entries are ranked",
        help_text="The chair can change this until the first score is in.",
        choices=Method.choices,
        initial=Method.RAW,
        widget=HintedRadioSelect(METHOD_HINTS),
        error_messages={"required": "Choose how entries are ranked"},
    )
    disagreement_threshold = forms.DecimalField(
        label="Spread that needs discussion",
        help_text="If the standard deviation of an entry's totals (0 to 100) is above this, "
        "it is flagged for the panel to discuss. For example, 15.",
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": "Enter the spread that needs discussion",
            "invalid": "The spread must be a number, like 15",
            "min_value": "The spread cannot be negative",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    advance_count = _whole_number(
        "How many entries to suggest advancing",
        required="Say how many entries to suggest advancing",
    )
    deadline = LondonDateField(
        name="The judging deadline",
        with_time=True,
        label="Judging deadline (optional)",
        help_text="London time. Judges are reminded 48 hours before.",
        required=False,
    )
    criteria = RowsField(
        parts=("name", "weight", "description"),
        check=_check_criterion,
        label="Rubric",
        help_text="The criteria judges score, with weights in per cent that total 100.",
        error_messages={"required": "Add the rubric's criteria"},
    )
    scale = RowsField(
        parts=("score", "descriptor"),
        check=_check_level,
        label="Score levels",
        help_text="What each score means. Judges see these as they score.",
        error_messages={"required": "Add the score levels"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("blind", "False")
            self.initial.setdefault("comment_required", "False")
            self.initial.setdefault("judges_per_entry", 3)
            self.initial.setdefault("disagreement_threshold", Decimal(15))
            self.initial.setdefault("advance_count", 5)
            self.initial.setdefault("scale", DEFAULT_SCALE)

    @property
    def criteria_rows(self) -> list[dict[str, Any]]:
        return self.rows("criteria")

    @property
    def scale_rows(self) -> list[dict[str, Any]]:
        return self.rows("scale")


class RoundEditForm(RoundForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        return {"changes": data}


class PanelInviteForm(ServiceForm):
    email = forms.EmailField(
        label="Email address of the judge",
        help_text="We send them a link. They do not need an account yet.",
        error_messages={"required": "Enter the judge's email address", "invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    is_chair = forms.TypedChoiceField(
        label="Role on the panel",
        choices=[("False", "Judge"), ("True", "Chair")],
        coerce=_to_bool,
        initial="False",
        widget=HintedRadioSelect(
            {
                "False": "Scores the entries they are given.",
                "True": "Runs the panel: conflicts, assignments, results and winners. "
                "Inviting a new chair replaces the old one.",
            }
        ),
        error_messages={"required": "Choose the role on the panel"},
    )


class MethodForm(ServiceForm):
    method = forms.ChoiceField(
        label="How entries are ranked",
        choices=Method.choices,
        widget=HintedRadioSelect(METHOD_HINTS),
        error_messages={"required": "Choose how entries are ranked"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {"changes": {"method": data["method"]}} if "method" in data else data


# Judging ---------------------------------------------------------------------------------------

CONFLICT_CHOICES = [("", "No conflict"), *ConflictKind.choices]


class DeclarationForm(ServiceForm):
    """A conflict of interest (or none) for each entry; in a blind round, where the
    entrants are hidden, with organisations too."""

    def __init__(
        self,
        *args: Any,
        entries: Sequence[Entry] = (),
        hidden: bool = False,
        organisations: Sequence[Organisation] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for number, entry in enumerate(self.entries, start=1):
            who = "" if hidden else f" from {entry.supplier.name}"
            self.fields[f"conflict_{entry.pk}"] = forms.ChoiceField(
                label=f"Entry {number}: {entry.title}{who}",
                choices=CONFLICT_CHOICES,
                required=False,
                widget=forms.Select,
            )
            self.fields[f"detail_{entry.pk}"] = forms.CharField(
                label=f"What is the conflict with entry {number}? (optional)",
                required=False,
                max_length=500,
            )
        if hidden:
            self.fields["organisations"] = forms.MultipleChoiceField(
                label="Companies you have a conflict of interest with (optional)",
                help_text="Tick any you work for, have worked for, own part of, or are close "
                "to someone at. You are not told which companies entered.",
                choices=[(o.slug, o.name) for o in organisations],
                required=False,
                widget=_small_checkboxes(),
            )
            self.fields["organisation_kind"] = forms.ChoiceField(
                label="Kind of conflict with the companies you ticked",
                choices=ConflictKind.choices,
                initial=ConflictKind.ORGANISATIONAL,
                required=False,
                widget=forms.Select,
            )

    def add_application_error(self, error: ApplicationError) -> None:
        if "conflicts" in error.fields and self.entries:
            error.fields[f"conflict_{self.entries[0].pk}"] = error.fields.pop("conflicts")
        super().add_application_error(error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        conflicts = [
            {
                "entry": entry.pk,
                "kind": data[f"conflict_{entry.pk}"],
                "detail": data.get(f"detail_{entry.pk}", ""),
            }
            for entry in self.entries
            if data.get(f"conflict_{entry.pk}")
        ]
        kind = data.get("organisation_kind") or ConflictKind.ORGANISATIONAL
        organisations = [
            {"organisation": slug, "kind": kind} for slug in data.get("organisations", [])
        ]
        return {"conflicts": conflicts, "organisations": organisations}


class ScoreForm(ServiceForm):
    """A score on the round's scale for each criterion (the level's descriptor under
    each radio), optional comments, and feedback for the entrant."""

    feedback = _text(
        "Feedback for the entrant (optional)",
        hint="Sent to the entrant without your name when the results are announced.",
        rows=5,
    )

    def __init__(
        self,
        *args: Any,
        round_: Round,
        criteria: Sequence[RubricCriterion],
        sheet: Any = None,
        **kwargs: Any,
    ) -> None:
        if sheet is not None:
            initial = {f"score_{k}": str(v) for k, v in sheet.scores.items()}
            initial.update({f"comment_{k}": v for k, v in sheet.comments.items()})
            kwargs.setdefault("initial", {**initial, "feedback": sheet.feedback})
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        feedback = self.fields.pop("feedback")
        levels = {str(level["score"]): level["descriptor"] for level in round_.scale}
        for criterion in self.criteria:
            name = criterion.name
            weight = _number_text(criterion.weight.normalize())
            self.fields[f"score_{criterion.key}"] = forms.ChoiceField(
                label=f"{name} (weight {weight}%)",
                help_text=criterion.description,
                choices=[(score, score) for score in levels],
                widget=HintedRadioSelect(levels),
                error_messages={"required": f"Choose a score for {name.lower()}"},
            )
            required = f"Comment on {name.lower()}" if round_.comment_required else ""
            optional = "" if round_.comment_required else " (optional)"
            self.fields[f"comment_{criterion.key}"] = _text(
                f"Your comment on {name.lower()}{optional}", rows=3, required=required
            )
        self.fields["feedback"] = feedback

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"score_{c.key}"], self[f"comment_{c.key}"]) for c in self.criteria]

    def add_application_error(self, error: ApplicationError) -> None:
        for name, prefix in (("scores", "score_"), ("comments", "comment_")):
            if name in error.fields and self.criteria:
                error.fields[prefix + self.criteria[0].key] = error.fields.pop(name)
        super().add_application_error(error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        return {
            "scores": {c.key: int(data[f"score_{c.key}"]) for c in self.criteria},
            "comments": {c.key: data.get(f"comment_{c.key}", "") for c in self.criteria},
            "feedback": data.get("feedback", ""),
        }


class AssignmentForm(ServiceForm):
    service_fields: ClassVar[dict[str, str]] = {"entry": "entry_id", "judge": "judge_id"}

    entry_id = forms.TypedChoiceField(
        label="Entry", coerce=int, error_messages={"required": "Choose an entry"}
    )
    judge_id = forms.TypedChoiceField(
        label="Judge", coerce=int, error_messages={"required": "Choose a judge"}
    )

    def __init__(
        self,
        *args: Any,
        entries: Sequence[tuple[int, str]] = (),
        judges: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["entry_id"], [("", "Choose an entry"), *entries])
        _choices(self.fields["judge_id"], [("", "Choose a judge"), *judges])


class AdvanceForm(ServiceForm):
    entry_ids = forms.TypedMultipleChoiceField(
        label="Entries to advance to the next round",
        help_text="The entries suggested by the ranking are ticked.",
        coerce=int,
        widget=_small_checkboxes(),
        error_messages={"required": "Choose the entries to advance"},
    )
    service_fields: ClassVar[dict[str, str]] = {"entries": "entry_ids"}

    def __init__(self, *args: Any, entries: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["entry_ids"], entries)


class ConflictDecisionForm(ServiceForm):
    confirm = forms.TypedChoiceField(
        label="Decision",
        choices=YES_NO,
        coerce=_to_bool,
        error_messages={"required": "Choose to confirm or dismiss the conflict"},
    )


class DecisionForm(ServiceForm):
    """For each place of each prize, the winning entry (or none) and why."""

    def __init__(
        self,
        *args: Any,
        prizes: Sequence[Prize] = (),
        finalists: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.places: list[tuple[Prize, str, str]] = []
        for prize in prizes:
            for place in range(1, prize.awards + 1):
                suffix = f" ({place} of {prize.awards})" if prize.awards > 1 else ""
                entry, why = f"prize_{prize.pk}_{place}", f"rationale_{prize.pk}_{place}"
                self.fields[entry] = forms.TypedChoiceField(
                    label=f"Winner of {prize.name}{suffix}",
                    choices=[("", "No winner"), *finalists],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                self.fields[why] = _text(
                    f"Why this entry wins {prize.name}{suffix}",
                    hint="Published with the results.",
                    rows=3,
                )
                self.places.append((prize, entry, why))

    def groups(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[entry], self[why]) for _, entry, why in self.places]

    def add_application_error(self, error: ApplicationError) -> None:
        if "awards" in error.fields and self.places:
            error.fields[self.places[0][1]] = error.fields.pop("awards")
        super().add_application_error(error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        awards = []
        for prize, entry, why in self.places:
            if data.get(entry) is None:
                continue
            rationale = data.get(why, "").strip()
            if not rationale:
                self.add_error(why, f"Say why this entry wins {prize.name}")
            awards.append({"prize": prize.pk, "entry": data[entry], "rationale": rationale})
        if not awards and self.places:
            self.add_error(self.places[0][1], "Choose at least one winner")
        return {"awards": awards}


# Where the entry page shows each field the submit service may object to.
ENTRY_FIELD_IDS = {
    "title": "id_title",
    "summary": "id_summary",
    "description": "id_description",
    "declaration": "id_confirmed",
    "partners": "id_partners",
}


class SubmitForm(ActionForm):
    """Submitting an entry. The service's objections name fields of the entry page, so
    each is listed with a link to that field there."""

    def __init__(self, *args: Any, entry_id: int, **kwargs: Any) -> None:
        super().__init__(*args, error_anchor="what-happens", **kwargs)
        self.entry_id = entry_id
        self.problems: list[tuple[str, str]] = []

    def add_application_error(self, error: ApplicationError) -> None:
        for name, messages in error.fields.items():
            self.problems += [(ENTRY_FIELD_IDS.get(name, ""), message) for message in messages]
        if not self.problems:
            self.problems.append(("", error.message))
        self.add_error(None, error.message)
