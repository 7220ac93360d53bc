"""Reads for the tender board, each scoped to the person asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Now
from rest_framework import status

from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.permissions import active_organisation_ids
from loti.scoring.criteria import Criterion
from loti.scoring.engine import ranked, total, weighted_breakdown
from procurement.access import (
    bid_is_sealed,
    bids_readable_by,
    evaluator_grants,
    is_buyer,
    is_evaluator,
)
from procurement.dates import london_time
from procurement.models import (
    LIVE_BID_STATUSES,
    Bid,
    BidConflict,
    BidStatus,
    CpvCode,
    CriterionKind,
    EvaluatorDeclaration,
    EvaluatorScore,
    OcdsRelease,
    SavedSearch,
    Tender,
    TenderAmendment,
    TenderCriterion,
    TenderQuestion,
    TenderStatus,
    TenderUserObjectPermission,
)


@dataclass(frozen=True)
class ValueBand:
    key: str
    label: str
    low: Decimal | None
    high: Decimal | None

    def q(self) -> Q:
        """Tenders whose highest value falls in this band."""
        condition = Q()
        if self.low is not None:
            condition &= Q(value_max__gte=self.low)
        if self.high is not None:
            condition &= Q(value_max__lt=self.high)
        return condition


VALUE_BANDS = [
    ValueBand("under-25k", "Under £25,000", None, Decimal(25_000)),
    ValueBand("25k-100k", "£25,000 to £100,000", Decimal(25_000), Decimal(100_000)),
    ValueBand("100k-500k", "£100,000 to £500,000", Decimal(100_000), Decimal(500_000)),
    ValueBand("500k-plus", "£500,000 or more", Decimal(500_000), None),
]
VALUE_BAND_KEYS = [band.key for band in VALUE_BANDS]
SORTS = {"closing": ("closes_at", "id"), "newest": ("-listed_at", "-id")}
CLOSING_WITHIN_DAYS = [7, 14, 30]


@dataclass(frozen=True)
class TenderFilters:
    search: str = ""
    status: str = ""  # "open" or "closed" by the database clock, or a stored status
    division: str = ""
    value_band: str = ""
    buyer: str = ""
    sme_suitable: bool | None = None
    vcse_suitable: bool | None = None
    closing_within_days: int | None = None


def _open_q() -> Q:
    return Q(status=TenderStatus.PUBLISHED, closes_at__gt=Now())


def _closed_q() -> Q:
    return Q(status=TenderStatus.PUBLISHED, closes_at__lte=Now())


def tenders_visible_to(
    *, user: User | Any, filters: TenderFilters, sort: str = "newest"
) -> QuerySet[Tender]:
    """Tenders the user may see, filtered. Anonymous visitors see published tenders;
    officers also see their own organisations' drafts. With words to search, best
    match first; otherwise in the `sort` order."""
    tenders: QuerySet[Tender] = (
        Tender.objects.with_clock()
        .visible_to(user)
        .select_related("buyer")
        .prefetch_related(
            Prefetch("cpv_codes", queryset=CpvCode.objects.order_by("code")),
            "participating_boroughs",
        )
    )
    tenders = _filtered(tenders, filters)
    if filters.search.strip():
        query = SearchQuery(filters.search, search_type="websearch", config="english")
        return (
            tenders.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "closes_at", "id")
        )
    return tenders.order_by(*SORTS.get(sort, SORTS["newest"]))


def _filtered(tenders: QuerySet[Tender], filters: TenderFilters) -> QuerySet[Tender]:
    if filters.status == "open":
        tenders = tenders.filter(_open_q())
    elif filters.status == "closed":
        tenders = tenders.filter(_closed_q())
    elif filters.status:
        tenders = tenders.filter(status=filters.status)
    if filters.division:
        tenders = tenders.filter(
            Exists(
                Tender.cpv_codes.through.objects.filter(
                    tender_id=OuterRef("pk"), cpvcode__division=filters.division
                )
            )
        )
    if filters.value_band:
        band = next(band for band in VALUE_BANDS if band.key == filters.value_band)
        tenders = tenders.filter(band.q())
    if filters.buyer:
        tenders = tenders.filter(buyer__slug=filters.buyer)
    if filters.sme_suitable is not None:
        tenders = tenders.filter(sme_suitable=filters.sme_suitable)
    if filters.vcse_suitable is not None:
        tenders = tenders.filter(vcse_suitable=filters.vcse_suitable)
    if filters.closing_within_days is not None:
        tenders = tenders.filter(
            _open_q(), closes_at__lte=Now() + timedelta(days=filters.closing_within_days)
        )
    if filters.search.strip():
        query = SearchQuery(filters.search, search_type="websearch", config="english")
        tenders = tenders.filter(search_vector=query)
    return tenders


def tender_facets(*, user: User | Any, filters: TenderFilters) -> dict[str, Any]:
    """Counts within the current results, in four queries whatever the data: one
    conditional aggregation (status, value bands, suitability, closing soon), one
    GROUP BY CPV division, the divisions' names, and one GROUP BY buyer."""
    matching = _filtered(Tender.objects.visible_to(user), filters)
    aggregates: dict[str, Any] = {
        "open": Count("pk", filter=_open_q()),
        "closed": Count("pk", filter=_closed_q()),
        "sme_suitable": Count("pk", filter=Q(sme_suitable=True)),
        "vcse_suitable": Count("pk", filter=Q(vcse_suitable=True)),
    }
    for band in VALUE_BANDS:
        aggregates[f"band_{band.key}"] = Count("pk", filter=band.q())
    for days in CLOSING_WITHIN_DAYS:
        aggregates[f"within_{days}"] = Count(
            "pk", filter=_open_q() & Q(closes_at__lte=Now() + timedelta(days=days))
        )
    counts = matching.aggregate(**aggregates)
    ids = matching.values("pk")
    divisions = (
        CpvCode.objects.filter(tenders__in=ids)
        .values("division")
        .annotate(count=Count("tenders", distinct=True))
        .order_by("division")
    )
    division_names = dict(
        CpvCode.objects.filter(code__endswith="000000").values_list("division", "description")
    )
    buyers = (
        Tender.objects.filter(pk__in=ids)
        .values("buyer__slug", "buyer__name")
        .annotate(count=Count("pk"))
        .order_by("buyer__name")
    )
    return {
        "status": [
            {"value": "open", "label": "Open", "count": counts["open"]},
            {"value": "closed", "label": "Closed", "count": counts["closed"]},
        ],
        "division": [
            {
                "value": row["division"],
                "label": division_names.get(row["division"], row["division"]),
                "count": row["count"],
            }
            for row in divisions
        ],
        "value_band": [
            {"value": band.key, "label": band.label, "count": counts[f"band_{band.key}"]}
            for band in VALUE_BANDS
        ],
        "buyer": [
            {"value": row["buyer__slug"], "label": row["buyer__name"], "count": row["count"]}
            for row in buyers
        ],
        "sme_suitable": [
            {"value": "true", "label": "Suitable for SMEs", "count": counts["sme_suitable"]}
        ],
        "vcse_suitable": [
            {"value": "true", "label": "Suitable for VCSEs", "count": counts["vcse_suitable"]}
        ],
        "closing_within_days": [
            {
                "value": str(days),
                "label": f"Closing within {days} days",
                "count": counts[f"within_{days}"],
            }
            for days in CLOSING_WITHIN_DAYS
        ],
    }


def bids_visible_to(*, user: User | Any, tender: Tender) -> QuerySet[Bid]:
    """The bids on this tender the user may read. Suppliers see their own. The buyer
    and evaluators get a 403 while the bids are sealed (before closes_at by the
    database clock) rather than an empty list, so nobody mistakes "sealed" for "no
    bids"; the query also filters on the clock, so a sealed bid is never returned."""
    buyer = is_buyer(user, tender)
    evaluator = not buyer and is_evaluator(user, tender)
    if (buyer or evaluator) and bid_is_sealed(tender):
        if tender.status == TenderStatus.WITHDRAWN:
            raise ApplicationError(
                "This tender was withdrawn: its bids are never opened.",
                status_code=status.HTTP_403_FORBIDDEN,
            )
        raise ApplicationError(
            f"Bids are sealed until the tender closes at {london_time(tender.closes_at)}.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if (
        evaluator
        and not EvaluatorDeclaration.objects.filter(tender=tender, evaluator=user).exists()
    ):
        raise ApplicationError(
            "Declare your conflicts of interest before you see the bids.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return (
        bids_readable_by(user)
        .filter(tender=tender)
        .select_related("supplier", "latest_submission")
        .order_by("created_at", "id")
    )


def questions_visible_to(*, user: User | Any, tender: Tender) -> QuerySet[TenderQuestion]:
    """Published Q&As for everyone who can see the tender; the asker's organisation
    also sees its unanswered questions; the buyer sees all."""
    questions = TenderQuestion.objects.filter(tender=tender).select_related("supplier")
    if is_buyer(user, tender):
        return questions
    condition = Q(published_at__isnull=False)
    if getattr(user, "is_authenticated", False):
        condition |= Q(supplier_id__in=active_organisation_ids(user))
    return questions.filter(condition)


def amendments_of(*, tender: Tender) -> QuerySet[TenderAmendment]:
    return TenderAmendment.objects.filter(tender=tender).order_by("number")


def evaluators_of(*, tender: Tender) -> QuerySet[TenderUserObjectPermission]:
    """The evaluators named on the tender, with whether each has declared."""
    return (
        evaluator_grants(tender)
        .select_related("user")
        .annotate(
            declared=Exists(
                EvaluatorDeclaration.objects.filter(tender=tender, evaluator_id=OuterRef("user_id"))
            )
        )
        .order_by("user__full_name", "id")
    )


def conflicts_of(*, user: User, tender: Tender) -> QuerySet[BidConflict]:
    return BidConflict.objects.filter(bid__tender=tender, evaluator=user).order_by("bid_id", "id")


def bidders_for_declaration(*, tender: Tender) -> QuerySet[Bid]:
    """Who bid (names only, never content): what an evaluator declares conflicts against."""
    return (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("supplier__name", "id")
    )


def ocds_releases() -> QuerySet[OcdsRelease]:
    """Every release of every tender ever published, in order."""
    return OcdsRelease.objects.filter(tender__published_at__isnull=False).order_by(
        "tender_id", "number"
    )


# Evaluation ------------------------------------------------------------------------------


def _criteria(tender: Tender) -> tuple[list[TenderCriterion], list[Criterion]]:
    rows = list(TenderCriterion.objects.filter(tender=tender).order_by("position", "id"))
    return rows, [
        Criterion(key=c.key, name=c.name, weight=c.weight, priced=c.kind == CriterionKind.PRICE)
        for c in rows
    ]


def evaluation_summary(*, tender: Tender) -> list[dict[str, Any]]:
    """Each submitted bid's agreed (moderated) weighted scores, total and rank. Three
    queries: criteria, bids with their submissions, moderated scores."""
    rows, criteria = _criteria(tender)
    bids = list(
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier", "latest_submission")
        .prefetch_related("moderated_scores__criterion")
        .order_by("id")
    )
    prices = {
        bid.pk: Decimal(bid.latest_submission.content["price"])
        for bid in bids
        if bid.latest_submission is not None
    }
    lowest = min(prices.values()) if prices else None
    breakdowns = {}
    for bid in bids:
        agreed = {score.criterion.key: score.score for score in bid.moderated_scores.all()}
        breakdowns[bid.pk] = weighted_breakdown(
            criteria=criteria, scores=agreed, price=prices.get(bid.pk), lowest_price=lowest
        )
    ranks = {entry: rank for entry, _, rank in ranked({k: total(v) for k, v in breakdowns.items()})}
    moderated = {
        bid.pk: len(bid.moderated_scores.all()) >= sum(1 for c in criteria if not c.priced)
        for bid in bids
    }
    return [
        {
            "bid": bid.pk,
            "supplier": bid.supplier,
            "price": prices.get(bid.pk),
            "moderated": moderated[bid.pk],
            "scores": [
                {
                    "criterion": c.key,
                    "name": c.name,
                    "weight": c.weight,
                    "score": breakdowns[bid.pk][c.key],
                }
                for c in rows
            ],
            "total": total(breakdowns[bid.pk]),
            "rank": ranks[bid.pk],
        }
        for bid in sorted(bids, key=lambda b: (ranks[b.pk], b.pk))
    ]


def bid_assessment(*, bid: Bid) -> dict[str, Any]:
    """What an unsuccessful (or successful) bidder is told: their weighted score and
    the winner's, per criterion. Only once the award is decided."""
    tender = bid.tender
    if tender.winning_bid_id is None or not bid.outcome:
        raise ApplicationError(
            "The assessment is available once the award is decided.",
            status_code=status.HTTP_409_CONFLICT,
        )
    summary = {row["bid"]: row for row in evaluation_summary(tender=tender)}
    mine, winner = summary[bid.pk], summary[tender.winning_bid_id]
    winner_scores = {row["criterion"]: row["score"] for row in winner["scores"]}
    return {
        "tender": tender.pk,
        "outcome": bid.outcome,
        "winner": winner["supplier"].name,
        "criteria": [
            {
                "criterion": row["criterion"],
                "name": row["name"],
                "weight": row["weight"],
                "your_score": row["score"],
                "winning_score": winner_scores[row["criterion"]],
            }
            for row in mine["scores"]
        ],
        "your_total": mine["total"],
        "winning_total": winner["total"],
        "standstill_ends_on": tender.standstill_ends_on,
    }


def my_scores(*, user: User, bid: Bid) -> QuerySet[EvaluatorScore]:
    """An evaluator's own scores: never the other evaluators'."""
    return EvaluatorScore.objects.filter(bid=bid, evaluator=user).select_related("criterion")


# Saved searches and followers --------------------------------------------------------------


def saved_searches_of(*, user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).select_related("buyer")


def saved_searches_matching(*, tender: Tender) -> QuerySet[SavedSearch]:
    """Every saved search the tender matches, in one query: the filters compare with
    the tender's facts, the words run against its search vector."""
    divisions = Tender.cpv_codes.through.objects.filter(tender_id=tender.pk).values(
        "cpvcode__division"
    )
    bands = [band.key for band in VALUE_BANDS if _in_band(band, tender.value_max)]
    # OuterRef, not F: "search" is the saved search's column, read inside the subquery.
    words = Exists(
        Tender.objects.filter(
            pk=tender.pk,
            search_vector=SearchQuery(
                OuterRef("search"), search_type="websearch", config="english"
            ),
        )
    )
    return SavedSearch.objects.filter(
        Q(division="") | Q(division__in=divisions),
        Q(value_band="") | Q(value_band__in=bands),
        Q(buyer__isnull=True) | Q(buyer_id=tender.buyer_id),
        Q(sme_suitable__isnull=True) | Q(sme_suitable=tender.sme_suitable),
        Q(vcse_suitable__isnull=True) | Q(vcse_suitable=tender.vcse_suitable),
        Q(search="") | Q(words),
        user__is_active=True,
    )


def _in_band(band: ValueBand, value: Decimal) -> bool:
    return (band.low is None or value >= band.low) and (band.high is None or value < band.high)


def tender_followers(*, tender: Tender) -> QuerySet[User]:
    """People following the tender, and members of suppliers with a live bid on it."""
    bidders = Bid.objects.filter(tender=tender, status__in=LIVE_BID_STATUSES).values("supplier_id")
    return User.objects.filter(
        Q(tender_interests__tender=tender)
        | Q(memberships__organisation_id__in=bidders, memberships__ended_at__isnull=True),
        is_active=True,
    ).distinct()
