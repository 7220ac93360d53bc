"""Ranking a panel's scores: each judge's weighted total on 0-100, each entry's mean
over its judges, per-judge z-score normalisation, spread, and deterministic ties.

Raw totals are exact fractions, so equal scores compare equal whatever the order they
were added in; z-scores are floats, compared to 9 decimal places.

Ties break by the higher median, then the earlier submission; entries still level are
put in the order of a seeded draw: ascending SHA-256 of "<seed>:<entry id>". The seed
is recorded, so anyone can re-run the draw with `draw_order`.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from loti.scoring.criteria import Criterion

Number = Fraction | float
Pair = tuple[int, int]  # (entry, judge)


def judge_total(
    *, scores: Mapping[str, int | Decimal], criteria: Sequence[Criterion], low: int, high: int
) -> Fraction:
    """One judge's weighted total for one entry, 0 to 100: each criterion's score moved
    onto 0..1 over the scale low..high, times its weight (weights total 100). Exact:
    integer arithmetic in hundredths of a weight, one fraction at the end."""
    numerator: int | Fraction = 0
    for c in criteria:
        if c.priced:
            continue
        value = scores[c.key]
        step = value - low if isinstance(value, int) else Fraction(str(value)) - low
        numerator += _hundredths(c.weight) * step
    return Fraction(numerator) / (100 * (high - low))


def _hundredths(weight: Decimal) -> int:
    value = weight * 100
    if value != value.to_integral_value():
        raise ValueError(f"Weights have at most two decimal places: {weight}.")
    return int(value)


def zscores(totals: Mapping[Pair, Number]) -> dict[Pair, float]:
    """Each judge's totals standardised over the entries that judge scored: (total -
    the judge's mean) / the judge's population standard deviation. A judge who gave
    one score, or the same score to everything, says nothing about rank: 0."""
    by_judge: dict[int, list[float]] = {}
    for (_, judge), value in totals.items():
        by_judge.setdefault(judge, []).append(float(value))
    moments = {}
    for judge, values in by_judge.items():
        mean = math.fsum(values) / len(values)
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
        moments[judge] = (mean, sd)
    result = {}
    for (entry, judge), value in totals.items():
        mean, sd = moments[judge]
        result[(entry, judge)] = 0.0 if sd < 1e-12 else (float(value) - mean) / sd
    return result


def draw_order(*, seed: str, entries: Sequence[int]) -> list[int]:
    """The seeded draw: entries in ascending SHA-256 of "<seed>:<entry id>"."""
    return sorted(entries, key=lambda e: hashlib.sha256(f"{seed}:{e}".encode()).hexdigest())


@dataclass
class RankedEntry:
    entry: int
    score: Number | None
    median: Number | None
    judges: int
    expected_judges: int
    spread_sd: float | None
    spread_range: Number | None
    rank: int = 0
    decided_by: str = "score"
    values: list[Number] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        return self.judges < self.expected_judges


@dataclass
class Ranking:
    rows: list[RankedEntry]
    draws: list[dict[str, Any]]


def _key(value: Number | None) -> Any:
    if value is None:
        return None
    return value if isinstance(value, Fraction) else round(value, 9)


def spread(values: Sequence[Number]) -> tuple[float | None, Number | None]:
    """(sample standard deviation, max - min) of one entry's judges' values."""
    if len(values) < 2:
        return None, None
    floats = [float(v) for v in values]
    mean = math.fsum(floats) / len(floats)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in floats) / (len(floats) - 1))
    return sd, max(values) - min(values)


def rank_entries(
    *,
    values: Mapping[int, Sequence[Number]],
    expected_judges: Mapping[int, int],
    submitted_at: Mapping[int, datetime],
    seed: str,
) -> Ranking:
    """Rank entries by the mean of their judges' values (raw totals or z-scores).
    Entries with no values come last, unranked by score. Every rank is distinct."""
    rows = []
    for entry, given in values.items():
        given = list(given)
        mean = _mean(given)
        sd, width = spread(given)
        rows.append(
            RankedEntry(
                entry=entry,
                score=mean,
                median=statistics.median(given) if given else None,  # type: ignore[type-var]
                judges=len(given),
                expected_judges=expected_judges.get(entry, len(given)),
                spread_sd=sd,
                spread_range=width,
                values=given,
            )
        )

    def key(row: RankedEntry) -> tuple[Any, ...]:
        scored = row.score is not None
        return (
            not scored,
            -_key(row.score) if scored else 0,
            -_key(row.median) if scored else 0,
            submitted_at[row.entry],
        )

    rows.sort(key=key)
    draws: list[dict[str, Any]] = []
    ordered: list[RankedEntry] = []
    index = 0
    while index < len(rows):
        group = [rows[index]]
        while index + len(group) < len(rows) and key(rows[index + len(group)]) == key(group[0]):
            group.append(rows[index + len(group)])
        if len(group) > 1:
            ids = sorted(row.entry for row in group)
            order = draw_order(seed=seed, entries=ids)
            draws.append({"entries": ids, "order": order, "seed": seed})
            by_id = {row.entry: row for row in group}
            group = [by_id[e] for e in order]
            for row in group:
                row.decided_by = "draw"
        ordered.extend(group)
        index += len(group)
    for position, row in enumerate(ordered, 1):
        row.rank = position
    _label_tie_breaks(ordered, key)
    return Ranking(rows=ordered, draws=draws)


def _mean(values: Sequence[Number]) -> Number | None:
    if not values:
        return None
    if all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0)) / len(values)
    return math.fsum(float(v) for v in values) / len(values)


def _label_tie_breaks(rows: list[RankedEntry], key: Any) -> None:
    """Say what set each entry apart from the one ranked just above it (the top entry:
    from the one just below), when their scores are equal."""
    for position, row in enumerate(rows):
        if row.decided_by == "draw" or row.score is None or len(rows) < 2:
            continue
        other = rows[position - 1] if position else rows[1]
        if other.score is None or _key(other.score) != _key(row.score):
            continue
        row.decided_by = "median" if _key(other.median) != _key(row.median) else "submission"
