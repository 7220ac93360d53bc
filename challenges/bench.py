"""A load scenario for judging, built in memory: assignment, then the ranking with
normalisation and the agreement statistic.

    from challenges.bench import judging_scenario
    judging_scenario(entries=2000, judges=60, criteria=8, k=3)

Entries and judges are ids, about 1% of pairs are conflicts, every assigned judge
scores every criterion on a 0-5 scale with a per-judge leniency, and the timings of
each stage are returned.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from loti.scoring.agreement import krippendorff_alpha_interval
from loti.scoring.assignment import assign
from loti.scoring.criteria import Criterion, criteria_check
from loti.scoring.ranking import judge_total, rank_entries, zscores


@dataclass(frozen=True)
class ScenarioResult:
    entries: int
    judges: int
    criteria: int
    k: int
    assignments: int
    max_load: int
    min_load: int
    short_entries: int
    alpha: float | None
    assign_seconds: float
    ranking_seconds: float


def _criteria(count: int) -> list[Criterion]:
    # Weights in hundredths that total exactly 100.
    base, extra = divmod(10000, count)
    return [
        Criterion(key=f"c{n}", name=f"Criterion {n}", weight=Decimal(base + (n < extra)) / 100)
        for n in range(count)
    ]


def judging_scenario(
    *, entries: int = 2000, judges: int = 60, criteria: int = 8, k: int = 3, seed: int = 7
) -> ScenarioResult:
    rng = random.Random(seed)  # noqa: S311 (made-up scores, not secrets)  # nosec B311
    entry_ids = list(range(1, entries + 1))
    judge_ids = list(range(10_001, 10_001 + judges))
    rubric = _criteria(criteria)
    criteria_check(rubric)
    blocked = {(e, j) for e in entry_ids for j in judge_ids if rng.random() < 0.01}

    started = time.perf_counter()
    plan = assign(entries=entry_ids, judges=judge_ids, k=k, blocked=blocked)
    assigned = time.perf_counter()

    leniency = {j: rng.uniform(-1, 1) for j in judge_ids}
    quality = {e: rng.uniform(0, 5) for e in entry_ids}
    scored = time.perf_counter()
    totals = {}
    for entry, judge in plan.pairs:
        scores = {
            c.key: max(0, min(5, round(quality[entry] + leniency[judge] + rng.gauss(0, 0.7))))
            for c in rubric
        }
        totals[(entry, judge)] = judge_total(scores=scores, criteria=rubric, low=0, high=5)
    scored_at = time.perf_counter()
    normalised = zscores(totals)
    raw_values: dict[int, list] = {e: [] for e in entry_ids}
    z_values: dict[int, list] = {e: [] for e in entry_ids}
    for (entry, judge), value in totals.items():
        raw_values[entry].append(value)
        z_values[entry].append(normalised[(entry, judge)])
    start = datetime(2030, 1, 1, tzinfo=UTC)
    submitted = {e: start + timedelta(seconds=e) for e in entry_ids}
    expected = dict.fromkeys(entry_ids, k)
    rank_entries(values=raw_values, expected_judges=expected, submitted_at=submitted, seed="bench")
    rank_entries(values=z_values, expected_judges=expected, submitted_at=submitted, seed="bench")
    alpha = krippendorff_alpha_interval(raw_values.values())
    ranked = time.perf_counter()
    return ScenarioResult(
        entries=entries,
        judges=judges,
        criteria=criteria,
        k=k,
        assignments=len(plan.pairs),
        max_load=max(plan.loads.values()),
        min_load=min(plan.loads.values()),
        short_entries=len(plan.short),
        alpha=alpha,
        assign_seconds=assigned - started,
        # Building the random scores is the scenario's data, not the work measured.
        ranking_seconds=(ranked - scored_at) + (scored_at - scored),
    )
