"""Demo tenders for `manage.py seed_demo`: Camden's and Hackney's open on the board,
suitable for SMEs and closing a few weeks from the day the demo is loaded; a
clarification question from Acme with Camden's published answer; Acme's draft bid, not
submitted; and Lambeth's tender still in draft. Written through the services, so the
audit log, the OCDS releases and the search index are as real as a buyer's.

Only what is missing is added. A published demo tender counts as present while it is
open: once its deadline has passed, loading the demo again publishes a fresh one, so
the board of a long-lived demo database is never empty of open tenders."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from loti.accounts.models import Organisation, User
from procurement.dates import db_now
from procurement.models import CriterionKind, Tender, TenderStatus
from procurement.services import (
    bid_create,
    question_answer,
    question_ask,
    tender_create,
    tender_publish,
)

ACME = ("acme-civic-tech", "bids@acme.example")

# Each tender: buyer and officer, whether it is published, days until it closes, its
# fields, and what Acme does on it (a question answered by the buyer, a draft bid).
DEMO_TENDERS: list[dict[str, Any]] = [
    {
        "buyer": ("camden", "officer@camden.example"),
        "publish": True,
        "closes_in_days": 28,
        "title": "Damp and mould sensors and monitoring for council homes",
        "description": (
            "Camden wants a supplier to install and maintain humidity and temperature "
            "sensors in up to 3,000 council homes, and to give the repairs team a "
            "dashboard that flags homes at risk of damp and mould. The service must work "
            "with our repairs system and let residents see their own readings."
        ),
        "cpv_codes": ["38431000", "72316000"],
        "value_min": Decimal("150000"),
        "value_max": Decimal("300000"),
        "contract_months": 36,
        "location_boroughs": ["camden"],
        "sme_suitable": True,
        "charter_technology": (
            "Sensors measure humidity and temperature only: no sound, images or presence."
        ),
        "charter_dpia_url": "https://www.camden.gov.uk/documents/damp-sensors-dpia",
        "charter_inclusivity": "Residents opt in, and can see and remove their own data.",
        "charter_open_data": True,
        "criteria": [
            {"name": "Quality of the service", "kind": CriterionKind.QUALITY, "weight": 50},
            {"name": "Resident experience", "kind": CriterionKind.QUALITY, "weight": 10},
            {"name": "Price", "kind": CriterionKind.PRICE, "weight": 30},
            {"name": "Social value", "kind": CriterionKind.SOCIAL_VALUE, "weight": 10},
        ],
        "question": (
            "Can the sensors use the estates' existing LoRaWAN gateways, or should we "
            "price for our own network?"
        ),
        "answer": (
            "Yes. Camden has LoRaWAN gateways on 14 estates and suppliers may use them. "
            "Price any extra gateways separately."
        ),
        "draft_bid": {
            "price": Decimal("245000"),
            "responses": {
                "quality-of-the-service": (
                    "We run 4,000 sensors for two housing associations and visit within "
                    "five working days of an alert."
                ),
                "social-value": "Two apprenticeships for Camden residents.",
            },
        },
    },
    {
        "buyer": ("hackney", "officer@hackney.example"),
        "publish": True,
        "closes_in_days": 35,
        "title": "Accessible redesign of adult social care information online",
        "description": (
            "Hackney is looking for a small team to rewrite and redesign the adult social "
            "care pages of hackney.gov.uk with residents and carers, meeting WCAG 2.2 AA, "
            "so that people can find out what help they can get without phoning."
        ),
        "cpv_codes": ["72413000", "79415200"],
        "value_min": Decimal("60000"),
        "value_max": Decimal("90000"),
        "contract_months": 6,
        "location_boroughs": ["hackney"],
        "location_remote": True,
        "sme_suitable": True,
        "vcse_suitable": True,
        "criteria": [
            {"name": "Approach and user research", "kind": CriterionKind.QUALITY, "weight": 60},
            {"name": "Price", "kind": CriterionKind.PRICE, "weight": 30},
            {"name": "Social value", "kind": CriterionKind.SOCIAL_VALUE, "weight": 10},
        ],
    },
    {
        "buyer": ("lambeth", "officer@lambeth.example"),
        "publish": False,
        "closes_in_days": 42,
        "title": "Data platform support and training for Lambeth analysts",
        "description": (
            "Lambeth needs support for its data platform and training for 40 analysts in "
            "data modelling and publishing open data."
        ),
        "cpv_codes": ["72322000", "80533100"],
        "value_min": Decimal("40000"),
        "value_max": Decimal("80000"),
        "contract_months": 12,
        "sme_suitable": True,
    },
]


def _present(spec: dict[str, Any], buyer: Organisation) -> bool:
    """A draft demo tender is present while it exists; a published one while it is open
    (a tender evaluated after its close is left as it is)."""
    tenders = Tender.objects.filter(buyer=buyer, title=spec["title"])
    if not spec["publish"]:
        return tenders.filter(status=TenderStatus.DRAFT).exists()
    return tenders.filter(
        Q(status=TenderStatus.PUBLISHED, closes_at__gt=db_now()) | Q(status=TenderStatus.DRAFT)
    ).exists()


def _tender_add(spec: dict[str, Any], buyer: Organisation, officer: User) -> None:
    fields = {
        key: value
        for key, value in spec.items()
        if key not in {"buyer", "publish", "closes_in_days", "question", "answer", "draft_bid"}
    }
    closes_at = db_now().replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(
        days=spec["closes_in_days"]
    )
    tender = tender_create(
        acting_user=officer,
        buyer=buyer,
        closes_at=closes_at,
        questions_close_at=closes_at - timedelta(days=7),
        expected_award_on=(closes_at + timedelta(days=30)).date(),
        **fields,
    )
    if not spec["publish"]:
        return
    tender = tender_publish(acting_user=officer, tender=tender)
    supplier = Organisation.objects.get(slug=ACME[0])
    bidder = User.objects.get(email=ACME[1])
    if "question" in spec:
        asked = question_ask(
            acting_user=bidder, tender=tender, supplier=supplier, question=spec["question"]
        )
        question_answer(acting_user=officer, question=asked, answer=spec["answer"])
    if "draft_bid" in spec:
        bid_create(acting_user=bidder, tender=tender, supplier=supplier, **spec["draft_bid"])


def demo_tenders_seed() -> int:
    """Add the demo tenders that are missing (see the module's docstring); returns how
    many were added."""
    added = 0
    for spec in DEMO_TENDERS:
        slug, email = spec["buyer"]
        buyer = Organisation.objects.get(slug=slug)
        if _present(spec, buyer):
            continue
        _tender_add(spec, buyer, User.objects.get(email=email))
        added += 1
    return added
