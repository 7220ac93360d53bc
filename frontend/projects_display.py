"""Recorded project values as people read them: field names as the form's labels,
choices by their labels, organisations by name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from frontend.forms_projects import VISIBILITY_CHOICES, ProjectForm
from loti.organisations import organisation_names
from projects.models import Phase, Theme

ORGANISATION_FIELDS = {"shared_with", "partners"}
EXTRA_LABELS = {
    "shared_with": "Shared with",
    "partners": "Partners",
    "starts_on": "Start date",
    "ends_on": "End date",
    "budget": "Budget in pounds",
    "outcomes": "Outcomes",
    "links": "Links",
}
DATE_FIELDS = {"starts_on", "ends_on"}
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "phase": dict(Phase.choices),
    "themes": dict(Theme.choices),
    "visibility": dict(VISIBILITY_CHOICES),
}
NOT_GIVEN = "Not given"


def field_label(name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    field = ProjectForm.base_fields.get(name)
    label = str(field.label) if field is not None and field.label else name.replace("_", " ")
    return label.removesuffix(" (optional)")


def display_value(name: str, value: Any, names: dict[str, str] | None = None) -> str:
    """One recorded value as text; `names` are organisations' names by slug."""
    if value is None or value == "" or value == []:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "outcomes":
        return "\n".join(_outcome_text(outcome) for outcome in value)
    if name == "links":
        return "\n".join(f"{link['title']}: {link['url']}" for link in value)
    if name in DATE_FIELDS:
        return f"{date.fromisoformat(str(value)):%-d %B %Y}"
    labels = (names or {}) if name in ORGANISATION_FIELDS else CHOICE_LABELS.get(name, {})
    if isinstance(value, list):
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    return labels.get(str(value), str(value))


def describe_changes(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """selectors.revisions_compare's changes, ready to show: one query for the names of
    the organisations they mention."""
    slugs = [
        slug
        for change in changes
        if change["field"] in ORGANISATION_FIELDS
        for side in ("before", "after")
        for slug in change[side] or []
    ]
    names = organisation_names(slugs) if slugs else {}
    return [
        {
            "field": change["field"],
            "label": field_label(change["field"]),
            "before": display_value(change["field"], change["before"], names),
            "after": display_value(change["field"], change["after"], names),
            # Line by line only helps where there are lines.
            "diff": change.get("diff", "") if _multiline(change) else "",
        }
        for change in changes
    ]


def _multiline(change: dict[str, Any]) -> bool:
    return any(
        isinstance(change[side], str) and "\n" in change[side] for side in ("before", "after")
    )


def number_text(value: Decimal | str | None) -> str:
    """A recorded number as people write it: 1,500 and 72.5, not 1500.00 and 72.50."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _outcome_text(outcome: dict[str, Any]) -> str:
    """One outcome of a revision's snapshot: "Repairs a month: baseline 320, target 500"."""
    values = [
        f"{name} {number_text(outcome.get(name))}"
        for name in ("baseline", "target", "actual")
        if outcome.get(name) not in (None, "")
    ]
    return ": ".join([outcome["measure"], ", ".join(values)]) if values else outcome["measure"]
