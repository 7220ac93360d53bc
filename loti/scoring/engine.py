"""Score arithmetic. Scored criteria are marked 0 to SCORE_MAX by each evaluator; a
criterion's weighted score is score / SCORE_MAX x weight; the price criterion gives the
lowest price full marks: lowest ÷ this price x weight."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from loti.scoring.criteria import Criterion

SCORE_MAX = Decimal(5)
PLACES = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def score_is_valid(score: Decimal) -> bool:
    return Decimal(0) <= score <= SCORE_MAX


def weighted_score(*, score: Decimal, weight: Decimal) -> Decimal:
    return _round(score / SCORE_MAX * weight)


def price_score(*, lowest: Decimal, price: Decimal, weight: Decimal) -> Decimal:
    """Lowest price ÷ this price x weight. A price of 0 is the lowest possible."""
    if price <= 0:
        return _round(weight)
    return _round(lowest / price * weight)


def mean_scores(scores: Iterable[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """Each criterion's mean of the evaluators' scores: a starting point for moderation."""
    totals: dict[str, list[Decimal]] = {}
    for by_criterion in scores:
        for key, value in by_criterion.items():
            totals.setdefault(key, []).append(value)
    return {key: _round(sum(values, Decimal(0)) / len(values)) for key, values in totals.items()}


def weighted_breakdown(
    *,
    criteria: Sequence[Criterion],
    scores: Mapping[str, Decimal],
    price: Decimal | None,
    lowest_price: Decimal | None,
) -> dict[str, Decimal]:
    """Each criterion's weighted score for one entry: agreed scores for scored criteria
    (missing ones count 0), the price formula for the priced one."""
    breakdown: dict[str, Decimal] = {}
    for criterion in criteria:
        if criterion.priced:
            if price is None or lowest_price is None:
                breakdown[criterion.key] = Decimal("0.00")
            else:
                breakdown[criterion.key] = price_score(
                    lowest=lowest_price, price=price, weight=criterion.weight
                )
        else:
            score = scores.get(criterion.key, Decimal(0))
            breakdown[criterion.key] = weighted_score(score=score, weight=criterion.weight)
    return breakdown


def total(breakdown: Mapping[str, Decimal]) -> Decimal:
    return _round(sum(breakdown.values(), Decimal(0)))


def ranked(totals: Mapping[int, Decimal]) -> list[tuple[int, Decimal, int]]:
    """(entry id, total, rank) best first; equal totals share a rank."""
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    result: list[tuple[int, Decimal, int]] = []
    for position, (entry, value) in enumerate(ordered, 1):
        rank = result[-1][2] if result and result[-1][1] == value else position
        result.append((entry, value, rank))
    return result
