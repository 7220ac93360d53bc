"""The floors every figure is measured against.

The SQL floor: the same rows as the endpoint, fetched with one hand-written SQL query
through psycopg and serialised with the standard json module; no Django.

The framework floor: a bare Django view running that same query on Django's
connection and returning the rows as JSON, served by the same gunicorn configuration
as the app. Whatever the app costs beyond it is DRF, the ORM and our own code.

Each floor returns exactly what the endpoint it is compared with returns (the tests in
tests/bench check it), so a ratio compares equal work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import connection
from django.http import HttpRequest, HttpResponse

LONDON = ZoneInfo("Europe/London")
PAGE_SIZE = 50


class Cursor(Protocol):
    def execute(self, query: Any, params: Any = ...) -> Any: ...

    def fetchall(self) -> list[Any]: ...


# Formatting, as DRF and procurement.dates render the same values ----------------------------


def iso(moment: datetime | None) -> str | None:
    """DRF's DateTimeField: the current time zone (London), UTC written as Z."""
    if moment is None:
        return None
    text = moment.astimezone(LONDON).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def london_time(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix} on {local.day} {local:%B %Y}, London time"


def money(value: Decimal) -> str:
    return f"{value:.2f}"


# The public tender board: one page of tenders ------------------------------------------------


@dataclass(frozen=True)
class TenderQuery:
    """The filters the scenario uses, and where the page starts (keyset)."""

    division: str = ""
    sme_suitable: bool | None = None
    # (listed_at, id) of the last row of the previous page
    before: tuple[datetime, int] | None = None


def _tender_where(query: TenderQuery) -> tuple[str, list[Any]]:
    clauses = ["t.visibility = 'public'"]
    params: list[Any] = []
    # The filters are written into the text (the division is two digits): psycopg
    # prepares a statement from its fifth run, and with the division as a parameter
    # PostgreSQL's generic plan for the facet counts took twice its custom plan's
    # time at 100,000 tenders. A floor is the query at its best.
    if query.division:
        if not (len(query.division) == 2 and query.division.isdigit()):
            raise ValueError(f"not a CPV division: {query.division!r}")
        prefix = f"'{query.division}%%'"  # two digits, checked above
        links = "SELECT 1 FROM procurement_tender_cpv_codes x WHERE x.tender_id = t.id"
        clauses.append(f"EXISTS ({links} AND x.cpvcode_id LIKE {prefix})")  # nosec B608
    if query.sme_suitable is not None:
        clauses.append("t.sme_suitable" if query.sme_suitable else "NOT t.sme_suitable")
    return " AND ".join(clauses), params


def tender_page_sql(query: TenderQuery) -> tuple[str, list[Any]]:
    where, params = _tender_where(query)
    if query.before is not None:
        where += " AND (t.listed_at, t.id) < (%s, %s)"
        params += list(query.before)
    sql = f"""
        SELECT t.id, t.title,
               CASE WHEN t.status = 'published' AND t.closes_at <= now() THEN 'closed'
                    ELSE t.status END,
               t.status = 'published' AND t.closes_at > now(),
               o.slug, o.name, t.value_min, t.value_max,
               ARRAY(SELECT x.cpvcode_id FROM procurement_tender_cpv_codes x
                     WHERE x.tender_id = t.id ORDER BY x.cpvcode_id),
               ARRAY(SELECT c.description FROM procurement_tender_cpv_codes x
                     JOIN procurement_cpvcode c ON c.code = x.cpvcode_id
                     WHERE x.tender_id = t.id ORDER BY c.code),
               t.sme_suitable, t.vcse_suitable, t.published_at, t.closes_at, t.listed_at
        FROM procurement_tender t JOIN accounts_organisation o ON o.id = t.buyer_id
        WHERE {where}
        ORDER BY t.listed_at DESC, t.id DESC
        LIMIT {PAGE_SIZE}
    """  # noqa: S608 - the clauses are ours; values are parameters  # nosec B608
    return sql, params


def tender_page(cursor: Cursor, query: TenderQuery) -> dict[str, Any]:
    """One page of the board, as /api/tenders/ returns its results."""
    sql, params = tender_page_sql(query)
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    results = [
        {
            "id": row[0],
            "title": row[1],
            "status": row[2],
            "is_open": row[3],
            "buyer": {"slug": row[4], "name": row[5]},
            "value_min": money(row[6]),
            "value_max": money(row[7]),
            "cpv_codes": [
                {"code": code, "description": description, "division": code[:2]}
                for code, description in zip(row[8], row[9], strict=True)
            ],
            "sme_suitable": row[10],
            "vcse_suitable": row[11],
            "published_at": iso(row[12]),
            "closes_at": iso(row[13]),
            "closes_at_london": london_time(row[13]),
        }
        for row in rows
    ]
    after = rows[-1][14].isoformat() if len(rows) == PAGE_SIZE else None
    return {"next": after, "previous": None, "results": results}


# The tender board's facets ------------------------------------------------------------------


VALUE_BANDS = [
    ("under-25k", "Under £25,000", None, 25_000),
    ("25k-100k", "£25,000 to £100,000", 25_000, 100_000),
    ("100k-500k", "£100,000 to £500,000", 100_000, 500_000),
    ("500k-plus", "£500,000 or more", 500_000, None),
]
CLOSING_WITHIN_DAYS = [7, 14, 30]


def _band_condition(column: str, low: int | None, high: int | None) -> str:
    return " AND ".join(
        ([f"{column} >= {low}"] if low is not None else [])
        + ([f"{column} < {high}"] if high is not None else [])
    )


def tender_facets_sql(query: TenderQuery) -> tuple[str, list[Any]]:
    where, params = _tender_where(query)
    bands = [
        f"count(*) FILTER (WHERE {_band_condition('value_max', low, high)})"
        for _, _, low, high in VALUE_BANDS
    ]
    within = [
        "count(*) FILTER (WHERE status = 'published' AND closes_at > now()"
        f" AND closes_at <= now() + interval '{days} days')"
        for days in CLOSING_WITHIN_DAYS
    ]
    sql = f"""
        WITH m AS (
            SELECT t.id, t.status, t.closes_at, t.value_max, t.sme_suitable, t.vcse_suitable,
                   t.buyer_id
            FROM procurement_tender t WHERE {where}
        )
        SELECT
            (SELECT ARRAY[
                count(*) FILTER (WHERE status = 'published' AND closes_at > now()),
                count(*) FILTER (WHERE status = 'published' AND closes_at <= now()),
                count(*) FILTER (WHERE sme_suitable),
                count(*) FILTER (WHERE vcse_suitable),
                {", ".join(bands)},
                {", ".join(within)}
             ] FROM m),
            ARRAY(SELECT ROW(d.division, coalesce(n.description, d.division), d.count)::text
                  FROM (SELECT left(x.cpvcode_id, 2) AS division,
                               count(DISTINCT x.tender_id) AS count
                        FROM procurement_tender_cpv_codes x
                        WHERE x.tender_id IN (SELECT id FROM m)
                        GROUP BY 1) d
                  LEFT JOIN procurement_cpvcode n ON n.code = d.division || '000000'
                  ORDER BY d.division),
            ARRAY(SELECT ROW(o.slug, o.name, b.count)::text
                  FROM (SELECT buyer_id, count(*) AS count FROM m GROUP BY buyer_id) b
                  JOIN accounts_organisation o ON o.id = b.buyer_id
                  ORDER BY o.name)
    """  # noqa: S608 - the clauses are ours; values are parameters  # nosec B608
    return sql, params


def tender_facets(cursor: Cursor, query: TenderQuery) -> dict[str, Any]:
    """The counts /api/tenders/facets/ returns, from one query."""
    sql, params = tender_facets_sql(query)
    cursor.execute(sql, params)
    counts, divisions, buyers = cursor.fetchall()[0]
    counts = [int(n) for n in counts]
    bands = counts[4 : 4 + len(VALUE_BANDS)]
    within = counts[4 + len(VALUE_BANDS) :]
    return {
        "status": [
            {"value": "open", "label": "Open", "count": counts[0]},
            {"value": "closed", "label": "Closed", "count": counts[1]},
        ],
        "division": [
            {"value": value, "label": label, "count": count}
            for value, label, count in map(_record, divisions)
        ],
        "value_band": [
            {"value": key, "label": label, "count": count}
            for (key, label, _, _), count in zip(VALUE_BANDS, bands, strict=True)
        ],
        "buyer": [
            {"value": value, "label": label, "count": count}
            for value, label, count in map(_record, buyers)
        ],
        "sme_suitable": [{"value": "true", "label": "Suitable for SMEs", "count": counts[2]}],
        "vcse_suitable": [{"value": "true", "label": "Suitable for VCSEs", "count": counts[3]}],
        "closing_within_days": [
            {"value": str(days), "label": f"Closing within {days} days", "count": count}
            for days, count in zip(CLOSING_WITHIN_DAYS, within, strict=True)
        ],
    }


def _record(text: str) -> tuple[str, str, int]:
    """A composite value as PostgreSQL writes it: (a,"b, c",3)."""
    import csv

    a, b, c = next(csv.reader([text[1:-1]]))
    return a, b, int(c)


# An officer's projects -----------------------------------------------------------------------


def project_list_sql(*, user_id: int, search: str = "") -> tuple[str, list[Any]]:
    """The projects the officer may see (the four visibility rules and guardian's
    grants), newest first, or best match first with words to search."""
    params: list[Any] = [user_id, user_id]
    rank = ""
    order = "p.updated_at DESC, p.id DESC"
    words = ""
    if search.strip():
        rank = ", ts_rank(p.search_vector, q.query) AS rank"
        words = ", (SELECT websearch_to_tsquery('english'::regconfig, %s) AS query) q"
        order = "rank DESC, p.updated_at DESC, p.id DESC"
    visible = """
        (p.visibility = 'public'
         OR p.lead_organisation_id IN (SELECT organisation_id FROM mine)
         OR EXISTS (SELECT 1 FROM projects_project_partners x
                    WHERE x.project_id = p.id
                      AND x.organisation_id IN (SELECT organisation_id FROM mine))
         OR (p.visibility = 'network' AND EXISTS (
                SELECT 1 FROM mine JOIN accounts_organisation n ON n.id = mine.organisation_id
                WHERE n.is_loti_member))
         OR (p.visibility = 'shared' AND EXISTS (
                SELECT 1 FROM projects_project_shared_with s
                WHERE s.project_id = p.id
                  AND s.organisation_id IN (SELECT organisation_id FROM mine)))
         OR EXISTS (SELECT 1 FROM projects_projectuserobjectpermission g
                    JOIN auth_permission a ON a.id = g.permission_id
                    WHERE g.content_object_id = p.id AND g.user_id = %s
                      AND a.codename = 'view_project')
         OR EXISTS (SELECT 1 FROM projects_projectgroupobjectpermission g
                    JOIN auth_permission a ON a.id = g.permission_id
                    JOIN accounts_organisation n ON n.group_id = g.group_id
                    WHERE g.content_object_id = p.id AND a.codename = 'view_project'
                      AND n.id IN (SELECT organisation_id FROM mine)))
    """
    match = " AND p.search_vector @@ q.query" if search.strip() else ""
    sql = f"""
        WITH mine AS (
            SELECT organisation_id FROM accounts_membership
            WHERE user_id = %s AND ended_at IS NULL
        )
        SELECT p.id, p.title, p.summary, p.phase, p.themes, p.tags, p.visibility,
               o.slug, o.name, p.updated_at, p.version{rank}
        FROM projects_project p JOIN accounts_organisation o ON o.id = p.lead_organisation_id
             {words}
        WHERE {visible}{match}
        ORDER BY {order}
        LIMIT {PAGE_SIZE}
    """  # noqa: S608 - the clauses are ours; values are parameters  # nosec B608
    if search.strip():
        # The search words come first in the text (the FROM list), then the rest.
        params = [user_id, search, user_id]
    return sql, params


def project_list(cursor: Cursor, *, user_id: int, search: str = "") -> dict[str, Any]:
    sql, params = project_list_sql(user_id=user_id, search=search)
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    results = [
        {
            "id": row[0],
            "title": row[1],
            "summary": row[2],
            "phase": row[3],
            "themes": row[4],
            "tags": row[5],
            "visibility": row[6],
            "lead_organisation": {"slug": row[7], "name": row[8]},
            "updated_at": iso(row[9]),
            "version": row[10],
        }
        for row in rows
    ]
    return {"next": None, "previous": None, "results": results}


# Saved-search alerts over a day's new tenders -------------------------------------------------


def saved_search_matches_sql(tender_ids: Sequence[int]) -> tuple[str, list[Any]]:
    """Every (tender, saved search) pair that matches: each search's words parsed once."""
    bands = " ".join(
        f"WHEN {_band_condition('t.value_max', low, high)} THEN '{key}'"
        for key, _, low, high in VALUE_BANDS
    )
    sql = f"""
        WITH s AS MATERIALIZED (
            SELECT ss.id, ss.user_id, ss.division, ss.value_band, ss.buyer_id,
                   ss.sme_suitable, ss.vcse_suitable,
                   CASE WHEN ss.search = '' THEN NULL
                        ELSE websearch_to_tsquery('english'::regconfig, ss.search) END AS query
            FROM procurement_savedsearch ss JOIN accounts_user u ON u.id = ss.user_id
            WHERE u.is_active
        ),
        t AS MATERIALIZED (
            SELECT t.id, t.buyer_id, t.sme_suitable, t.vcse_suitable, t.search_vector,
                   CASE {bands} END AS band,
                   ARRAY(SELECT DISTINCT c.division FROM procurement_tender_cpv_codes x
                         JOIN procurement_cpvcode c ON c.code = x.cpvcode_id
                         WHERE x.tender_id = t.id) AS divisions
            FROM procurement_tender t WHERE t.id = ANY(%s)
        )
        SELECT t.id, s.id, s.user_id
        FROM t JOIN s ON (s.division = '' OR s.division = ANY(t.divisions))
            AND (s.value_band = '' OR s.value_band = t.band)
            AND (s.buyer_id IS NULL OR s.buyer_id = t.buyer_id)
            AND (s.sme_suitable IS NULL OR s.sme_suitable = t.sme_suitable)
            AND (s.vcse_suitable IS NULL OR s.vcse_suitable = t.vcse_suitable)
            AND (s.query IS NULL OR t.search_vector @@ s.query)
        ORDER BY t.id, s.id
    """  # noqa: S608 - the clauses are ours; values are parameters  # nosec B608
    return sql, [list(tender_ids)]


def saved_search_matches(cursor: Cursor, tender_ids: Sequence[int]) -> str:
    sql, params = saved_search_matches_sql(tender_ids)
    cursor.execute(sql, params)
    return json.dumps([list(row) for row in cursor.fetchall()])


# The framework floor: the same queries in bare Django views --------------------------------


def _flag(value: str | None) -> bool | None:
    return None if value in (None, "") else value == "true"


def _json(data: Any) -> HttpResponse:
    return HttpResponse(json.dumps(data), content_type="application/json")


def tender_list_view(request: HttpRequest) -> HttpResponse:
    moment, _, pk = request.GET.get("before", "").partition("|")  # "<iso>|<id>"
    query = TenderQuery(
        division=request.GET.get("division", ""),
        sme_suitable=_flag(request.GET.get("sme_suitable")),
        before=(datetime.fromisoformat(moment), int(pk)) if moment else None,
    )
    with connection.cursor() as cursor:
        return _json(tender_page(cursor, query))


def tender_facets_view(request: HttpRequest) -> HttpResponse:
    query = TenderQuery(
        division=request.GET.get("division", ""),
        sme_suitable=_flag(request.GET.get("sme_suitable")),
    )
    with connection.cursor() as cursor:
        return _json(tender_facets(cursor, query))
