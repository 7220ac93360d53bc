from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


@register.simple_tag
def govuk_widget(field: forms.BoundField) -> SafeString:
    """Render a field's widget with GOV.UK classes and the hint and error described."""
    widget = field.field.widget
    css = next((c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "govuk-input")
    if field.errors:
        css += f" {css}--error"
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    described += [f"{field.auto_id}-error"] if field.errors else []
    attrs = {"class": f"{css} {widget.attrs.get('class', '')}".strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
