"""Agreement between judges: Krippendorff's alpha with the interval metric.

It copes with incomplete designs (each judge scores only some entries, entries have
different numbers of judges), which is how challenge panels work. Only units (entries)
with two or more values are pairable; the others say nothing about agreement.

    alpha = 1 - D_o / D_e

    D_o = 1/n  · Σ_u  1/(m_u - 1) · Σ_{i≠j in u} (v_i - v_j)²   observed disagreement
    D_e = 1/(n(n-1)) · Σ_{i≠j over all pairable values} (v_i - v_j)²   expected

where m_u is the number of values in unit u and n the number of pairable values. Each
double sum over ordered pairs is 2·m·Σv² - 2·(Σv)², so the whole is O(n).
(Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction


def _pair_sum(values: Sequence[float]) -> float:
    """Σ over ordered pairs i≠j of (v_i - v_j)²."""
    count = len(values)
    total = sum(values)
    squares = sum(value * value for value in values)
    return 2 * count * squares - 2 * total * total


def krippendorff_alpha_interval(units: Iterable[Sequence[float | Fraction]]) -> float | None:
    """Alpha over units, each the values the judges gave it (missing ones left out).
    None when it is undefined: fewer than two pairable values, or no variation at all."""
    pairable = [[float(value) for value in unit] for unit in units if len(unit) >= 2]
    n = sum(len(unit) for unit in pairable)
    if n < 2:
        return None
    observed = sum(_pair_sum(unit) / (len(unit) - 1) for unit in pairable) / n
    everything = [value for unit in pairable for value in unit]
    expected = _pair_sum(everything) / (n * (n - 1))
    if expected <= 0:
        return None
    return 1 - observed / expected
