from __future__ import annotations

from challenges.bench import judging_scenario


def test_the_judging_scenario_runs_at_a_tiny_size():
    result = judging_scenario(entries=30, judges=6, criteria=3, k=3)
    assert result.assignments == 90 - 3 * result.short_entries or result.short_entries
    assert result.max_load - result.min_load <= 1 or result.short_entries
    assert result.assign_seconds >= 0 and result.ranking_seconds >= 0
    assert result.alpha is None or -1 <= result.alpha <= 1
