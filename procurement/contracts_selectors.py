"""Reads for the technology contracts register and the market pipeline, each scoped
to the person asking (Contract.objects.visible_to)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from loti.accounts.models import User
from loti.permissions import active_organisation_ids
from procurement.contracts import (
    PipelineWindow,
    band_q,
    quarter_label,
    quarters_between,
    value_band,
)
from procurement.models import (
    Contract,
    ContractCategory,
    ContractImport,
    ContractImportRow,
    ContractPlanningRelease,
    PipelineSearch,
    PipelineSearchAlert,
)


@dataclass(frozen=True)
class ContractFilters:
    search: str = ""
    borough: str = ""
    category: str = ""
    division: str = ""
    value_band: str = ""
    renewal_plan: str = ""


def _filtered(contracts: QuerySet[Contract], filters: ContractFilters) -> QuerySet[Contract]:
    if filters.search.strip():
        for word in filters.search.split()[:8]:
            contracts = contracts.filter(
                Q(system_name__icontains=word)
                | Q(supplier_name__icontains=word)
                | Q(reference__iexact=word)
            )
    if filters.borough:
        contracts = contracts.filter(borough__slug=filters.borough)
    if filters.category:
        contracts = contracts.filter(category=filters.category)
    if filters.division:
        contracts = contracts.filter(cpv_code__division=filters.division)
    if filters.value_band:
        contracts = contracts.filter(band_q(value_band(filters.value_band)))
    if filters.renewal_plan:
        contracts = contracts.filter(renewal_plan=filters.renewal_plan)
    return contracts


def contracts_visible_to(*, user: User | Any, filters: ContractFilters) -> QuerySet[Contract]:
    """The register as the person may see it, soonest ending first."""
    contracts = (
        Contract.objects.visible_to(user)
        .select_related("borough", "cpv_code", "supplier")
        .order_by("ends_on", "id")
    )
    return _filtered(contracts, filters)


def pipeline_window(today: date | None = None) -> PipelineWindow:
    """Ends from 6 to 24 months from today (London's date)."""
    return PipelineWindow.from_today(today or timezone.localdate())


def pipeline_contracts(
    *, user: User | Any, filters: ContractFilters, window: PipelineWindow
) -> QuerySet[Contract]:
    """The market pipeline: contracts the person may see that end within the window."""
    return contracts_visible_to(user=user, filters=filters).filter(window.q())


def pipeline_chart(
    *, user: User | Any, filters: ContractFilters, window: PipelineWindow
) -> dict[str, Any]:
    """How many of the pipeline's contracts end in each calendar quarter, per
    category: one GROUP BY query. Categories with none are left out."""
    counts = (
        _filtered(Contract.objects.visible_to(user).filter(window.q()), filters)
        .annotate(quarter=TruncQuarter("ends_on"))
        .values("quarter", "category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_cell = {(row["quarter"], row["category"]): row["count"] for row in counts}
    quarters = quarters_between(window.starts_on, window.ends_on)
    categories = []
    for category in ContractCategory:
        row = [by_cell.get((quarter, category.value), 0) for quarter in quarters]
        if any(row):
            categories.append(
                {"key": category.value, "label": category.label, "counts": row, "total": sum(row)}
            )
    return {
        "window": {"from": window.starts_on, "to": window.ends_on},
        "quarters": [{"starts_on": q, "label": quarter_label(q)} for q in quarters],
        "categories": categories,
        "quarter_totals": [
            sum(category["counts"][index] for category in categories)
            for index in range(len(quarters))
        ],
        "total": sum(category["total"] for category in categories),
    }


def contract_matches(*, user: User | Any, contract: Contract) -> list[dict[str, Any]]:
    """Other boroughs' contracts the person may see for the same system, or with the
    same supplier: each with why it matched and how far apart the two end, closest
    first. One query."""
    same_supplier = Q(supplier_key=contract.supplier_key)
    if contract.supplier_id is not None:
        same_supplier |= Q(supplier_id=contract.supplier_id)
    found = (
        Contract.objects.visible_to(user)
        .filter(Q(system_key=contract.system_key) | same_supplier)
        .exclude(borough_id=contract.borough_id)
        .select_related("borough", "cpv_code")
    )
    matches = []
    for other in found:
        reasons = []
        if other.system_key == contract.system_key:
            reasons.append("Same system")
        if other.supplier_key == contract.supplier_key or (
            contract.supplier_id is not None and other.supplier_id == contract.supplier_id
        ):
            reasons.append("Same supplier")
        months = (other.ends_on.year - contract.ends_on.year) * 12 + (
            other.ends_on.month - contract.ends_on.month
        )
        matches.append(
            {
                "contract": other,
                "reasons": reasons,
                "months_apart": months,
                "months_between": abs(months),
                "same_year": other.ends_on.year == contract.ends_on.year,
            }
        )
    return sorted(
        matches,
        key=lambda m: (abs((m["contract"].ends_on - contract.ends_on).days), m["contract"].pk),
    )


def partner_contracts(
    *, user: User | Any, contract: Contract, contract_ids: Sequence[int]
) -> list[Contract]:
    """Of the contracts named, those that are matches of `contract` for this person."""
    wanted = set(contract_ids)
    return [
        m["contract"]
        for m in contract_matches(user=user, contract=contract)
        if m["contract"].pk in wanted
    ]


# Imports -----------------------------------------------------------------------------------


def contract_imports_of(*, user: User | Any) -> QuerySet[ContractImport]:
    """Recent imports of the person's organisations, newest first (without the files)."""
    return (
        ContractImport.objects.filter(borough_id__in=active_organisation_ids(user))
        .select_related("borough", "uploaded_by")
        .defer("content")
        .order_by("-created_at", "-id")
    )


def import_rows(
    *, contract_import: ContractImport, problems_only: bool = False
) -> QuerySet[ContractImportRow]:
    rows = ContractImportRow.objects.filter(contract_import=contract_import).order_by("number")
    if problems_only:
        rows = rows.filter(action=ContractImportRow.Action.ERROR)
    return rows


# Saved pipeline searches ---------------------------------------------------------------------


def pipeline_searches_of(*, user: User) -> QuerySet[PipelineSearch]:
    return PipelineSearch.objects.filter(user=user).select_related("borough")


def pipeline_search_filters(search: PipelineSearch) -> ContractFilters:
    return ContractFilters(
        borough=search.borough.slug if search.borough else "",
        category=search.category,
        division=search.division,
        value_band=search.value_band,
    )


def pipeline_search_news(
    *, search: PipelineSearch, window: PipelineWindow, contract_ids: Sequence[int] | None = None
) -> QuerySet[Contract]:
    """Contracts in the pipeline that match the search, that its owner may see and
    has not been told about: one query."""
    contracts = pipeline_contracts(
        user=search.user, filters=pipeline_search_filters(search), window=window
    ).exclude(
        Exists(
            PipelineSearchAlert.objects.filter(pipeline_search=search, contract_id=OuterRef("pk"))
        )
    )
    if contract_ids is not None:
        contracts = contracts.filter(pk__in=list(contract_ids))
    return contracts


def pipeline_searches_to_run() -> QuerySet[PipelineSearch]:
    return (
        PipelineSearch.objects.filter(user__is_active=True)
        .select_related("user", "borough")
        .order_by("pk")
    )


# Open data -----------------------------------------------------------------------------------


def planning_releases() -> QuerySet[ContractPlanningRelease]:
    """Every planned re-procurement ever published, in order."""
    return ContractPlanningRelease.objects.order_by("contract_id", "number")
