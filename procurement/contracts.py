"""The rules of the technology contracts register, shared by the API, the pages and
spreadsheet imports: the everyday categories, how a contract is matched on re-import
and across boroughs, the pipeline's window and value bands, and the checks every
contract passes however it arrives.

A re-import matches a row to a contract by its natural key, within the borough:

* ``ref:<reference>`` when the row gives the borough's own contract reference
  (compared without case and extra spaces);
* otherwise ``auto:<system>|<supplier>|<start date>``, the names compared the same way.

So a spreadsheet imported twice updates the contracts it made the first time; a row
whose reference (or system, supplier and start date) is new adds a contract.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from procurement.models import ContractCategory, RenewalPlan
from procurement.selectors import VALUE_BANDS, ValueBand

# Each everyday category's usual CPV 2008 code: used when a contract gives no code of
# its own (a joint tender needs one; OCDS items are classified by it).
CATEGORY_CPV = {
    ContractCategory.CASE_MANAGEMENT: "48000000",
    ContractCategory.CRM: "48445000",
    ContractCategory.FINANCE_ERP: "48451000",
    ContractCategory.HR: "48450000",
    ContractCategory.HOUSING: "48000000",
    ContractCategory.SOCIAL_CARE: "48000000",
    ContractCategory.REVENUES_BENEFITS: "48442000",
    ContractCategory.PARKING: "48000000",
    ContractCategory.LIBRARIES: "48161000",
    ContractCategory.WEBSITE_CMS: "48783000",
    ContractCategory.DATA_PLATFORM: "48610000",
    ContractCategory.TELEPHONY: "64210000",
    ContractCategory.OTHER: "72000000",
}
# A code that is a category's own (and only that category's) gives the category when
# a row names the code alone.
CPV_CATEGORY = {
    code: category
    for category, code in CATEGORY_CPV.items()
    if list(CATEGORY_CPV.values()).count(code) == 1
}
# What people write in their spreadsheets for each category, besides its key and label.
CATEGORY_WORDS = {
    "case management": ContractCategory.CASE_MANAGEMENT,
    "customer relationship management": ContractCategory.CRM,
    "finance": ContractCategory.FINANCE_ERP,
    "erp": ContractCategory.FINANCE_ERP,
    "finance erp": ContractCategory.FINANCE_ERP,
    "human resources": ContractCategory.HR,
    "hr and payroll": ContractCategory.HR,
    "payroll": ContractCategory.HR,
    "adult social care": ContractCategory.SOCIAL_CARE,
    "childrens social care": ContractCategory.SOCIAL_CARE,
    "revenues benefits": ContractCategory.REVENUES_BENEFITS,
    "revs and bens": ContractCategory.REVENUES_BENEFITS,
    "library": ContractCategory.LIBRARIES,
    "website": ContractCategory.WEBSITE_CMS,
    "cms": ContractCategory.WEBSITE_CMS,
    "website cms": ContractCategory.WEBSITE_CMS,
    "data": ContractCategory.DATA_PLATFORM,
    "telephones": ContractCategory.TELEPHONY,
    "telecoms": ContractCategory.TELEPHONY,
    "other": ContractCategory.OTHER,
}

# The market pipeline: contracts ending this many months from today, from and to.
PIPELINE_FROM_MONTHS = 6
PIPELINE_TO_MONTHS = 24
# Visibility a contract may have; "shared" also names the organisations.
CONTRACT_VISIBILITIES = ["private", "shared", "network", "public"]
# Renewal plans that lead to a procurement, which can be published as an OCDS plan.
PROCURING_PLANS = {RenewalPlan.REPROCURE, RenewalPlan.REPLACE}
MONEY_LIMIT = Decimal("999999999999.99")


def simplified(text: str) -> str:
    """Lower case, letters and digits only, single spaces: 'Civica  APP-Pro' and
    'civica app pro' are the same system."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


# Words that end a company's name without telling companies apart.
COMPANY_SUFFIXES = {"ltd", "limited", "plc", "llp", "inc", "uk", "group"}


def company_key(name: str) -> str:
    """'Civica UK Limited' and 'Civica' are the same supplier."""
    words = simplified(name).split()
    while len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def natural_key(
    *, reference: str, system_name: str, supplier_name: str, starts_on: date | None
) -> str:
    if reference.strip():
        return "ref:" + " ".join(reference.lower().split())
    start = starts_on.isoformat() if starts_on else ""
    return f"auto:{simplified(system_name)}|{company_key(supplier_name)}|{start}"


def category_from_text(text: str) -> str | None:
    """A category's key from its key, its label or a common name for it; None if
    there is no such category."""
    wanted = simplified(text)
    for category in ContractCategory:
        if wanted in (simplified(category.value), simplified(category.label)):
            return category.value
    found = CATEGORY_WORDS.get(wanted)
    return found.value if found else None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PipelineWindow:
    starts_on: date
    ends_on: date

    @classmethod
    def from_today(cls, today: date) -> PipelineWindow:
        return cls(add_months(today, PIPELINE_FROM_MONTHS), add_months(today, PIPELINE_TO_MONTHS))

    def q(self) -> Q:
        return Q(ends_on__gte=self.starts_on, ends_on__lte=self.ends_on)


def band_q(band: ValueBand) -> Q:
    """Contracts whose annual value falls in the band (the tender board's bands)."""
    condition = Q(annual_value__isnull=False)
    if band.low is not None:
        condition &= Q(annual_value__gte=band.low)
    if band.high is not None:
        condition &= Q(annual_value__lt=band.high)
    return condition


def value_band(key: str) -> ValueBand:
    return next(band for band in VALUE_BANDS if band.key == key)


def quarter_of(day: date) -> date:
    """The first day of the calendar quarter the day falls in."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_label(first_day: date) -> str:
    """date(2027, 4, 1) → 'Apr to Jun 2027'"""
    last_month = date(first_day.year, first_day.month + 2, 1)
    return f"{first_day:%b} to {last_month:%b %Y}"


def quarters_between(first: date, last: date) -> list[date]:
    quarters, current = [], quarter_of(first)
    while current <= last:
        quarters.append(current)
        current = add_months(current, 3)
    return quarters


def contract_problems(values: Mapping[str, Any], *, known_cpv: Iterable[str]) -> dict[str, str]:
    """The rules on a contract's own fields, by field: every broken one, at once.
    `values` has the typed values (dates, Decimals); `known_cpv` the codes that exist."""
    problems: dict[str, str] = {}
    for field, label, limit in (
        ("system_name", "the system or service", 200),
        ("supplier_name", "the supplier", 200),
    ):
        text = str(values.get(field) or "").strip()
        if not text:
            problems[field] = f"Enter {label}."
        elif len(text) > limit:
            problems[field] = f"The name of {label} must be {limit} characters or fewer."
    if len(str(values.get("reference") or "")) > 100:
        problems["reference"] = "The reference must be 100 characters or fewer."
    if len(str(values.get("extension_options") or "")) > 200:
        problems["extension_options"] = "Describe the extension options in 200 characters or fewer."
    category, cpv = values.get("category") or "", values.get("cpv_code") or ""
    if category and category not in ContractCategory.values:
        problems["category"] = "Choose a category from the list: " + ", ".join(
            c.label for c in ContractCategory
        )
    if cpv and cpv not in set(known_cpv):
        problems["cpv_code"] = f"{cpv} is not a CPV 2008 code."
    if not category and not cpv and "category" not in problems:
        problems["category"] = "Give a category or a CPV code."
    for field, label in (("annual_value", "The annual value"), ("total_value", "The total value")):
        amount = values.get(field)
        if amount is not None and amount < 0:
            problems[field] = f"{label} cannot be negative."
        elif amount is not None and amount > MONEY_LIMIT:
            problems[field] = f"{label} is too large."
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None and "starts_on" not in problems:
        problems["starts_on"] = "Enter the start date."
    if ends_on is None and "ends_on" not in problems:
        problems["ends_on"] = "Enter the end date."
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = (
            f"The end date ({ends_on:%-d %B %Y}) is before the start date ({starts_on:%-d %B %Y})."
        )
    plan = values.get("renewal_plan") or RenewalPlan.UNDECIDED
    if plan not in RenewalPlan.values:
        problems["renewal_plan"] = "Choose the plan at renewal: " + ", ".join(
            p.label.lower() for p in RenewalPlan
        )
    visibility = values.get("visibility")
    if visibility is not None and visibility not in CONTRACT_VISIBILITIES:
        problems["visibility"] = "Visibility is private, shared, network or public."
    return problems


def category_for(*, category: str, cpv_code: str) -> str:
    """The category to file a contract under: the one given, else the one whose usual
    code was given, else other."""
    if category:
        return category
    return str(CPV_CATEGORY.get(cpv_code, ContractCategory.OTHER))
