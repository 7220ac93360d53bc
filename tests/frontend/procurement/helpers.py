"""What the tender board's page tests share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement.dates import LONDON
from tests.frontend.helpers import text as text  # shared by the challenge pages' tests


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    return len(queries)


def date_fields(name: str, moment: datetime) -> dict[str, str]:
    """A GOV.UK date input's parts, as a browser would send them (London time)."""
    local = moment.astimezone(LONDON)
    return {
        f"{name}-day": str(local.day),
        f"{name}-month": str(local.month),
        f"{name}-year": str(local.year),
        f"{name}-time": local.strftime("%H:%M"),
    }


def form_from_page(client: Any, url: str) -> dict[str, str | list[str]]:
    """What the edit form would send back unchanged, from its initial values."""
    form = client.get(url).context["form"]
    data: dict[str, str | list[str]] = {}
    for name, field in form.fields.items():
        bound = form[name]
        widget = field.widget
        if name == "criteria":
            for row in form.criteria_rows:
                for part in ("name", "kind", "weight"):
                    data[f"criteria-{row['index']}-{part}"] = row[part]
        elif hasattr(widget, "govuk_context"):
            for part, value in widget.parts(bound.value()).items():
                data[f"{name}-{part}"] = value
        elif isinstance(bound.value(), list):
            data[name] = bound.value()
        elif bound.value() is not None:
            data[name] = str(bound.value())
    return data
