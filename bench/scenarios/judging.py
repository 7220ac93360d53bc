"""Judging assignment and ranking, through challenges.bench.judging_scenario (an
in-memory scenario the challenges app provides). Reported as not run when it is not
there."""

from __future__ import annotations

import importlib
import statistics
from typing import Any

from bench.rows import Row

SCENARIO = "judging"


def judging(*, entries: int, judges: int, criteria: int, k: int, repeats: int = 3) -> list[Row]:
    label = f"{entries:,} entries × {judges} judges × {criteria} criteria, k = {k}"
    try:
        module = importlib.import_module("challenges.bench")
        scenario = module.judging_scenario
    except (ImportError, AttributeError) as error:
        return [Row(SCENARIO, "not run", label, "", "—", "", None, f"challenges.bench: {error}")]
    results: list[Any] = [
        scenario(entries=entries, judges=judges, criteria=criteria, k=k) for _ in range(repeats)
    ]
    assign = [float(r.assign_seconds) for r in results]
    ranking = [float(r.ranking_seconds) for r in results]
    last = results[-1]
    detail = (
        f"{last.assignments:,} assignments, judge load {last.min_load}–{last.max_load}, "
        f"{last.short_entries} entries short of k, alpha {last.alpha}"
    )
    return [
        Row(
            SCENARIO,
            "assignment",
            label,
            f"seconds, median of {repeats} [min–max]",
            f"{statistics.median(assign):.2f} s [{min(assign):.2f}–{max(assign):.2f}]",
            "≤ 5 s",
            statistics.median(assign) <= 5,
            detail,
            {"seconds": assign},
        ),
        Row(
            SCENARIO,
            "ranking, normalisation and agreement",
            label,
            f"seconds, median of {repeats} [min–max]",
            f"{statistics.median(ranking):.2f} s [{min(ranking):.2f}–{max(ranking):.2f}]",
            "≤ 1 s",
            statistics.median(ranking) <= 1,
            "as challenges.bench times it",
            {"seconds": ranking},
        ),
    ]
