"""Assignment properties on random instances (hypothesis): k judges per entry where
possible, never a conflicted one, the cap respected, loads as even as possible."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from loti.scoring.assignment import assign


@st.composite
def instances(draw, max_entries=40, max_judges=12):
    entries = list(range(1, draw(st.integers(1, max_entries)) + 1))
    judges = list(range(100, 100 + draw(st.integers(1, max_judges))))
    k = draw(st.integers(1, min(3, len(judges))))
    density = draw(st.sampled_from([0.0, 0.05, 0.2, 0.5]))
    flags = draw(
        st.lists(
            st.floats(0, 1),
            min_size=len(entries) * len(judges),
            max_size=len(entries) * len(judges),
        )
    )
    pairs = list(itertools.product(entries, judges))
    blocked = {pair for pair, flag in zip(pairs, flags, strict=True) if flag < density}
    cap = draw(st.one_of(st.none(), st.integers(1, len(entries) * k)))
    return entries, judges, k, blocked, cap


def check_basic(entries, judges, k, blocked, cap, plan):
    assert len(set(plan.pairs)) == len(plan.pairs)
    assert not set(plan.pairs) & blocked
    per_entry = {e: 0 for e in entries}
    for entry, _ in plan.pairs:
        per_entry[entry] += 1
    for entry in entries:
        assert per_entry[entry] == k - plan.short.get(entry, 0)
        assert per_entry[entry] <= k
    if cap is not None:
        assert max(plan.loads.values()) <= cap


@settings(max_examples=150, deadline=None)
@given(instances())
def test_k_per_entry_no_conflicts_and_the_cap(instance):
    entries, judges, k, blocked, cap = instance
    plan = assign(entries=entries, judges=judges, k=k, blocked=blocked, cap=cap)
    check_basic(entries, judges, k, blocked, cap, plan)
    if not blocked and (cap is None or cap * len(judges) >= len(entries) * k):
        assert not plan.short
        assert max(plan.loads.values()) - min(plan.loads.values()) <= 1


def best_possible(entries, judges, k, blocked, cap):
    """Brute force: the most judges placed, then the smallest max - min load."""
    choices = []
    for entry in entries:
        free = [j for j in judges if (entry, j) not in blocked]
        choices.append(
            [c for size in range(min(k, len(free)) + 1) for c in itertools.combinations(free, size)]
        )
    best = None
    for combo in itertools.product(*choices):
        loads = dict.fromkeys(judges, 0)
        for chosen in combo:
            for judge in chosen:
                loads[judge] += 1
        if cap is not None and max(loads.values()) > cap:
            continue
        key = (-sum(loads.values()), max(loads.values()) - min(loads.values()))
        best = key if best is None or key < best else best
    return best


@settings(max_examples=60, deadline=None)
@given(instances(max_entries=4, max_judges=4))
def test_as_many_placed_and_as_balanced_as_any_assignment_could_be(instance):
    entries, judges, k, blocked, cap = instance
    plan = assign(entries=entries, judges=judges, k=k, blocked=blocked, cap=cap)
    placed, spread = best_possible(entries, judges, k, blocked, cap)
    assert len(plan.pairs) == -placed
    if not plan.short:  # with every entry covered, balance is exact
        loads = plan.loads.values()
        assert max(loads) - min(loads) == spread


@settings(max_examples=50, deadline=None)
@given(instances(max_entries=30, max_judges=8))
def test_existing_assignments_are_kept_and_counted(instance):
    entries, judges, k, blocked, _ = instance
    first = assign(entries=entries[: len(entries) // 2], judges=judges, k=1, blocked=blocked)
    plan = assign(entries=entries, judges=judges, k=k, blocked=blocked, existing=first.pairs)
    assert not set(plan.pairs) & set(first.pairs)
    per_entry = {e: 0 for e in entries}
    for entry, _ in [*plan.pairs, *first.pairs]:
        per_entry[entry] += 1
    assert all(n <= max(k, 1) for n in per_entry.values())


def test_balanced_when_conflicts_force_it_uneven_only_as_far_as_needed():
    # Judge 1 can take only entry 1; judges 2 and 3 can take anything.
    entries, judges = [1, 2, 3, 4, 5], [1, 2, 3]
    blocked = {(e, 1) for e in entries if e != 1}
    plan = assign(entries=entries, judges=judges, k=1, blocked=blocked)
    assert plan.loads[1] == 1
    assert sorted([plan.loads[2], plan.loads[3]]) == [2, 2]


def test_an_entry_every_judge_is_conflicted_with_is_reported_short():
    plan = assign(entries=[1, 2], judges=[7, 8], k=2, blocked={(1, 7), (1, 8)})
    assert plan.short == {1: 2}
    assert sorted(plan.pairs) == [(2, 7), (2, 8)]
