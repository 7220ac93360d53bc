"""Assigning judges to entries: k judges per entry, never a conflicted one, at most
`cap` entries per judge, loads as even as the conflicts allow.

1. Greedy, most constrained entry first: each entry takes the least-loaded judges
   free to judge it, from a min-heap of (load, judge).
2. Where an entry still lacks judges because everyone free to judge it is at the cap,
   an augmenting path moves assignments along (judge B hands entry e' to judge C, so B
   can take e): the same search as a maximum matching, so no entry is left short that
   any assignment could have filled.
3. Balance: while some judge's work can pass, along such a path, to a judge with at
   least two fewer entries, it does. Each move lowers the sum of squared loads, and
   when no move is left the loads are the most even possible: the largest as small and
   the smallest as large as any assignment covering the same entries could make them.

Assignments that already exist (released earlier) count towards loads and coverage
but are never moved.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Pair = tuple[int, int]  # (entry, judge)


@dataclass(frozen=True)
class AssignmentPlan:
    pairs: list[Pair]  # the new assignments, (entry, judge)
    loads: dict[int, int]  # each judge's load, existing assignments included
    short: dict[int, int]  # entries that could not get k judges: how many they lack


class _State:
    def __init__(
        self,
        entries: Sequence[int],
        judges: Sequence[int],
        k: int,
        cap: int | None,
        blocked: set[Pair],
        existing: Iterable[Pair],
    ) -> None:
        self.entries, self.judges, self.k = list(entries), list(judges), k
        self.cap = cap if cap is not None else len(entries) * k + 1
        self.blocked = blocked
        self.on: dict[int, set[int]] = {e: set() for e in self.entries}
        self.fixed: set[Pair] = set()
        self.movable: dict[int, set[int]] = {j: set() for j in self.judges}
        self.load = dict.fromkeys(self.judges, 0)
        for entry, judge in existing:
            if entry in self.on and judge in self.load:
                self.on[entry].add(judge)
                self.fixed.add((entry, judge))
                self.load[judge] += 1

    def free(self, entry: int, judge: int) -> bool:
        """The judge may take the entry (cap aside)."""
        return (entry, judge) not in self.blocked and judge not in self.on[entry]

    def add(self, entry: int, judge: int) -> None:
        self.on[entry].add(judge)
        self.movable[judge].add(entry)
        self.load[judge] += 1

    def move(self, entry: int, giver: int, taker: int) -> None:
        self.on[entry].discard(giver)
        self.movable[giver].discard(entry)
        self.load[giver] -= 1
        self.add(entry, taker)


def assign(
    *,
    entries: Sequence[int],
    judges: Sequence[int],
    k: int,
    blocked: Iterable[Pair] = (),
    cap: int | None = None,
    existing: Iterable[Pair] = (),
) -> AssignmentPlan:
    state = _State(entries, judges, k, cap, set(blocked), existing)
    _greedy(state)
    short = _fill_short(state)
    _balance(state)
    pairs = sorted((entry, judge) for judge, owned in state.movable.items() for entry in owned)
    return AssignmentPlan(pairs=pairs, loads=dict(state.load), short=short)


def _greedy(state: _State) -> None:
    judge_count = len(state.judges)
    blocked_count: dict[int, int] = {}
    for entry, _ in state.blocked:
        blocked_count[entry] = blocked_count.get(entry, 0) + 1
    order = sorted(state.entries, key=lambda e: (judge_count - blocked_count.get(e, 0), e))
    heap = [(state.load[j], j) for j in state.judges]
    heapq.heapify(heap)
    for entry in order:
        need = state.k - len(state.on[entry])
        skipped: list[tuple[int, int]] = []
        while need > 0 and heap:
            load, judge = heapq.heappop(heap)
            if load >= state.cap:
                skipped.append((load, judge))
                break  # every judge left is at the cap too
            if state.free(entry, judge):
                state.add(entry, judge)
                need -= 1
                skipped.append((load + 1, judge))
            else:
                skipped.append((load, judge))
        for item in skipped:
            heapq.heappush(heap, item)


def _fill_short(state: _State) -> dict[int, int]:
    short: dict[int, int] = {}
    for entry in state.entries:
        while len(state.on[entry]) < state.k:
            if not _augment(state, entry):
                short[entry] = state.k - len(state.on[entry])
                break
    return short


def _augment(state: _State, entry: int) -> bool:
    """Find a judge for `entry`, moving other entries along a path if need be."""
    parent: dict[int, tuple[int | None, int]] = {}  # judge -> (previous judge, entry moved)
    queue: deque[int] = deque()
    for judge in state.judges:
        if state.free(entry, judge):
            parent[judge] = (None, entry)
            queue.append(judge)
    while queue:
        judge = queue.popleft()
        if state.load[judge] < state.cap:
            _apply(state, parent, judge)
            return True
        for moved in state.movable[judge]:
            for other in state.judges:
                if other not in parent and state.free(moved, other):
                    parent[other] = (judge, moved)
                    queue.append(other)
    return False


def _apply(state: _State, parent: dict[int, tuple[int | None, int]], last: int) -> None:
    """Walk the path back: each judge takes the entry its predecessor gives up."""
    taker = last
    while True:
        giver, entry = parent[taker]
        if giver is None:
            state.add(entry, taker)
            return
        state.move(entry, giver, taker)
        taker = giver


def _balance(state: _State) -> None:
    while True:
        lowest = min(state.load.values(), default=0)
        moved = False
        for judge in sorted(state.judges, key=lambda j: -state.load[j]):
            if state.load[judge] < lowest + 2:
                break
            if _shift_down(state, judge):
                moved = True
                break
        if not moved:
            return


def _shift_down(state: _State, start: int) -> bool:
    """Pass one of `start`'s entries along a path to a judge with at least two fewer."""
    limit = state.load[start] - 2
    parent: dict[int, tuple[int | None, int]] = {start: (None, -1)}
    queue: deque[int] = deque([start])
    unvisited = set(state.judges) - {start}
    while queue and unvisited:
        judge = queue.popleft()
        for moved in list(state.movable[judge]):
            for other in list(unvisited):
                if not state.free(moved, other):
                    continue
                parent[other] = (judge, moved)
                unvisited.discard(other)
                if state.load[other] <= limit and state.load[other] < state.cap:
                    _shift(state, parent, other)
                    return True
                queue.append(other)
            if not unvisited:
                break
    return False


def _shift(state: _State, parent: dict[int, tuple[int | None, int]], last: int) -> None:
    taker = last
    while True:
        giver, entry = parent[taker]
        if giver is None:
            return
        state.move(entry, giver, taker)
        taker = giver
