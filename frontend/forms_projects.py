"""Forms of the project and playbook pages.

As in forms.py, a form checks what was typed; the projects services apply the rules
(the charter, sharing only with public bodies, who may do what) and their refusals are
shown against the fields they name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from frontend.forms import EMAIL_FORMAT, ServiceForm
from frontend.forms_procurement import DateInput, LondonDateField
from loti.accounts.models import Organisation, User
from loti.accounts.selectors import active_user_by_email
from loti.api.errors import ApplicationError
from loti.organisations import public_bodies
from loti.visibility import Visibility
from projects.models import (
    AdoptionStep,
    Outcome,
    Phase,
    Playbook,
    PlaybookStep,
    Project,
    ProjectLink,
    Theme,
)

# What each visibility means, under its radio; the label is the word before the colon.
VISIBILITY_CHOICES = [(value, label.split(":")[0]) for value, label in Visibility.choices]
VISIBILITY_HINTS: dict[str, str] = {
    Visibility.PRIVATE: "Only your organisation and any partners.",
    Visibility.SHARED: "Your organisation, partners and the organisations you choose below.",
    Visibility.NETWORK: "Everyone in a LOTI member organisation.",
    Visibility.PUBLIC: "Anyone, signed in or not. Public work is published as open data.",
}
OPEN_DATA_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not decided yet")]
OPEN_DATA_VALUES: dict[bool | None, str] = {True: "yes", False: "no", None: ""}


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under each choice (read by the govuk_field tag)."""

    def __init__(self, hints: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hints = {str(value): hint for value, hint in hints.items()}


def _small_checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"})


class SlugsField(forms.MultipleChoiceField):
    """Organisations by slug, offered as checkboxes. A slug that is not offered is passed
    on, so the service's own refusal (a supplier, an unknown name) is what is shown."""

    def valid_value(self, value: Any) -> bool:
        return True


def _offer(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    """Set the choices of a choice field whose choices come from the database."""
    cast(forms.ChoiceField, field).choices = choices


def _organisation_field(
    organisations: Sequence[Organisation], *, label: str, required: str
) -> forms.ModelChoiceField[Organisation]:
    return forms.ModelChoiceField(
        queryset=public_bodies().filter(pk__in=[o.pk for o in organisations]),
        to_field_name="slug",
        label=label,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


class ProseField(forms.CharField):
    """Text from a textarea, with the browser's CRLF line endings made LF: text saved
    before compares equal to the same text sent back."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n")


def _text(label: str, *, required: str = "", hint: str = "", rows: int = 5) -> ProseField:
    return ProseField(
        label=label,
        required=bool(required),
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required},
    )


class HiddenDateParts(forms.Widget):
    """A date carried in hidden fields, by parts as DateInput reads them back: for the
    answers a page passes on, such as the similar-work page before a project is saved."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        parts = DateInput(with_time=False).parts(value)
        return format_html_join(
            "",
            '<input type="hidden" name="{}-{}" value="{}">',
            ((name, part, parts.get(part, "")) for part in ("day", "month", "year")),
        )


class ProjectDateField(LondonDateField):
    hidden_widget = HiddenDateParts


class ProjectForm(ServiceForm):
    """What a project says about itself: the fields of project_create and project_update."""

    title = forms.CharField(
        label="Project title",
        max_length=200,
        error_messages={
            "required": "Enter a project title",
            "max_length": "Project title must be 200 characters or fewer",
        },
    )
    summary = _text(
        "Summary",
        required="Enter a summary of the project",
        hint="In plain English: what it is and who it is for.",
        rows=3,
    )
    problem = _text("The problem it solves (optional)")
    approach = _text("Your approach (optional)")
    phase = forms.ChoiceField(
        label="Phase",
        choices=Phase.choices,
        initial=Phase.IDEA,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
        error_messages={
            "required": "Choose the project's phase",
            "invalid_choice": "Choose the project's phase",
        },
    )
    themes = forms.MultipleChoiceField(
        label="Themes (optional)",
        choices=Theme.choices,
        required=False,
        widget=_small_checkboxes(),
        error_messages={"invalid_choice": "Choose themes from the list"},
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        max_length=1000,
        help_text="Words that help others find it, separated by commas. For example: "
        "chatbot, repairs",
    )
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=VISIBILITY_CHOICES,
        initial=Visibility.PRIVATE,
        widget=HintedRadioSelect(hints=VISIBILITY_HINTS),
        error_messages={
            "required": "Choose who can see the project",
            "invalid_choice": "Choose who can see the project",
        },
    )
    shared_with = SlugsField(
        label="Organisations to share with",
        required=False,
        help_text="Only if you chose \N{LEFT SINGLE QUOTATION MARK}Shared"
        "\N{RIGHT SINGLE QUOTATION MARK}. Select all that apply.",
        widget=_small_checkboxes(),
    )
    budget = forms.DecimalField(
        label="Budget in pounds (optional)",
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": "Budget must be an amount of money, like 25000 or 1250.50",
            "min_value": "Budget cannot be negative",
            "max_digits": "Budget must be less than 10 billion pounds",
            "max_decimal_places": "Budget can have at most 2 decimal places (pence)",
        },
    )
    starts_on = ProjectDateField(
        name="The start date",
        with_time=False,
        label="Start date (optional)",
        required=False,
        help_text="For example, 1 4 2026",
    )
    ends_on = ProjectDateField(
        name="The end date",
        with_time=False,
        label="End date (optional)",
        required=False,
        help_text="For example, 31 3 2027",
    )
    charter_technology = _text(
        "What the technology is and why it is used",
        hint="In plain English. A public project in beta or live must have this.",
    )
    charter_dpia_url = forms.URLField(
        label="Link to the data protection impact assessment (optional)",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a link in the correct format, like https://example.gov.uk/dpia"
        },
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
    charter_inclusivity = _text(
        "Inclusivity statement",
        hint="Who might be left out, and what you do about it. A public project in beta or "
        "live must have this.",
    )
    charter_consequences = _text("Consequence scanning (optional)")
    charter_unused_functionality = _text(
        "Functionality that is present but not in use (optional)",
        hint="For example, a camera that could record sound but does not.",
    )
    charter_open_data = forms.TypedChoiceField(
        label="Will non-personal data be published as open data?",
        choices=OPEN_DATA_CHOICES,
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
        error_messages={"invalid_choice": "Choose yes, no or not decided yet"},
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["shared_with"], [(o.slug, o.name) for o in public_bodies()])

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in str(self.cleaned_data["tags"]).split(",") if tag.strip()]

    def clean(self) -> dict[str, Any]:
        # The service's rule too; checked here so it is shown with every other problem.
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data

    def project_fields(self) -> dict[str, Any]:
        """The cleaned data under the services' names, without this form's own fields."""
        return {name: self.cleaned_data[name] for name in ProjectForm.base_fields}


def project_initial(project: Project) -> dict[str, Any]:
    """The edit form's starting values."""
    initial = {name: getattr(project, name) for name in ProjectForm.base_fields}
    initial["tags"] = ", ".join(project.tags)
    initial["shared_with"] = [o.slug for o in project.shared_with.all()]
    initial["charter_open_data"] = OPEN_DATA_VALUES[project.charter_open_data]
    return initial


def snapshot_initial(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A revision's snapshot as the edit form's values."""
    initial = {name: snapshot.get(name) for name in ProjectForm.base_fields}
    for name in ("starts_on", "ends_on"):
        initial[name] = date.fromisoformat(str(initial[name])) if initial[name] else None
    initial["tags"] = ", ".join(snapshot.get("tags") or [])
    initial["shared_with"] = snapshot.get("shared_with") or []
    initial["charter_open_data"] = OPEN_DATA_VALUES[snapshot.get("charter_open_data")]
    return initial


class ProjectCreateForm(ProjectForm):
    similar_seen = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, bodies: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        # Asked only of someone who belongs to several public bodies.
        if len(self.bodies) > 1:
            self.fields["lead_organisation"] = _organisation_field(
                self.bodies,
                label="Which organisation leads the project?",
                required="Choose the organisation that leads the project",
            )
            self.order_fields(["lead_organisation"])

    def similar_text(self) -> str:
        data = self.cleaned_data
        return " ".join([data["title"], data["summary"], data["problem"]])

    def service_arguments(self) -> dict[str, Any]:
        lead = self.cleaned_data.get("lead_organisation") or self.bodies[0]
        return {"lead_organisation": lead, **self.project_fields()}

    def with_similar_seen(self) -> ProjectCreateForm:
        """The same answers, marked as having been shown similar work."""
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix("similar_seen")] = "True"
        return ProjectCreateForm(data, bodies=self.bodies)


class ProjectEditForm(ProjectForm):
    # The version the form was opened at: an edit from an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        if project is not None:
            kwargs["initial"] = {**project_initial(project), "version": project.version}
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, Any]:
        return self.project_fields()

    def rebased(self, *, opened: dict[str, Any], current: Project) -> ProjectEditForm:
        """After someone else's save: the fields this person changed keep what they typed;
        the rest take the current values, so saving again changes only what they meant
        to. The hidden version becomes the current one."""
        mine = set(ProjectEditForm(self.data, initial=opened).changed_data) - {"version"}
        data = cast(QueryDict, self.data).copy()
        for name, value in project_initial(current).items():
            if name in mine:
                continue
            widget = self.fields[name].widget
            if isinstance(widget, DateInput):
                parts = widget.parts(value)
                for part in widget.part_names:
                    data[f"{name}-{part}"] = parts.get(part, "")
            elif isinstance(value, list):
                data.setlist(name, [str(item) for item in value])
            else:
                data[name] = "" if value is None else str(value)
        data["version"] = str(current.version)
        return ProjectEditForm(data)


class NumberField(forms.DecimalField):
    """A number as people write it: commas between the thousands are allowed."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


def _outcome_value(name: str, *, hint: str) -> NumberField:
    return NumberField(
        label=f"{name} (optional)",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=hint,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": f"{name} must be a number, like 320 or 72.5",
            "max_digits": f"{name} must be less than a trillion",
            "max_whole_digits": f"{name} must be less than a trillion",
            "max_decimal_places": f"{name} can have at most 2 decimal places",
        },
    )


class VersionedForm(ServiceForm):
    """A change to one of a project's outcomes or links, made from the project's version
    the page was opened at (`version`, sent back in a hidden field). Adding one undoes
    nobody's change, so a form for adding is made without a version and has no field."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if version is None:
            del self.fields["version"]
        else:
            self.initial.setdefault("version", version)

    def moved_to(self, version: int) -> None:
        """After someone else's save: what was typed stays, and saving again is made from
        their version."""
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data

    def item_fields(self) -> dict[str, Any]:
        """The outcome's or link's fields as the service takes them: all but the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class OutcomeForm(VersionedForm):
    measure = forms.CharField(
        label="Measure",
        max_length=200,
        help_text="What you count, with its unit. For example: repairs reported each month, "
        "or residents who are satisfied (%).",
        error_messages={
            "required": "Enter the measure",
            "max_length": "Measure must be 200 characters or fewer",
        },
    )
    baseline = _outcome_value("Baseline", hint="Where it stood before the project.")
    target = _outcome_value("Target", hint="Where the project means it to be.")
    actual = _outcome_value("Actual", hint="Where it stands now.")


def outcome_initial(outcome: Outcome) -> dict[str, Any]:
    return {name: getattr(outcome, name) for name in ("measure", "baseline", "target", "actual")}


class LinkForm(VersionedForm):
    title = forms.CharField(
        label="Link text",
        max_length=200,
        help_text="What the page is. For example: Alpha assessment report",
        error_messages={
            "required": "Enter the link text",
            "max_length": "Link text must be 200 characters or fewer",
        },
    )
    url = forms.CharField(
        label="Web address",
        max_length=200,
        help_text="Starting with https:// or http://",
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "required": "Enter the web address",
            "max_length": "Web address must be 200 characters or fewer",
        },
    )


def link_initial(link: ProjectLink) -> dict[str, Any]:
    return {"title": link.title, "url": link.url}


def _facet(
    label: str, choices: list[tuple[str, str]], *, invalid: str, hint: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        help_text=hint,
        widget=forms.Select(attrs={"class": "govuk-!-width-full"}),
        error_messages={"invalid_choice": invalid},
    )


def _search_box(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"spellcheck": "false"}),
        error_messages={"max_length": "Search for 200 characters or fewer"},
    )


class SearchForm(forms.Form):
    """The search box and facets of the projects page; every one is optional."""

    q = _search_box("Search projects and playbooks")
    theme = _facet(
        "Theme", [("", "Any theme"), *Theme.choices], invalid="Choose a theme from the list"
    )
    phase = _facet(
        "Phase",
        [("", "Any phase"), *Phase.choices],
        invalid="Choose a phase from the list",
        hint="Choosing a phase shows only projects.",
    )
    organisation = _facet("Organisation", [], invalid="Choose an organisation from the list")
    charter = _facet(
        "Emerging Technology Charter",
        [("", "Any"), ("complete", "Complete"), ("incomplete", "Not complete")],
        invalid="Choose whether the charter is complete from the list",
        hint="Choosing this shows only projects.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = [(o.slug, o.name) for o in public_bodies()]
        _offer(self.fields["organisation"], [("", "Any organisation"), *bodies])

    def filters(self) -> dict[str, Any]:
        """The arguments of search_everything; a value that is not offered is ignored."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name, "") for name in self.fields}
        charter = data.pop("charter")
        return {
            "search": data.pop("q"),
            "charter_complete": {"complete": True, "incomplete": False}.get(charter),
            **data,
        }


class PlaybookSearchForm(forms.Form):
    q = _search_box("Search playbooks")
    theme = _facet(
        "Theme", [("", "Any theme"), *Theme.choices], invalid="Choose a theme from the list"
    )

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {
            "search": self.cleaned_data.get("q", ""),
            "theme": self.cleaned_data.get("theme", ""),
        }


class RevisionsForm(ServiceForm):
    """Two numbers to compare: revisions of a project or versions of a playbook."""

    def __init__(self, *args: Any, numbers: Iterable[int], noun: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"{noun.capitalize()} {n}") for n in numbers]
        for name, label in (("from", "Compare"), ("to", "with")):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                error_messages={
                    "required": f"Choose a {noun} to compare",
                    "invalid_choice": f"Choose a {noun} from the list",
                },
            )


# Forms of the project page's actions. Each has a prefix, so the ids of its fields are
# unique on a page that shows several of them.


class CommentForm(ServiceForm):
    prefix = "comment"
    body = forms.CharField(
        label="Add a comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter your comment",
            "max_length": "Comment must be 5,000 characters or fewer",
        },
    )


class StatusUpdateForm(ServiceForm):
    prefix = "update"
    body = forms.CharField(
        label="What has happened?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Followers of the project are told about it.",
        error_messages={
            "required": "Enter the status update",
            "max_length": "Status update must be 5,000 characters or fewer",
        },
    )


class FeedbackForm(ServiceForm):
    prefix = "feedback"
    name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": "Name must be 100 characters or fewer"},
    )
    body = forms.CharField(
        label="Your feedback",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="It is published once the project team has read it. Do not include "
        "personal information.",
        error_messages={
            "required": "Enter your feedback",
            "max_length": "Feedback must be 2,000 characters or fewer",
        },
    )


class CoauthorForm(ServiceForm):
    prefix = "coauthor"
    email = forms.EmailField(
        label="Email address of the co-author",
        help_text="They must already have an account. They will be able to see and edit "
        "this project.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the email address of the co-author",
            "invalid": EMAIL_FORMAT,
        },
    )

    def clean_email(self) -> User:
        person = active_user_by_email(email=str(self.cleaned_data["email"]))
        if person is None:
            raise ValidationError("Nobody with this email address has an account")
        return person


class AttachmentForm(ServiceForm):
    prefix = "attachment"
    service_fields: ClassVar[dict[str, str]] = {"file": "upload"}
    upload = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or plain "
        "text, smaller than 10 MB.",
        widget=forms.FileInput,
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )


class OrganisationChoiceForm(ServiceForm):
    """Acting for one of the person's organisations: radios if there are several; with
    only one, the form has no field and acts for it."""

    def __init__(
        self, *args: Any, organisations: Sequence[Organisation], label: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields["organisation"] = _organisation_field(
                self.organisations, label=label, required="Choose an organisation"
            )

    @property
    def error_anchor(self) -> str:
        """With no field, the error summary links to the form's button."""
        return f"{self.prefix}-submit"

    def acting_for(self) -> Organisation:
        return self.cleaned_data.get("organisation") or self.organisations[0]


class AdoptForm(OrganisationChoiceForm):
    prefix = "adopt"

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(
            *args, organisations=organisations, label="Adopt it for which organisation?", **kwargs
        )


class InterestForm(OrganisationChoiceForm):
    prefix = "interest"
    message = forms.CharField(
        label="Message to the project team (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Message must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, label="Join on behalf of", **kwargs)


class PublishForm(ServiceForm):
    prefix = "publish"
    change_note = forms.CharField(
        label="What has changed in this version?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Boroughs that adopted the playbook are told.",
        error_messages={
            "required": "Enter what has changed in this version",
            "max_length": "Change note must be 2,000 characters or fewer",
        },
    )


# Playbooks.


class PlaybookForm(ServiceForm):
    title = forms.CharField(
        label="Playbook title",
        max_length=200,
        error_messages={
            "required": "Enter a playbook title",
            "max_length": "Playbook title must be 200 characters or fewer",
        },
    )
    summary = _text(
        "Summary",
        required="Enter a summary of the playbook",
        hint="What it helps a borough do, in plain English.",
        rows=3,
    )
    themes = ProjectForm.base_fields["themes"]
    visibility = forms.ChoiceField(
        label="Who can see it once published",
        choices=VISIBILITY_CHOICES,
        initial=Visibility.NETWORK,
        widget=HintedRadioSelect(hints=VISIBILITY_HINTS),
        error_messages={
            "required": "Choose who can see the playbook",
            "invalid_choice": "Choose who can see the playbook",
        },
    )
    shared_with = ProjectForm.base_fields["shared_with"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["shared_with"], [(o.slug, o.name) for o in public_bodies()])

    def playbook_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PlaybookForm.base_fields}


class PlaybookCreateForm(PlaybookForm):
    def __init__(self, *args: Any, bodies: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        if len(self.bodies) > 1:
            self.fields["owner"] = _organisation_field(
                self.bodies,
                label="Which organisation writes the playbook?",
                required="Choose the organisation that writes the playbook",
            )
            self.order_fields(["owner"])

    def service_arguments(self) -> dict[str, Any]:
        return {"owner": self.cleaned_data.get("owner") or self.bodies[0], **self.playbook_fields()}


class StepForm(forms.Form):
    """One step of the draft. Every field is optional: an untouched empty row is not a
    step, and a step without a title is refused by the service."""

    key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Step title",
        required=False,
        max_length=200,
        error_messages={"max_length": "Step title must be 200 characters or fewer"},
    )
    body = forms.CharField(
        label="What to do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="You can use Markdown: **bold**, lists starting with -, and links like "
        "[text](https://example.org).",
    )
    remove = forms.BooleanField(label="Remove this step", required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("key") or data.get("title") or data.get("body"))


StepFormSet = forms.formset_factory(StepForm, extra=0, max_num=100, absolute_max=100)


class PlaybookDraftForms:
    """The draft's details and its steps, checked and saved together."""

    def __init__(
        self, data: QueryDict | None = None, *, initial: dict[str, Any], steps: list[Any]
    ) -> None:
        self.details = PlaybookForm(data, initial=initial)
        self.steps = StepFormSet(data, initial=steps or [{}], prefix="steps")
        self._rows: list[int] = []

    @classmethod
    def of(
        cls, data: QueryDict | None, playbook: Playbook, steps: Iterable[PlaybookStep]
    ) -> PlaybookDraftForms:
        """The forms for a playbook's draft, as sent (`data`) or to start from."""
        initial = {name: getattr(playbook, name) for name in PlaybookForm.base_fields}
        initial["shared_with"] = [o.slug for o in playbook.shared_with.all()]
        rows = [{"key": s.key, "title": s.title, "body": s.body} for s in steps]
        return cls(data, initial=initial, steps=rows)

    def is_valid(self) -> bool:
        details, steps = self.details.is_valid(), self.steps.is_valid()
        return details and steps

    @property
    def errors(self) -> bool:
        return bool(self.details.errors or self.steps.total_error_count())

    def changes(self) -> dict[str, Any]:
        steps, self._rows = [], []
        for row, form in enumerate(self.steps.forms):
            if form.cleaned_data.get("remove") or form.is_blank():
                continue
            self._rows.append(row)
            data = form.cleaned_data
            steps.append({"key": data["key"], "title": data["title"], "body": data["body"]})
        return {**self.details.playbook_fields(), "steps": steps}

    def add_application_error(self, error: ApplicationError) -> None:
        # The service names a step by its place among the steps it was sent
        # ("steps.2.title"); that is mapped back to the row on the page.
        steps = {name: messages for name, messages in error.fields.items() if "." in name}
        for name, messages in steps.items():
            _, index, field = name.split(".", 2)
            form = self.steps.forms[self._rows[int(index)]]
            for message in messages:
                form.add_error(field if field in form.fields else "title", message)
        if not steps:
            self.details.add_application_error(error)

    def with_another_step(self) -> PlaybookDraftForms:
        """The answers so far, unchecked, with one more empty step row: "Add another step"
        is not a save, so it shows no errors."""
        details = {name: self.details[name].value() for name in self.details.fields}
        steps = [{name: form[name].value() for name in form.fields} for form in self.steps]
        return PlaybookDraftForms(initial=details, steps=[*steps, {}])


def step_status_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=AdoptionStep.Status.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
        error_messages={"required": "Choose the step's status"},
    )


class AdoptionProgressForm(ServiceForm):
    """Status and notes of every step of the adopted version, by the step's place (a
    step's key may be any text; a field name may not)."""

    def __init__(
        self, *args: Any, steps: list[dict[str, Any]], progress: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [step["key"] for step in steps]
        for index, step in enumerate(steps, start=1):
            current = progress.get(step["key"])
            self.fields[f"step{index}_status"] = step_status_field(f"Status of step {index}")
            self.fields[f"step{index}_notes"] = ProseField(
                label=f"Notes on step {index} (optional)",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.initial[f"step{index}_status"] = (
                current.status if current else AdoptionStep.Status.NOT_STARTED
            )
            self.initial[f"step{index}_notes"] = current.notes if current else ""

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"step{index}_status"], self[f"step{index}_notes"])
            for index in range(1, len(self.keys) + 1)
        ]

    def steps(self) -> dict[str, tuple[str, str | None]]:
        return {
            key: (self.cleaned_data[f"step{i}_status"], self.cleaned_data[f"step{i}_notes"])
            for i, key in enumerate(self.keys, start=1)
        }
