"""Filters for the project pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from frontend import projects_display

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    return projects_display.field_label(name)


@register.filter
def field_labels(names: Iterable[str]) -> str:
    return ", ".join(projects_display.field_label(name) for name in names)


@register.filter
def shown_as(value: Any, name: str) -> str:
    """A recorded value of the field `name` as text: choices by their labels."""
    return projects_display.display_value(name, value)


@register.filter
def number(value: Any) -> str:
    """An outcome's value as people write it: 1,500 and 72.5."""
    return projects_display.number_text(value)
