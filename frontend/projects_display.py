"""Recorded project values as people read them: field names as the form's labels,
choices by their labels, organisations by name."""

from __future__ import annotations

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
}
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
