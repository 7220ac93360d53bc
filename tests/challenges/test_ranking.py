"""Ranking on hand-computed examples: weighted totals, means, z-scores, tie-breaks
and the seeded draw."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from loti.scoring.criteria import Criterion
from loti.scoring.ranking import draw_order, judge_total, rank_entries, zscores

T0 = datetime(2030, 1, 1, tzinfo=UTC)
RUBRIC = [Criterion("impact", "Impact", Decimal(60)), Criterion("cost", "Cost", Decimal(40))]


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_a_judges_total_is_the_weighted_score_on_0_to_100():
    # 60 x (4-1)/(5-1) + 40 x (2-1)/(5-1) = 45 + 10 = 55
    assert judge_total(scores={"impact": 4, "cost": 2}, criteria=RUBRIC, low=1, high=5) == 55
    assert judge_total(scores={"impact": 5, "cost": 5}, criteria=RUBRIC, low=0, high=5) == 100
    # 60 x 1/3 + 40 x 2/3 = 140/3: exact, not rounded
    assert judge_total(scores={"impact": 1, "cost": 2}, criteria=RUBRIC, low=0, high=3) == Fraction(
        140, 3
    )


def test_mean_ranking_with_a_missing_score_marked_incomplete():
    ranking = rank_entries(
        values={1: [Fraction(80), Fraction(60)], 2: [Fraction(90)], 3: []},
        expected_judges={1: 2, 2: 2, 3: 2},
        submitted_at={1: at(1), 2: at(2), 3: at(3)},
        seed="s",
    )
    rows = {row.entry: row for row in ranking.rows}
    assert [row.entry for row in ranking.rows] == [2, 1, 3]
    assert rows[1].score == 70 and not rows[1].incomplete
    assert rows[2].score == 90 and rows[2].incomplete  # one of two judges scored
    assert rows[3].score is None and rows[3].incomplete
    assert rows[1].spread_range == 20
    assert rows[1].spread_sd == pytest.approx(14.1421, abs=1e-4)  # sample SD of 80, 60


def test_ties_break_by_higher_median_then_earlier_submission():
    ranking = rank_entries(
        # All three means are 60. Medians: 1 -> 60, 2 -> 70, 3 -> 60.
        values={
            1: [Fraction(50), Fraction(60), Fraction(70)],
            2: [Fraction(40), Fraction(70), Fraction(70)],
            3: [Fraction(55), Fraction(60), Fraction(65)],
        },
        expected_judges={1: 3, 2: 3, 3: 3},
        submitted_at={1: at(5), 2: at(9), 3: at(2)},
        seed="s",
    )
    assert [(row.entry, row.rank) for row in ranking.rows] == [(2, 1), (3, 2), (1, 3)]
    # Each is labelled by what set it apart from the entry ranked just above it.
    assert [row.decided_by for row in ranking.rows] == ["median", "median", "submission"]
    assert ranking.draws == []


def test_a_remaining_tie_is_settled_by_a_seeded_draw_anyone_can_rerun():
    values = {pk: [Fraction(50)] for pk in (11, 12, 13)}
    same_time = dict.fromkeys(values, at(0))
    ranking = rank_entries(
        values=values, expected_judges=dict.fromkeys(values, 1), submitted_at=same_time, seed="abc"
    )
    expected = sorted(values, key=lambda e: hashlib.sha256(f"abc:{e}".encode()).hexdigest())
    assert [row.entry for row in ranking.rows] == expected
    assert ranking.draws == [{"entries": [11, 12, 13], "order": expected, "seed": "abc"}]
    assert all(row.decided_by == "draw" for row in ranking.rows)
    assert draw_order(seed="abc", entries=[13, 11, 12]) == expected


def test_z_scores_standardise_each_judge_over_the_entries_they_scored():
    # Judge 1 (harsh): 20, 40, 60 -> mean 40, population SD sqrt(800/3).
    # Judge 2 (lenient): 70, 80, 90 -> mean 80, SD sqrt(200/3). Both give -1.2247, 0, 1.2247.
    totals = {
        (1, 1): 20,
        (2, 1): 40,
        (3, 1): 60,
        (1, 2): 70,
        (2, 2): 80,
        (3, 2): 90,
        (4, 2): 80,  # only judge 2 scored entry 4; judge 2's moments change:
    }
    z = zscores(totals)
    assert z[(1, 1)] == pytest.approx(-1.224745, abs=1e-6)
    assert z[(3, 1)] == pytest.approx(1.224745, abs=1e-6)
    # Judge 2 over 70, 80, 90, 80: mean 80, SD sqrt(50) -> 70 is -1.414214.
    assert z[(1, 2)] == pytest.approx(-1.414214, abs=1e-6)
    assert z[(4, 2)] == 0


def test_a_judge_who_gives_everything_the_same_contributes_zero():
    assert zscores({(1, 7): 50, (2, 7): 50}) == {(1, 7): 0.0, (2, 7): 0.0}
