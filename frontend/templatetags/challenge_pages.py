"""Filters and tags of the open-call challenge pages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from procurement import dates

register = template.Library()

# The tag a person sees for each stage by the database clock (db_stage), with its colour.
STAGE_TAGS = {
    "draft": ("Draft", "govuk-tag--grey"),
    "open": ("Open for entries", "govuk-tag--green"),
    "closed": ("Closed for entries", "govuk-tag--grey"),
    "judging": ("Judging", "govuk-tag--blue"),
    "decided": ("Winners decided", "govuk-tag--turquoise"),
    "published": ("Results published", "govuk-tag--turquoise"),
    "cancelled": ("Cancelled", "govuk-tag--red"),
}
ENTRY_TAGS = {
    "draft": ("Draft: not submitted", "govuk-tag--grey"),
    "submitted": ("Submitted", "govuk-tag--green"),
    "withdrawn": ("Withdrawn", "govuk-tag--red"),
}
ELIGIBILITY_TAGS = {
    "pending": ("Not screened yet", "govuk-tag--grey"),
    "eligible": ("Eligible", "govuk-tag--green"),
    "ineligible": ("Not eligible", "govuk-tag--red"),
}


@register.filter
def london_time(moment: datetime | None) -> str:
    """'12:00pm on 3 March 2027, London time'."""
    return dates.london_time(moment)


@register.filter
def pounds(amount: Decimal | None) -> str:
    """£20,000 (pence only when there are any)."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{amount:,.2f}"


def _tag(tags: dict[str, tuple[str, str]], value: str) -> SafeString:
    label, colour = tags.get(value, (value, "govuk-tag--grey"))
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, label)


@register.simple_tag
def challenge_stage_tag(challenge: Any) -> SafeString:
    return _tag(STAGE_TAGS, getattr(challenge, "db_stage", challenge.status))


@register.simple_tag
def entry_status_tag(entry: Any) -> SafeString:
    return _tag(ENTRY_TAGS, entry.status)


@register.simple_tag
def eligibility_tag(entry: Any) -> SafeString:
    return _tag(ELIGIBILITY_TAGS, entry.eligibility)


@register.filter
def kilobytes(size: int) -> str:
    return f"{max(1, round(size / 1024)):,} KB"


@register.filter
def weight(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


@register.filter
def lowest(values: list[float]) -> float | str:
    return min(values) if values else ""


@register.filter
def highest(values: list[float]) -> float | str:
    return max(values) if values else ""
