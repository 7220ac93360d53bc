"""Open Contracting Data Standard 1.1 releases for the tender board.

A release is written when its event happens (publish, amendment, withdrawal,
cancellation, no award, award, contract) and never rewritten, so the package is the
history as it was published. Nothing here reads a bid's content: the only bid facts
published are the winner's name and price, in the award.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from loti.accounts.models import Organisation
from procurement.models import (
    Bid,
    CriterionKind,
    OcdsRelease,
    Tender,
    TenderAmendment,
    TenderDocument,
)

PUBLISHER = "London Office of Technology and Innovation"
CURRENCY = "GBP"
# tender.status in OCDS's closed tenderStatus codelist, by our stored status.
OCDS_TENDER_STATUS = {
    "published": "active",
    "evaluation": "active",
    "standstill": "active",
    "awarded": "complete",
    "no_award": "unsuccessful",
    "cancelled": "cancelled",
    "withdrawn": "withdrawn",
}


def ocid(tender: Tender | int) -> str:
    pk = tender if isinstance(tender, int) else tender.pk
    return f"{settings.OCDS_OCID_PREFIX}-{pk}"


def _date(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _value(amount: Decimal | None) -> dict[str, Any]:
    return {"amount": float(amount) if amount is not None else None, "currency": CURRENCY}


def _party(organisation: Organisation, roles: list[str]) -> dict[str, Any]:
    party: dict[str, Any] = {"id": organisation.slug, "name": organisation.name, "roles": roles}
    if organisation.companies_house_number:
        party["identifier"] = {
            "scheme": "GB-COH",
            "id": organisation.companies_house_number,
            "legalName": organisation.name,
        }
    return party


def _tender_block(tender: Tender) -> dict[str, Any]:
    criteria = list(tender.criteria.all())
    block: dict[str, Any] = {
        "id": str(tender.pk),
        "title": tender.title,
        "description": tender.description,
        "status": OCDS_TENDER_STATUS.get(tender.status, "active"),
        "procuringEntity": {"id": tender.buyer.slug, "name": tender.buyer.name},
        "items": [
            {
                "id": str(n),
                "description": code.description,
                "classification": {
                    "scheme": "CPV",
                    "id": code.code,
                    "description": code.description,
                },
            }
            for n, code in enumerate(tender.cpv_codes.order_by("code"), 1)
        ],
        "minValue": _value(tender.value_min),
        "value": _value(tender.value_max),
        "procurementMethod": "open",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(
            f"{c.name} ({CriterionKind(c.kind).label.lower()}): {c.weight.normalize():f}%"
            for c in criteria
        ),
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {
            "startDate": _date(tender.published_at),
            "endDate": _date(tender.closes_at),
        },
        "enquiryPeriod": {
            "startDate": _date(tender.published_at),
            "endDate": _date(tender.questions_close_at or tender.closes_at),
        },
    }
    if tender.contract_months:
        block["contractPeriod"] = {"durationInDays": tender.contract_months * 30}
    if tender.sme_suitable or tender.vcse_suitable:
        suited = [
            label
            for flag, label in (
                (tender.sme_suitable, "small and medium-sized enterprises"),
                (tender.vcse_suitable, "voluntary, community and social enterprises"),
            )
            if flag
        ]
        block["eligibilityCriteria"] = "Suitable for " + " and ".join(suited) + "."
    documents = [_document(tender, d) for d in tender.documents.filter(removed_at__isnull=True)]
    if documents:
        block["documents"] = documents
    amendments = list(tender.amendments.order_by("number"))
    if amendments:
        block["amendments"] = [_amendment(amendment) for amendment in amendments]
    return block


def _document(tender: Tender, document: TenderDocument) -> dict[str, Any]:
    """A buyer's document: its type is already an OCDS documentType code. It was
    published when it was added, or with the tender if it was added to the draft."""
    published = max(filter(None, [document.created_at, tender.published_at]))
    path = reverse(
        "api:tender-document", kwargs={"tender_id": tender.pk, "document_id": document.pk}
    )
    return {
        "id": str(document.pk),
        "documentType": document.document_type,
        "title": document.title,
        "url": f"{settings.SITE_URL}{path}",
        "datePublished": _date(published),
        "format": document.content_type,
        "language": "en",
    }


def _amendment(amendment: TenderAmendment) -> dict[str, Any]:
    return {
        "id": str(amendment.number),
        "date": _date(amendment.created_at),
        "rationale": amendment.rationale,
        "description": "Changed: " + ", ".join(amendment.changed_fields) + ".",
    }


def _parties(tender: Tender, winner: Bid | None) -> list[dict[str, Any]]:
    parties = [_party(tender.buyer, ["buyer", "procuringEntity"])]
    for partner in tender.participating_boroughs.all():
        if partner.pk != tender.buyer_id:
            parties.append(_party(partner, ["buyer"]))
    if winner is not None:
        parties.append(_party(winner.supplier, ["supplier"]))
    return parties


def release_record(
    *,
    tender: Tender,
    tag: str,
    date: datetime,
    award_status: str | None = None,
    ending: str | None = None,
) -> OcdsRelease:
    """Write the next release of the tender's contracting process, as it stands now.
    `ending` describes a withdrawal, cancellation or no award; OCDS 1.1 has no field
    for its reason, so it is published as an amendment's rationale."""
    number = (tender.ocds_releases.aggregate(n=Max("number"))["n"] or 0) + 1
    winner = tender.winning_bid if award_status else None
    data: dict[str, Any] = {
        "id": f"{number:03d}-{tag}",
        "date": _date(date),
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(tender, winner),
        "buyer": {"id": tender.buyer.slug, "name": tender.buyer.name},
        "tender": _tender_block(tender),
    }
    if ending:
        data["tender"].setdefault("amendments", []).append(
            {
                "id": f"{number:03d}-{tag}",
                "date": _date(date),
                "description": ending,
                "rationale": tender.end_reason,
            }
        )
    if winner is not None and winner.latest_submission is not None:
        data["awards"] = [
            {
                "id": f"{tender.pk}-award",
                "title": f"Award of {tender.title}",
                "status": award_status,
                "date": _date(tender.award_decided_at),
                "value": _value(Decimal(winner.latest_submission.content["price"])),
                "suppliers": [{"id": winner.supplier.slug, "name": winner.supplier.name}],
            }
        ]
    return OcdsRelease.objects.create(tender=tender, number=number, tag=tag, date=date, data=data)


def release_package(
    *,
    releases: list[OcdsRelease],
    published: datetime,
    planning: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The tenders' releases, then `planning`: the contracts register's planned
    re-procurements, already whole releases (procurement.contracts_ocds)."""
    return {
        "uri": f"{settings.SITE_URL}/api/open-data/ocds/",
        "version": "1.1",
        "publishedDate": published.isoformat(),
        "publisher": {"name": PUBLISHER},
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publicationPolicy": f"{settings.SITE_URL}/open-data/",
        "releases": [
            *({"ocid": ocid(release.tender_id), **release.data} for release in releases),
            *planning,
        ],
    }
