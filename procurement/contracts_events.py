"""What people are told about the contracts register: a saved pipeline search's new
matches. Called inside the service's transaction, like procurement.events."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django.urls import reverse

from loti.notifications.models import Category
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify
from procurement.contracts_selectors import pipeline_search_filters
from procurement.models import Contract, PipelineSearch

PIPELINE_SEARCH_MATCHED = event_register(
    EventType(
        name="procurement.pipeline_search_matched",
        title="Contracts coming up that match your pipeline search: {{ search.name }}",
    )
)
# The notice lists this many contracts, then says how many more there are.
LISTED = 10


def _pipeline_path(search: PipelineSearch) -> str:
    filters = pipeline_search_filters(search)
    query = {
        name: getattr(filters, name)
        for name in ("borough", "category", "division", "value_band")
        if getattr(filters, name)
    }
    path = reverse("frontend:contract-pipeline")
    return f"{path}?{urlencode(query)}" if query else path


def pipeline_search_matched(*, search: PipelineSearch, contracts: Sequence[Contract]) -> None:
    lines = [
        f"{c.borough.name}: {c.system_name} ({c.supplier_name}) ends on {c.ends_on:%-d %B %Y}."
        for c in contracts[:LISTED]
    ]
    if len(contracts) > LISTED:
        lines.append(f"And {len(contracts) - LISTED} more.")
    notify(
        event=PIPELINE_SEARCH_MATCHED.name,
        recipients=[search.user],
        target=search,
        context={"search": search, "path": _pipeline_path(search), "message": "\n".join(lines)},
        category=Category.TENDERS,
        actor=None,
    )
