"""Timing on a shared, noisy machine: repeat, interleave, report medians and spreads.

The thing measured and its floor are timed alternately (A B A B ...), so a burst of
load from a neighbour slows both rather than one; the ratio is the median of the
paired ratios, with its interquartile range as the spread.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Stat:
    """A sample's median and interquartile range (p25, p75), in the sample's unit."""

    median: float
    p25: float
    p75: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stat:
        return cls(
            median=statistics.median(values),
            p25=quantile(values, 0.25),
            p75=quantile(values, 0.75),
            n=len(values),
        )

    def scaled(self, factor: float) -> Stat:
        return Stat(self.median * factor, self.p25 * factor, self.p75 * factor, self.n)

    def text(self, unit: str = "ms", digits: int = 2) -> str:
        return f"{self.median:.{digits}f} {unit} [{self.p25:.{digits}f}–{self.p75:.{digits}f}]"


@dataclass
class Comparison:
    """`subject` timed against `against` (a floor or a peer), alternately."""

    subject: Stat  # milliseconds
    against: Stat  # milliseconds
    ratio: Stat  # subject / against, per pair

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def time_once(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def compare(
    subject: Callable[[], object],
    against: Callable[[], object],
    *,
    rounds: int = 25,
    warmup: int = 3,
    budget_seconds: float = 20.0,
) -> Comparison:
    """Time both `rounds` times, alternating (who goes first alternates too), within
    roughly `budget_seconds`; at least five rounds whatever the budget."""
    for _ in range(warmup):
        subject()
        against()
    a: list[float] = []
    b: list[float] = []
    started = time.perf_counter()
    for n in range(rounds):
        if n % 2:
            b.append(time_once(against))
            a.append(time_once(subject))
        else:
            a.append(time_once(subject))
            b.append(time_once(against))
        if n >= 4 and time.perf_counter() - started > budget_seconds:
            break
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return Comparison(Stat.of(a), Stat.of(b), Stat.of(ratios))


def sample(action: Callable[[], object], *, rounds: int = 15, warmup: int = 2) -> Stat:
    for _ in range(warmup):
        action()
    return Stat.of([time_once(action) for _ in range(rounds)])


@dataclass
class QueryCount:
    count: int
    statements: list[str] = field(default_factory=list)


def count_queries(action: Callable[[], object]) -> QueryCount:
    """The SQL statements `action` sends on Django's default connection."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return QueryCount(len(captured.captured_queries), [q["sql"] for q in captured])
