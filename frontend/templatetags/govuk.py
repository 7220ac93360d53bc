"""Django form fields drawn as GOV.UK Frontend form groups."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()

_CLASSES: dict[type[forms.Widget], str] = {
    forms.PasswordInput: "govuk-input govuk-password-input__input govuk-js-password-input-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.FileInput: "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def _kind(widget: forms.Widget) -> str:
    # Django's CheckboxSelectMultiple is a kind of RadioSelect, so it is asked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    # A composite widget (a GOV.UK date input, say) names its own kind and supplies
    # its context through govuk_context(field).
    return str(getattr(widget, "govuk_kind", "input"))


def _radios(field: forms.BoundField) -> list[dict[str, Any]]:
    # The first radio (or checkbox) takes the field's own id, so the error summary's link
    # and GOV.UK Frontend's focus handling land on it; the rest are numbered from 2.
    # A widget may carry `hints`, a hint under each choice by its value.
    hints: dict[str, str] = getattr(field.field.widget, "hints", {})
    return [
        {
            "id": field.auto_id if index == 0 else f"{field.auto_id}-{index + 1}",
            "value": str(choice.data["value"]),
            "label": choice.choice_label,
            "checked": choice.data["selected"],
            "hint": hints.get(str(choice.data["value"]), ""),
        }
        for index, choice in enumerate(field.subwidgets)
    ]


def _widget(field: forms.BoundField, described_by: str) -> str:
    widget = field.field.widget
    css = next((c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "govuk-input")
    if field.errors:
        css += " " + _ERROR_CLASSES.get(css, "govuk-input--error")
    attrs: dict[str, str | bool] = {"class": f"{css} {widget.attrs.get('class', '')}".strip()}
    if isinstance(widget, forms.PasswordInput):
        attrs.update(spellcheck="false", autocapitalize="none")
    if described_by:
        attrs["aria-describedby"] = described_by
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("frontend/includes/govuk_field.html")
def govuk_field(field: forms.BoundField) -> dict[str, Any]:
    """A form group: label (or legend), hint, error message and the input or radios."""
    hint_id = f"{field.auto_id}-hint" if field.help_text else ""
    error_id = f"{field.auto_id}-error" if field.errors else ""
    described_by = " ".join(part for part in (hint_id, error_id) if part)
    kind = _kind(field.field.widget)
    context: dict[str, Any] = {
        "field": field,
        "kind": kind,
        "hint_id": hint_id,
        "error_id": error_id,
        "described_by": described_by,
    }
    if kind in ("radios", "checkboxes"):
        context["radios"] = _radios(field)
        context["classes"] = field.field.widget.attrs.get("class", "")
    elif hasattr(field.field.widget, "govuk_context"):
        context.update(field.field.widget.govuk_context(field))
    else:
        context["widget"] = _widget(field, described_by)
    return context
