"""What a scenario reports: rows for the table, with the numbers behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.measure import Comparison, Stat


@dataclass
class Row:
    scenario: str
    case: str
    size: str
    measure: str
    value: str
    target: str = ""
    met: bool | None = None  # None: informational, no target
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def ratio_row(
    scenario: str,
    case: str,
    size: str,
    measure: str,
    comparison: Comparison,
    *,
    limit: float | None = None,
    at_least: float | None = None,
    invert: bool = False,
    queries: int | None = None,
) -> Row:
    """A ratio with its absolute medians. `limit`: the ratio must be at most this.
    `at_least` with `invert`: the peer must be at least this many times slower."""
    ratio = comparison.ratio
    if invert:
        ratio = Stat(
            1 / comparison.ratio.median,
            1 / comparison.ratio.p75,
            1 / comparison.ratio.p25,
            comparison.ratio.n,
        )
    target, met = "", None
    if limit is not None:
        target, met = f"≤ {limit:g}×", ratio.median <= limit
    if at_least is not None:
        target, met = f"≥ {at_least:g}×", ratio.median >= at_least
    detail = f"{comparison.subject.text()} vs {comparison.against.text()}"
    if queries is not None:
        detail += f"; {queries} queries"
    return Row(
        scenario,
        case,
        size,
        measure,
        ratio.text("×"),
        target,
        met,
        detail,
        {"ratio": ratio.__dict__, **comparison.as_dict(), "queries": queries},
    )
