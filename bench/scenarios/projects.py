"""An officer's project list and search under the visibility rules: in-process against
the SQL floor, and against the naive peer (guardian rows per object, ModelSerializer)."""

from __future__ import annotations

import json
from typing import Any

from bench import floors, seed, wsgi_client
from bench.measure import Comparison, Stat, compare, count_queries, time_once
from bench.rows import Row, ratio_row

SCENARIO = "officer's projects"
SEARCH = "assistive technology"
VARIANTS = [("naive peer", {}), ("naive peer + select_related", {"related": "1"})]
CASES: list[tuple[str, dict[str, str]]] = [
    ("list, page 1", {}),
    (f"search “{SEARCH}”", {"search": SEARCH}),
]


def _times(action: Any, rounds: int) -> list[float]:
    action()  # warm
    return [time_once(action) for _ in range(rounds)]


class OfficerProjects:
    def __init__(self, sql: Any, *, user_id: int, token: str, rounds: int) -> None:
        self.sql = sql
        self.user_id = user_id
        self.token = token
        self.rounds = rounds
        self.rows: list[Row] = []
        self.queries: dict[str, dict[int, int]] = {}
        self.naive_queries: dict[str, dict[int, int]] = {}
        self.medians: dict[str, list[tuple[int, float]]] = {}

    def _call(self, path: str, params: dict[str, str]) -> Any:
        def call() -> bytes:
            reply = wsgi_client.get(path, params, token=self.token)
            if reply.status != 200:
                raise RuntimeError(f"{path} answered {reply.status}: {reply.body[:300]!r}")
            return reply.body

        return call

    def measure(self, size: int, *, naive: bool) -> None:
        cursor = self.sql.cursor()
        label = f"{size:,} projects"
        apps: dict[str, tuple[Any, dict[str, str], Comparison]] = {}
        for case, params in CASES:
            search = params.get("search", "")
            app = self._call("/api/projects/", params)

            def floor(search: str = search) -> str:
                return json.dumps(floors.project_list(cursor, user_id=self.user_id, search=search))

            same = json.loads(app())["results"] == json.loads(floor())["results"]
            queries = count_queries(app).count
            self.queries.setdefault(case, {})[size] = queries
            comparison = compare(app, floor, rounds=self.rounds)
            apps[case] = (app, params, comparison)
            row = ratio_row(
                SCENARIO,
                case,
                label,
                "in-process ÷ SQL floor",
                comparison,
                limit=1.5,
                queries=queries,
            )
            if not same:
                row.met, row.detail = False, "ROWS DIFFER from the floor; " + row.detail
            self.rows.append(row)
        if not naive:
            return
        # The naive design's rows exist only while it is timed: in the app's database
        # they would slow the app's own grant lookup (see bench.seed). So the two cannot
        # alternate; the app is timed just before and just after the naive window, and
        # the peer is compared with both together.
        rounds = max(self.rounds // 2, 5)
        before = {case: _times(app, rounds) for case, (app, _, _) in apps.items()}
        peers: dict[tuple[str, str], tuple[list[float], int, bool]] = {}
        seed.naive_permissions_add()
        try:
            for case, (app, params, _) in apps.items():
                for variant, extra in VARIANTS:
                    peer = self._call("/bench/naive/projects/", {**params, **extra})
                    same = json.loads(app())["results"] == json.loads(peer())["results"]
                    queries = count_queries(peer).count
                    peers[(case, variant)] = (_times(peer, rounds), queries, same)
        finally:
            seed.naive_permissions_remove()
        after = {case: _times(app, rounds) for case, (app, _, _) in apps.items()}
        for (case, variant), (times, queries, same) in peers.items():
            self.naive_queries.setdefault(f"{case} ({variant})", {})[size] = queries
            mine = Stat.of(before[case] + after[case])
            self.rows.append(
                self._naive_row(case, label, variant, Stat.of(times), mine, queries, same)
            )

    def _naive_row(
        self,
        case: str,
        label: str,
        variant: str,
        timing: Stat,
        mine: Stat,
        queries: int,
        same: bool,
    ) -> Row:
        ratio = Stat(
            timing.median / mine.median, timing.p25 / mine.p75, timing.p75 / mine.p25, timing.n
        )
        first = variant == "naive peer"
        row = Row(
            SCENARIO,
            case,
            label,
            f"{variant} ÷ app (times faster)",
            ratio.text("×"),
            "≥ 20×" if first else "",
            ratio.median >= 20 if first else None,
            f"naive {timing.text()} ({queries} queries) vs app {mine.text()}, "
            "the app timed just before and after",
            {"ratio": ratio.__dict__, "naive": timing.__dict__, "app": mine.__dict__},
        )
        if not same:
            row.met = False if first else None
            row.detail = "NAIVE PEER RETURNS DIFFERENT ROWS; " + row.detail
        return row

    def summary(self) -> list[Row]:
        rows = []
        for case, counts in self.queries.items():
            sizes = sorted(counts)
            rows.append(
                Row(
                    SCENARIO,
                    case,
                    ", ".join(f"{s:,}" for s in sizes),
                    "queries per request",
                    " / ".join(str(counts[s]) for s in sizes),
                    "same at both sizes",
                    len(set(counts.values())) == 1,
                    "naive peer: "
                    + " / ".join(str(n) for n in self.naive_queries.get(case, {}).values()),
                )
            )
        return rows
