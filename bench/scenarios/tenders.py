"""Public tender search: two facets chosen (CPV division 72, suitable for SMEs), the
first page, a deep page (90% of the way through the results, reached by its cursor)
and the facet counts, at each data size; in-process against the SQL floor, and over
HTTP (gunicorn, 2 workers, 8 clients) against the framework floor."""

from __future__ import annotations

import json
from base64 import b64encode
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from bench import floors, http, wsgi_client
from bench.measure import Comparison, Stat, compare, count_queries
from bench.rows import Row, ratio_row

SCENARIO = "public tender search"
FILTERS = {"division": "72", "sme_suitable": "true"}
QUERY = floors.TenderQuery(division="72", sme_suitable=True)
DEPTH = 0.9


@dataclass
class Case:
    name: str
    path: str
    params: dict[str, str]
    floor: Any  # () -> str, the SQL floor's JSON
    floor_path: str


@dataclass
class SizeResult:
    size: int
    in_process: dict[str, Comparison] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)
    deep_page: int = 0


def drf_cursor(listed_at: datetime, pk: int) -> str:
    """The cursor the board writes for a page that starts after the row with this
    listed_at and id (procurement.selectors.keyset_position)."""
    text = f"{listed_at.astimezone(UTC).isoformat()}|{pk}"
    return b64encode(urlencode({"p": text}).encode("ascii")).decode("ascii")


class TenderSearch:
    def __init__(self, sql: Any, *, port: int | None, rounds: int, http_requests: int) -> None:
        self.sql = sql  # a psycopg connection to the bench database, autocommit
        self.port = port
        self.rounds = rounds
        self.http_requests = http_requests
        self.sizes: list[SizeResult] = []
        self.rows: list[Row] = []

    def _deep_position(self) -> tuple[int, tuple[datetime, int]]:
        where, params = floors._tender_where(QUERY)
        with self.sql.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM procurement_tender t WHERE {where}",  # noqa: S608  # nosec B608
                params,
            )
            matches = cursor.fetchone()[0]
            page = max(2, int(DEPTH * matches / floors.PAGE_SIZE))
            cursor.execute(
                f"SELECT t.listed_at, t.id FROM procurement_tender t WHERE {where}"  # noqa: S608  # nosec B608
                " ORDER BY t.listed_at DESC, t.id DESC OFFSET %s LIMIT 1",
                [*params, (page - 1) * floors.PAGE_SIZE - 1],
            )
            listed_at, pk = cursor.fetchone()
            return page, (listed_at, pk)

    def cases(self) -> tuple[list[Case], int]:
        page, position = self._deep_position()
        deep = floors.TenderQuery(QUERY.division, QUERY.sme_suitable, before=position)
        floor_before = f"{position[0].isoformat()}|{position[1]}"
        cursor = self.sql.cursor()

        def floor_page(query: floors.TenderQuery) -> Any:
            return lambda: json.dumps(floors.tender_page(cursor, query))

        return [
            Case(
                "page 1",
                "/api/tenders/",
                FILTERS,
                floor_page(QUERY),
                f"/bench/floor/tenders/?{urlencode(FILTERS)}",
            ),
            Case(
                f"deep page ({page})",
                "/api/tenders/",
                {**FILTERS, "cursor": drf_cursor(*position)},
                floor_page(deep),
                f"/bench/floor/tenders/?{urlencode({**FILTERS, 'before': floor_before})}",
            ),
            Case(
                "facets",
                "/api/tenders/facets/",
                FILTERS,
                lambda: json.dumps(floors.tender_facets(cursor, QUERY)),
                f"/bench/floor/tender-facets/?{urlencode(FILTERS)}",
            ),
        ], page

    def measure(self, size: int) -> None:
        result = SizeResult(size)
        cases, result.deep_page = self.cases()
        label = f"{size:,} tenders"
        for case in cases:
            key = case.name.split(" (")[0]
            endpoint = self._endpoint(case)
            check = self._same_rows(case)
            result.queries[key] = count_queries(endpoint).count
            comparison = compare(endpoint, case.floor, rounds=self.rounds, budget_seconds=12)
            result.in_process[key] = comparison
            row = ratio_row(
                SCENARIO,
                case.name,
                label,
                "in-process ÷ SQL floor",
                comparison,
                limit=1.5,
                queries=result.queries[key],
            )
            if not check:
                row.met, row.detail = False, "ROWS DIFFER from the floor; " + row.detail
            self.rows.append(row)
            if self.port is not None:
                self.rows.append(self._throughput(case, label))
        self.sizes.append(result)

    def _endpoint(self, case: Case) -> Any:
        def call() -> bytes:
            reply = wsgi_client.get(case.path, case.params)
            if reply.status != 200:
                raise RuntimeError(f"{case.path} answered {reply.status}: {reply.body[:300]!r}")
            return reply.body

        return call

    def _same_rows(self, case: Case) -> bool:
        mine = wsgi_client.get(case.path, case.params).json()
        floor = json.loads(case.floor())
        if "results" in mine:
            return bool(mine["results"] == floor["results"])
        return bool(mine == floor)

    def _throughput(self, case: Case, label: str) -> Row:
        if self.port is None:
            raise RuntimeError("no server to load")
        path = f"{case.path}?{urlencode(case.params)}"
        ours: list[float] = []
        floor: list[float] = []
        failed = 0
        for n in range(3):
            runs = [(ours, path), (floor, case.floor_path)]
            for sink, target in runs if n % 2 == 0 else reversed(runs):
                outcome = http.load(self.port, [target], requests=self.http_requests, time_limit=6)
                sink.append(outcome.per_second)
                failed += outcome.failed
        ratios = [a / b for a, b in zip(ours, floor, strict=True)]
        ratio = Stat.of(ratios)
        detail = f"{Stat.of(ours).text('req/s', 1)} vs {Stat.of(floor).text('req/s', 1)}"
        if failed:
            detail += f"; {failed} FAILED requests"
        return Row(
            SCENARIO,
            case.name,
            label,
            "HTTP throughput ÷ framework floor",
            ratio.text("×"),
            "≥ 0.5×",
            ratio.median >= 0.5 and not failed,
            detail,
            {"ratio": ratio.__dict__, "ours": ours, "floor": floor, "failed": failed},
        )

    def summary(self) -> list[Row]:
        """Growth from the second-largest to the largest size, and query counts."""
        rows: list[Row] = []
        if len(self.sizes) >= 2:
            small, large = self.sizes[-2], self.sizes[-1]
            for key, comparison in large.in_process.items():
                before = small.in_process[key].subject.median
                growth = comparison.subject.median / before
                rows.append(
                    Row(
                        SCENARIO,
                        key,
                        f"{large.size:,} vs {small.size:,}",
                        "median growth",
                        f"{growth:.2f}×",
                        "≤ 1.3×",
                        growth <= 1.3,
                        f"{comparison.subject.median:.2f} ms vs {before:.2f} ms",
                        {"growth": growth},
                    )
                )
        counts = {(s.size, k): n for s in self.sizes for k, n in s.queries.items()}
        distinct = sorted(set(counts.values()))
        rows.append(
            Row(
                SCENARIO,
                "query count",
                ", ".join(f"{s.size:,}" for s in self.sizes),
                "queries per request",
                ", ".join(
                    f"{k}: {'/'.join(str(s.queries[k]) for s in self.sizes)}"
                    for k in (self.sizes[0].queries if self.sizes else {})
                ),
                "same at every size and page",
                len({n for (size, k), n in counts.items() if k != "facets"}) <= 1
                and len({n for (size, k), n in counts.items() if k == "facets"}) <= 1,
                f"distinct counts: {distinct}",
                {"counts": {f"{size}:{k}": n for (size, k), n in counts.items()}},
            )
        )
        return rows

    def chart_series(self) -> dict[str, list[tuple[int, float]]]:
        series: dict[str, list[tuple[int, float]]] = {}
        for result in self.sizes:
            for key, comparison in result.in_process.items():
                series.setdefault(f"{key}: app", []).append(
                    (result.size, comparison.subject.median)
                )
                series.setdefault(f"{key}: SQL floor", []).append(
                    (result.size, comparison.against.median)
                )
        return series
