from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest

from loti.uploads import ALLOWED_BINARY
from procurement import dates
from procurement.models import TenderAmendment, TenderStatus
from procurement.selectors import VALUE_BANDS, amended_documents

register = template.Library()

# The tag a person sees for each stage, by the database clock (db_stage): the GOV.UK
# tag colour that goes with it.
STAGE_TAGS = {
    "draft": ("Draft", "govuk-tag--grey"),
    "published": ("Open", "govuk-tag--green"),
    "closed": ("Closed", "govuk-tag--grey"),
    "evaluation": ("Evaluating", "govuk-tag--blue"),
    "standstill": ("Award decided", "govuk-tag--turquoise"),
    "awarded": ("Awarded", "govuk-tag--turquoise"),
    "no_award": ("No award", "govuk-tag--orange"),
    "cancelled": ("Cancelled", "govuk-tag--red"),
    "withdrawn": ("Withdrawn", "govuk-tag--red"),
}

# The buyer's fields by the names a person reads them by (for amendment histories).
FIELD_LABELS = {
    "title": "Title",
    "description": "Description",
    "value_min": "Lowest value",
    "value_max": "Highest value",
    "contract_months": "Contract length",
    "location_remote": "Remote working",
    "sme_suitable": "Suitable for SMEs",
    "vcse_suitable": "Suitable for VCSEs",
    "charter_technology": "What the technology is and why it is used",
    "charter_dpia_url": "Data protection impact assessment",
    "charter_inclusivity": "Inclusivity statement",
    "charter_consequences": "Consequence scanning",
    "charter_unused_functionality": "Functionality not in use",
    "charter_open_data": "Open data",
    "loti_data_clause_included": "LOTI data-access clause",
    "loti_data_clause_explanation": "Why the data-access clause is left out",
    "questions_close_at": "Questions close",
    "closes_at": "Closing time",
    "expected_award_on": "Expected award date",
    "cpv_codes": "CPV codes",
    "participating_boroughs": "Joint buyers",
    "location_boroughs": "Location",
    "criteria": "Evaluation criteria",
    "documents": "Documents",
}


@register.filter
def london_time(moment: datetime | None) -> str:
    """{{ tender.closes_at|london_time }} → 12:00pm on 3 March 2027, London time"""
    return dates.london_time(moment)


@register.filter
def end_of_day_london_time(day: date | None) -> str:
    """{{ tender.standstill_ends_on|end_of_day_london_time }} → 11:59pm on 12 March 2027,
    London time"""
    return dates.end_of_day_london_time(day)


@register.filter
def pounds(amount: Decimal | str | None) -> str:
    """20000.00 → £20,000; 1234.5 → £1,234.50"""
    if amount in (None, ""):
        return ""
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


@register.filter
def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


TEXT_FORMATS = {"text/csv": "CSV", "text/plain": "Plain text", "text/markdown": "Markdown"}


@register.filter
def document_format(content_type: str) -> str:
    """'application/pdf' → 'PDF': an uploaded document's checked type, as people name it."""
    return ALLOWED_BINARY.get(content_type) or TEXT_FORMATS.get(content_type, content_type)


@register.inclusion_tag("frontend/procurement/includes/status_tag.html")
def tender_status_tag(tender: Any) -> dict[str, str]:
    """The tender's stage as a GOV.UK tag, by the database clock when the tender was
    fetched with_clock (a published tender past its deadline is Closed)."""
    stage = getattr(tender, "db_stage", tender.status)
    label, css = STAGE_TAGS.get(stage, (TenderStatus(tender.status).label, "govuk-tag--grey"))
    return {"label": label, "css": css}


@register.simple_tag
def query_with(request: HttpRequest, **changes: Any) -> str:
    """The current query string with some parameters changed: '?search=x&page=2'."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """{{ responses|lookup:criterion.key }}: a dict's value by a key held in a variable."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""


@register.filter
def value_band_label(key: str) -> str:
    """'25k-100k' → '£25,000 to £100,000'"""
    return next((band.label for band in VALUE_BANDS if band.key == key), key)


def _readable(field: str, value: Any) -> str:
    """An amendment's recorded value (JSON: ISO dates, decimal strings, slugs) as a
    person reads it."""
    if value in (None, "", []):
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field in ("value_min", "value_max"):
        return pounds(value)
    if field in ("closes_at", "questions_close_at"):
        return dates.london_time(datetime.fromisoformat(str(value)))
    if field == "expected_award_on":
        return f"{date.fromisoformat(str(value)):%-d %B %Y}"
    if field == "contract_months":
        return f"{value} months"
    return str(value)


# Long text is described as changed rather than quoted twice in the history.
LONG_FIELDS = {
    "description",
    "charter_technology",
    "charter_inclusivity",
    "charter_consequences",
    "charter_unused_functionality",
    "loti_data_clause_explanation",
}


@register.filter
def amendment_changes(amendment: TenderAmendment) -> list[dict[str, str]]:
    """Each field an amendment changed: its label, and from what to what."""
    rows = []
    for field in amendment.changed_fields:
        row = {"label": field_label(field), "before": "", "after": "", "summary": ""}
        if field == "documents":
            row["summary"] = "; ".join(amended_documents(amendment=amendment))
        elif field not in LONG_FIELDS:
            row["before"] = _readable(field, amendment.before.get(field))
            row["after"] = _readable(field, amendment.after.get(field))
        rows.append(row)
    return rows
