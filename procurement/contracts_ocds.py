"""A planned re-procurement as an Open Contracting Data Standard planning release.

The ocid is the tender board's prefix with "plan-" and the contract's id, so it never
clashes with a tender's. The first release is tagged planning, later ones
planningUpdate; each is written when published and never rewritten (procurement.ocds).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max

from procurement.contracts import CATEGORY_CPV
from procurement.dates import LONDON
from procurement.models import Contract, ContractCategory, ContractPlanningRelease, CpvCode
from procurement.ocds import CURRENCY


def planning_ocid(contract: Contract | int) -> str:
    pk = contract if isinstance(contract, int) else contract.pk
    return f"{settings.OCDS_OCID_PREFIX}-plan-{pk}"


def _amount(value: Decimal | None) -> dict[str, Any] | None:
    return {"amount": float(value), "currency": CURRENCY} if value is not None else None


def _moment(day: date) -> str:
    """OCDS periods are date-times: the start of the day in London."""
    return datetime.combine(day, time(0), tzinfo=LONDON).isoformat()


def _item(contract: Contract) -> dict[str, Any]:
    code = (
        contract.cpv_code
        or CpvCode.objects.filter(code=CATEGORY_CPV[ContractCategory(contract.category)]).first()
    )
    item: dict[str, Any] = {"id": "1", "description": contract.system_name}
    if code is not None:
        item["classification"] = {"scheme": "CPV", "id": code.code, "description": code.description}
    return item


def planning_release_record(
    *, contract: Contract, rationale: str, tender_expected_on: date | None, date: datetime
) -> ContractPlanningRelease:
    number = (contract.planning_releases.aggregate(n=Max("number"))["n"] or 0) + 1
    tag = "planning" if number == 1 else "planningUpdate"
    borough = contract.borough
    tender: dict[str, Any] = {
        "id": f"plan-{contract.pk}",
        "title": f"Procurement to follow {contract.system_name}",
        "description": (
            f"{borough.name} plans to {contract.get_renewal_plan_display().lower()} its "
            f"{contract.get_category_display()} contract for {contract.system_name}, "
            f"supplied by {contract.supplier_name}, which ends on {contract.ends_on:%-d %B %Y}."
        ),
        "status": "planning",
        "procuringEntity": {"id": borough.slug, "name": borough.name},
        "items": [_item(contract)],
        # The new contract would start the day after the current one ends.
        "contractPeriod": {"startDate": _moment(contract.ends_on + timedelta(days=1))},
    }
    if contract.total_value is not None:
        tender["value"] = _amount(contract.total_value)
    if tender_expected_on is not None:
        tender["tenderPeriod"] = {"startDate": _moment(tender_expected_on)}
    planning: dict[str, Any] = {"rationale": rationale}
    if contract.annual_value is not None:
        planning["budget"] = {
            "description": "The annual value of the current contract.",
            "amount": _amount(contract.annual_value),
        }
    data = {
        "id": f"{number:03d}-{tag}",
        "date": date.isoformat(),
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "parties": [
            {"id": borough.slug, "name": borough.name, "roles": ["buyer", "procuringEntity"]}
        ],
        "buyer": {"id": borough.slug, "name": borough.name},
        "planning": planning,
        "tender": tender,
    }
    return ContractPlanningRelease.objects.create(
        contract=contract, number=number, tag=tag, date=date, data=data
    )


def planning_release_json(release: ContractPlanningRelease) -> dict[str, Any]:
    return {"ocid": planning_ocid(release.contract_id), **release.data}
