"""Suppliers' saved-search alerts over a day's new tenders: which saved searches each
newly published tender matches. The app's matcher (procurement.selectors.
saved_search_matches, which the publish event calls with the one tender) given the
day's tenders at once, against the SQL floor, and the query count per batch at two
batch sizes and two numbers of saved searches."""

from __future__ import annotations

import json
from typing import Any

from bench import floors
from bench.measure import compare, count_queries
from bench.rows import Row, ratio_row
from procurement.models import Tender
from procurement.selectors import saved_search_matches

SCENARIO = "saved-search alerts"


def app_matches(tender_ids: list[int]) -> str:
    """What the alerting job needs, as JSON: (tender, saved search, person) triples."""
    return json.dumps(saved_search_matches(tender_ids=tender_ids))


def todays_tenders(limit: int) -> list[int]:
    return list(
        Tender.objects.filter(status="published")
        .order_by("-listed_at", "-id")
        .values_list("pk", flat=True)[:limit]
    )


class SavedSearchAlerts:
    def __init__(self, sql: Any, *, rounds: int) -> None:
        self.sql = sql
        self.rounds = rounds
        self.rows: list[Row] = []
        self.queries: dict[tuple[int, int], int] = {}
        self.per_tender_queries: dict[tuple[int, int], int] = {}

    def measure(self, *, batch: int, searches: int, suppliers: int, timed: bool) -> None:
        ids = todays_tenders(batch)
        cursor = self.sql.cursor()

        def floor() -> str:
            return floors.saved_search_matches(cursor, ids)

        def app() -> str:
            return app_matches(ids)

        same = json.loads(app()) == json.loads(floor())
        self.queries[(searches, len(ids))] = count_queries(app).count
        # The same tenders one at a time, as each publish event asks, for comparison.
        self.per_tender_queries[(searches, len(ids))] = count_queries(
            lambda: [saved_search_matches(tender_ids=[tender]) for tender in ids]
        ).count
        if not timed:
            return
        comparison = compare(app, floor, rounds=self.rounds)
        row = ratio_row(
            SCENARIO,
            f"{len(ids)} new tenders, {len(json.loads(floor())):,} matches",
            f"{suppliers:,} suppliers, {searches:,} searches",
            "in-process ÷ SQL floor",
            comparison,
            limit=3,
            queries=self.queries[(searches, len(ids))],
        )
        if not same:
            row.met, row.detail = False, "MATCHES DIFFER from the floor; " + row.detail
        self.rows.append(row)

    def summary(self) -> list[Row]:
        counts = sorted(self.queries.items())
        return [
            Row(
                SCENARIO,
                "queries per batch",
                "; ".join(f"{s:,} searches × {t} tenders" for (s, t), _ in counts),
                "queries per batch",
                " / ".join(str(n) for _, n in counts),
                "constant",
                len({n for _, n in counts}) == 1,
                "one tender at a time (as each publish event asks): "
                + " / ".join(str(n) for _, n in sorted(self.per_tender_queries.items())),
                {"counts": {f"{s}x{t}": n for (s, t), n in counts}},
            )
        ]
