"""A round's results: each judge's weighted total (0-100), each entry's mean over its
judges, raw and z-score normalised rankings side by side, spread and agreement.

Scores from a judge with a conflict on the entry (declared, confirmed, or a flag not
yet dismissed) are left out, even if given before the conflict came to light.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from challenges.models import (
    BLOCKING_CONFLICT_STATUSES,
    Assignment,
    EntryConflict,
    Method,
    Round,
    RoundEntry,
    ScoreSheet,
)
from loti.accounts.models import User
from loti.scoring.agreement import krippendorff_alpha_interval
from loti.scoring.criteria import Criterion
from loti.scoring.ranking import Number, judge_total, rank_entries, zscores

PLACES = 2


def _number(value: Number | None, places: int = PLACES) -> float | None:
    return None if value is None else round(float(value), places)


def round_results(*, round_: Round) -> dict[str, Any]:
    """Six queries: rubric, entries, assignments, conflicts, score sheets, judges."""
    criteria = [
        Criterion(key=c.key, name=c.name, weight=c.weight)
        for c in round_.criteria.order_by("position", "id")
    ]
    levels = round_.scale_values
    low, high = min(levels), max(levels)
    round_entries = list(
        RoundEntry.objects.filter(round=round_)
        .select_related("entry__supplier", "entry__latest_submission")
        .order_by("entry_id")
    )
    entries = {row.entry_id: row.entry for row in round_entries}
    assigned: dict[int, int] = {}
    for entry_id in Assignment.objects.filter(round=round_).values_list("entry_id", flat=True):
        assigned[entry_id] = assigned.get(entry_id, 0) + 1
    blocked = set(
        EntryConflict.objects.filter(
            entry_id__in=list(entries), status__in=BLOCKING_CONFLICT_STATUSES
        ).values_list("entry_id", "judge_id")
    )
    totals: dict[tuple[int, int], Fraction] = {}
    for entry_id, judge_id, scores in ScoreSheet.objects.filter(round=round_).values_list(
        "entry_id", "judge_id", "scores"
    ):
        if entry_id in entries and (entry_id, judge_id) not in blocked:
            totals[(entry_id, judge_id)] = judge_total(
                scores=scores, criteria=criteria, low=low, high=high
            )
    return _assemble(round_, entries, assigned, totals)


def _assemble(
    round_: Round,
    entries: dict[int, Any],
    assigned: dict[int, int],
    totals: dict[tuple[int, int], Fraction],
) -> dict[str, Any]:
    normalised = zscores(totals)
    raw_values: dict[int, list[Number]] = {pk: [] for pk in entries}
    z_values: dict[int, list[Number]] = {pk: [] for pk in entries}
    for (entry_id, judge_id), value in sorted(totals.items()):
        raw_values[entry_id].append(value)
        z_values[entry_id].append(normalised[(entry_id, judge_id)])
    submitted = {pk: _submitted_at(entry) for pk, entry in entries.items()}
    expected = {pk: max(assigned.get(pk, 0), 1) for pk in entries}
    seed = round_.draw_seed
    raw = rank_entries(
        values=raw_values, expected_judges=expected, submitted_at=submitted, seed=seed
    )
    by_z = rank_entries(
        values=z_values, expected_judges=expected, submitted_at=submitted, seed=seed
    )
    chosen = raw if round_.method == Method.RAW else by_z
    raw_rows = {row.entry: row for row in raw.rows}
    z_rows = {row.entry: row for row in by_z.rows}
    threshold = float(round_.disagreement_threshold)
    rows = []
    for row in chosen.rows:
        r, z = raw_rows[row.entry], z_rows[row.entry]
        entry = entries[row.entry]
        rows.append(
            {
                "entry": row.entry,
                "title": entry.title,
                "supplier": entry.supplier,
                "rank": row.rank,
                "score": _number(row.score, 4 if round_.method == Method.ZSCORE else PLACES),
                "median": _number(row.median, 4 if round_.method == Method.ZSCORE else PLACES),
                "decided_by": row.decided_by,
                "raw_mean": _number(r.score),
                "raw_rank": r.rank,
                "zscore_mean": _number(z.score, 4),
                "zscore_rank": z.rank,
                "judges": row.judges,
                "expected_judges": row.expected_judges,
                "incomplete": row.incomplete,
                "spread_sd": _number(r.spread_sd),
                "spread_range": _number(r.spread_range),
                "flagged": r.spread_sd is not None and r.spread_sd > threshold,
                "suggested": row.score is not None and row.rank <= round_.advance_count,
                "totals": [_number(v) for v in r.values],
            }
        )
    return {
        "round": round_.pk,
        "method": round_.method,
        "seed": round_.draw_seed,
        "draws": chosen.draws,
        "agreement": {
            "statistic": "Krippendorff's alpha (interval), over judges' weighted totals",
            "alpha": _number(krippendorff_alpha_interval(raw_values.values()), 4),
        },
        "rows": rows,
        "judges": _judge_summaries(totals),
    }


def _submitted_at(entry: Any) -> datetime:
    submission = entry.latest_submission
    return submission.submitted_at if submission is not None else entry.created_at


def _judge_summaries(totals: dict[tuple[int, int], Fraction]) -> list[dict[str, Any]]:
    by_judge: dict[int, list[float]] = {}
    for (_, judge_id), value in sorted(totals.items()):
        by_judge.setdefault(judge_id, []).append(float(value))
    people = {u.pk: u for u in User.objects.filter(pk__in=list(by_judge))}
    summaries = []
    for judge_id, values in sorted(by_judge.items(), key=lambda item: people[item[0]].full_name):
        mean = sum(values) / len(values)
        summaries.append(
            {
                "judge": judge_id,
                "name": people[judge_id].full_name or people[judge_id].email,
                "count": len(values),
                "mean": round(mean, PLACES),
                "totals": [round(v, PLACES) for v in values],
            }
        )
    return summaries
