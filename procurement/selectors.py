"""Reads for the tender board, each scoped to the person asking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, cast

import psycopg
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Field as DjangoField
from django.db.models.functions import Now
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.organisations import suppliers_of
from loti.permissions import active_organisation_ids
from loti.scoring.criteria import Criterion
from loti.scoring.engine import mean_scores, ranked, total, weighted_breakdown
from procurement.access import (
    bid_is_sealed,
    bids_readable_by,
    evaluator_grants,
    is_buyer,
    is_evaluator,
)
from procurement.dates import london_time
from procurement.models import (
    LIVE_BID_STATUSES,
    Bid,
    BidAttachment,
    BidConflict,
    BidStatus,
    CpvCode,
    CriterionKind,
    EvaluatorDeclaration,
    EvaluatorScore,
    ModeratedScore,
    OcdsRelease,
    SavedSearch,
    Tender,
    TenderAmendment,
    TenderCriterion,
    TenderDocument,
    TenderInterest,
    TenderQuerySet,
    TenderQuestion,
    TenderStatus,
    TenderUserObjectPermission,
)


@dataclass(frozen=True)
class ValueBand:
    key: str
    label: str
    low: Decimal | None
    high: Decimal | None

    def q(self) -> Q:
        """Tenders whose highest value falls in this band."""
        condition = Q()
        if self.low is not None:
            condition &= Q(value_max__gte=self.low)
        if self.high is not None:
            condition &= Q(value_max__lt=self.high)
        return condition


VALUE_BANDS = [
    ValueBand("under-25k", "Under £25,000", None, Decimal(25_000)),
    ValueBand("25k-100k", "£25,000 to £100,000", Decimal(25_000), Decimal(100_000)),
    ValueBand("100k-500k", "£100,000 to £500,000", Decimal(100_000), Decimal(500_000)),
    ValueBand("500k-plus", "£500,000 or more", Decimal(500_000), None),
]
VALUE_BAND_KEYS = [band.key for band in VALUE_BANDS]
SORTS = {"closing": ("closes_at", "id"), "newest": ("-listed_at", "-id")}
CLOSING_WITHIN_DAYS = [7, 14, 30]


@dataclass(frozen=True)
class TenderFilters:
    search: str = ""
    status: str = ""  # "open" or "closed" by the database clock, or a stored status
    division: str = ""
    value_band: str = ""
    buyer: str = ""
    sme_suitable: bool | None = None
    vcse_suitable: bool | None = None
    closing_within_days: int | None = None


def _open_q() -> Q:
    return Q(status=TenderStatus.PUBLISHED, closes_at__gt=Now())


def _closed_q() -> Q:
    return Q(status=TenderStatus.PUBLISHED, closes_at__lte=Now())


def tenders_visible_to(
    *, user: User | Any, filters: TenderFilters, sort: str = "newest"
) -> QuerySet[Tender]:
    """Tenders the user may see, filtered. Anonymous visitors see published tenders;
    officers also see their own organisations' drafts. With words to search, best
    match first; otherwise in the `sort` order."""
    tenders: QuerySet[Tender] = (
        Tender.objects.with_clock()
        .visible_to(user)
        .select_related("buyer")
        .prefetch_related(
            Prefetch("cpv_codes", queryset=CpvCode.objects.order_by("code")),
            "participating_boroughs",
        )
    )
    tenders = _filtered(tenders, filters)
    if filters.search.strip():
        query = SearchQuery(filters.search, search_type="websearch", config="english")
        return (
            tenders.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "closes_at", "id")
        )
    return tenders.order_by(*SORTS.get(sort, SORTS["newest"]))


# What the board's list shows of each tender (procurement.serializers.tender_list_output).
TENDER_LIST_ROW = [
    "id",
    "title",
    "stage",
    "is_open",
    "buyer_slug",
    "buyer_name",
    "value_min",
    "value_max",
    "code_list",
    "code_descriptions",
    "sme_suitable",
    "vcse_suitable",
    "published_at",
    "closes_at",
    "listed_at",
]
# Built once: a field instance per request is measurable on the hottest read path.
_STAGE = Case(
    When(status=TenderStatus.PUBLISHED, closes_at__lte=Now(), then=Value(TenderStatus.CLOSED)),
    default=F("status"),
    output_field=CharField(),
)
_IS_OPEN = ExpressionWrapper(_open_q(), output_field=BooleanField())


class _TenderCodes(Func):
    """A tender's CPV codes (or their descriptions), in code order, as one array. The
    same SQL as an ArraySubquery over the link table, written out once: compiling two
    ArraySubquery expressions (each a whole inner query) cost more per request than
    fetching the page."""

    output_field = ArrayField(CharField())

    def __init__(self, *, descriptions: bool = False) -> None:
        links = Tender.cpv_codes.through._meta.db_table
        if descriptions:
            codes = CpvCode._meta.db_table
            source = (
                f'c."description" FROM "{links}" x JOIN "{codes}" c ON c."code" = x."cpvcode_id"'
            )
        else:
            source = f'x."cpvcode_id" FROM "{links}" x'
        self.template = (
            f'ARRAY(SELECT {source} WHERE x."tender_id" = %(expressions)s ORDER BY x."cpvcode_id")'
        )
        super().__init__(F("pk"))


class _InDivision(Func):
    """Whether the tender has a code in the division (its first two digits), as EXISTS
    over the link table. Written out, not as Exists() over a queryset: compiling that
    inner query was more than half the cost of compiling the whole list's. The
    division is written into the text, not passed as a parameter: the app prepares
    the statements it runs often, and PostgreSQL's generic plan for "LIKE $1" cannot
    use the prefix index, so the board's deep page at 10,000 tenders took four times
    its custom plan's time. There are 45 divisions, so at most 45 statements."""

    output_field = BooleanField()

    def __init__(self, division: str) -> None:
        if not (len(division) == 2 and division.isascii() and division.isdigit()):
            raise ValueError(f"not a CPV division: {division!r}")
        links = Tender.cpv_codes.through._meta.db_table
        # Our own table's name, and two digits checked above.
        where = f'x."tender_id" = %(expressions)s AND x."cpvcode_id" LIKE \'{division}%%%%\''
        self.template = f'EXISTS(SELECT 1 FROM "{links}" x WHERE {where})'  # noqa: S608  # nosec B608
        super().__init__(F("pk"))


@cache
def _tender_list_base() -> TenderQuerySet:
    """The list's annotations, resolved once per process: resolving them again on every
    request cost more than half a millisecond. Never evaluated itself; every use
    filters it, which clones it."""
    return Tender.objects.annotate(
        stage=_STAGE,
        is_open=_IS_OPEN,
        buyer_slug=F("buyer__slug"),
        buyer_name=F("buyer__name"),
        code_list=_TenderCodes(),
        code_descriptions=_TenderCodes(descriptions=True),
    )


def tender_list_rows(
    *, user: User | Any, filters: TenderFilters, sort: str = "newest"
) -> QuerySet[Tender, dict[str, Any]]:
    """tenders_visible_to as plain rows for the board's list: one query, the buyer
    joined and the CPV codes gathered in SQL. The list is the hottest read there is:
    model instances, two prefetches and a ModelSerializer cost several times what the
    database does for a page (see bench/)."""
    if not getattr(user, "is_authenticated", False) and not filters.search.strip():
        # A clone: evaluating the kept queryset would keep its rows too.
        return _public_list_rows(filters, sort).all()
    return _list_rows(user, filters, sort)


@lru_cache(maxsize=256)
def _public_list_rows(filters: TenderFilters, sort: str) -> QuerySet[Tender, dict[str, Any]]:
    """What anyone not signed in sees for these filters, built once per process (up to
    a few hundred combinations; words to search are too many to keep): the public
    board's query is the same for every visitor, and building it (visibility, filters,
    ordering) cost as much again as compiling it. Never evaluated itself: pagination
    and slicing clone it."""
    return _list_rows(None, filters, sort)


def keyset_position(row: dict[str, Any], order: str) -> str:
    """A row's place in one of the board's orderings as its cursors name it: the
    moment it sorts by and its id ("2026-12-01T12:00:00+00:00|42"). Unique, so a page
    can end inside a run of tenders with the same moment (many close at noon) and the
    next and previous pages start exactly after and before it."""
    return f"{row[order.lstrip('-')].isoformat()}|{row['id']}"


def keyset_parse(position: str, order: str) -> tuple[datetime, int]:
    """The moment and id a cursor's position names; ValueError if it names none."""
    moment, _, pk = position.rpartition("|")
    try:
        parsed = sort_field(order).to_python(moment)
    except DjangoValidationError as error:
        raise ValueError(f"not a position: {position!r}") from error
    if not isinstance(parsed, datetime) or not pk.isdigit():
        raise ValueError(f"not a position: {position!r}")
    return parsed, int(pk)


class _Beyond(Func):
    """The rows after (gt) or before (lt) a position in an ordering: (moment, id)
    compared as a row, which the ordering's (moment, id) index answers directly."""

    output_field = BooleanField()

    def __init__(self, order: str, lookup: str, moment: datetime, pk: int) -> None:
        self.template = f"(%(expressions)s) {'<' if lookup == 'lt' else '>'} (%%s, %%s)"
        self.position = [moment, pk]
        super().__init__(F(order.lstrip("-")), F("id"))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, [*params, *self.position]


def _cursor_bound(order: str, bound: dict[str, Any]) -> tuple[str, datetime, int]:
    """The lookup ("lt" or "gt"), moment and id of the one filter DRF's
    CursorPagination adds to a page: the ordering's first field beyond the cursor's
    position (TenderPagination writes positions with keyset_position)."""
    ((key, position),) = bound.items()
    field, _, lookup = key.partition("__")
    if field != order.lstrip("-") or lookup not in ("lt", "gt"):
        raise ValueError(f"the board's rows are not filtered on {key}")
    return (lookup, *keyset_parse(position, order))


@dataclass(frozen=True)
class KeysetRows:
    """A signed-in person's board rows (a queryset) as TenderPagination pages them:
    the cursor's filter is a (moment, id) row comparison."""

    rows: QuerySet[Tender, dict[str, Any]]
    ordering: tuple[str, ...] = ()

    def order_by(self, *ordering: str) -> KeysetRows:
        return KeysetRows(self.rows.order_by(*ordering), ordering)

    def filter(self, **bound: Any) -> KeysetRows:
        lookup, moment, pk = _cursor_bound(self.ordering[0], bound)
        return replace(self, rows=self.rows.filter(_Beyond(self.ordering[0], lookup, moment, pk)))

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return list(self.rows[window])


@dataclass(frozen=True)
class PublicRows:
    """The public board's rows for a filter set, for anyone not signed in, as
    TenderPagination (DRF's CursorPagination) pages them: it orders them, keeps those
    beyond the cursor's position, and slices. Each page is read through a statement
    compiled once per process for its shape (filters, order, direction, offset and
    size; the position is a parameter), with the same rows as KeysetRows gives over
    tender_list_rows (tests/procurement/test_tender_list_rows.py). The public board
    is the most-read page there is, and compiling its query again for every visitor
    cost a fifth of a page. Only the text is kept: the rows are read afresh every
    time, and the clock the statement compares with is the database's."""

    filters: TenderFilters
    sort: str
    ordering: tuple[str, ...] = ()
    lookup: str = ""  # "lt" or "gt": rows before or after the position
    position: tuple[datetime, int] | None = None

    def order_by(self, *ordering: str) -> PublicRows:
        return replace(self, ordering=ordering)

    def filter(self, **bound: Any) -> PublicRows:
        lookup, moment, pk = _cursor_bound(self.ordering[0], bound)
        return replace(self, lookup=lookup, position=(moment, pk))

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        start, stop = window.start or 0, window.stop
        statement = _public_page_statement(
            self.filters, self.sort, self.ordering, self.lookup, start, stop
        )
        if statement is None:
            return list(self._queryset()[start:stop])
        sql, names, database = statement
        with connections[database].cursor() as cursor:
            cursor.execute(sql, self.position or ())
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _queryset(self) -> QuerySet[Tender, dict[str, Any]]:
        rows = _public_list_rows(self.filters, self.sort).order_by(*self.ordering)
        if self.lookup and self.position is not None:
            rows = rows.filter(_Beyond(self.ordering[0], self.lookup, *self.position))
        return rows


def sort_field(order: str) -> DjangoField[Any, Any]:
    """The tender field an ordering ("-listed_at") sorts by."""
    return cast("DjangoField[Any, Any]", Tender._meta.get_field(order.lstrip("-")))


def public_rows(*, user: User | Any, filters: TenderFilters, sort: str) -> PublicRows | None:
    """The board's rows as PublicRows for anyone not signed in; None for anyone else,
    and for a search (ranked, and its words too many to keep statements for)."""
    if getattr(user, "is_authenticated", False) or filters.search.strip():
        return None
    return PublicRows(filters, sort)


# Stand for the cursor's position while a page's statement is compiled: no tender is
# listed or closes at this moment, or has this id.
_POSITION = (datetime(1, 1, 1, 0, 0, 0, 1, tzinfo=UTC), -7_919_919_919)


@lru_cache(maxsize=512)
def _public_page_statement(
    filters: TenderFilters, sort: str, ordering: tuple[str, ...], lookup: str, start: int, stop: int
) -> tuple[str, tuple[str, ...], str] | None:
    """The SQL of one shape of public page, the column names, and the database it
    reads (a router may send the board to a replica); None where reading it back
    needs more than the database's values (a column with a converter) or there is no
    statement (a filter nothing can match). The filters' values are written into the
    text as literals; only a cursor page's position, the moment and the id, is left
    as two parameters. With the filters' values as parameters, the prepared
    statement's generic plan read a page in 1.9 ms where its custom plan took 1.1."""
    rows = PublicRows(filters, sort, ordering, lookup, _POSITION if lookup else None)._queryset()
    rows = rows[start:stop]
    compiler = rows.query.get_compiler(using=rows.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    if compiler.get_converters([column for column, _, _ in compiler.select]):
        return None
    text = _written_in(sql, params, database=rows.db, position=bool(lookup))
    if text is None:
        return None
    query = rows.query  # its columns, named as ValuesIterable names them
    names = query.selected or (*query.extra_select, *query.values_select, *query.annotation_select)
    return text, tuple(names), rows.db


def _written_in(sql: str, params: Sequence[Any], *, database: str, position: bool) -> str | None:
    """The statement with its parameters written in as psycopg quotes them, but for
    the position (_POSITION's moment and id), which become %s again; None if the
    position is not found exactly once."""
    connection = connections[database]
    connection.ensure_connection()
    mogrify = psycopg.ClientCursor(connection.connection).mogrify
    text = mogrify(sql, params).replace("%", "%%")
    if position:
        for stand_in in _POSITION:
            literal = mogrify("%s", [stand_in])
            if text.count(literal) != 1:
                return None
            text = text.replace(literal, "%s")
    return text


def _list_rows(
    user: User | Any, filters: TenderFilters, sort: str
) -> QuerySet[Tender, dict[str, Any]]:
    tenders = _filtered(_tender_list_base().visible_to(user), filters)
    if filters.search.strip():
        query = SearchQuery(filters.search, search_type="websearch", config="english")
        return (
            tenders.annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "closes_at", "id")
            .values(*TENDER_LIST_ROW)
        )
    return tenders.order_by(*SORTS.get(sort, SORTS["newest"])).values(*TENDER_LIST_ROW)


def _filtered(tenders: QuerySet[Tender], filters: TenderFilters) -> QuerySet[Tender]:
    if filters.status == "open":
        tenders = tenders.filter(_open_q())
    elif filters.status == "closed":
        tenders = tenders.filter(_closed_q())
    elif filters.status:
        tenders = tenders.filter(status=filters.status)
    if filters.division:
        # A division is a code's first two digits. Matching the prefix on the link
        # table, not joining the codes for their division column, lets PostgreSQL
        # estimate from the link table's own statistics: with the join it guessed a
        # tenth of the real count and sorted every match instead of reading the
        # newest first.
        tenders = tenders.filter(_InDivision(filters.division))
    if filters.value_band:
        band = next(band for band in VALUE_BANDS if band.key == filters.value_band)
        tenders = tenders.filter(band.q())
    if filters.buyer:
        tenders = tenders.filter(buyer__slug=filters.buyer)
    if filters.sme_suitable is not None:
        tenders = tenders.filter(sme_suitable=filters.sme_suitable)
    if filters.vcse_suitable is not None:
        tenders = tenders.filter(vcse_suitable=filters.vcse_suitable)
    if filters.closing_within_days is not None:
        tenders = tenders.filter(
            _open_q(), closes_at__lte=Now() + timedelta(days=filters.closing_within_days)
        )
    if filters.search.strip():
        query = SearchQuery(filters.search, search_type="websearch", config="english")
        tenders = tenders.filter(search_vector=query)
    return tenders


# The facet counts in one statement: the matching tenders once (the ORM's query, so
# visibility and the filters are the list's own), then the conditional counts, the
# divisions and the buyers over them. The counts come back as an array and the lists
# as JSON, so nothing is shaped in Python but the dicts the API returns. A code's
# division is its first two digits (CpvCode.division), read off the link table's own
# index (tender, code) rather than joined through the 9,455 codes. The matching rows
# come from the index tender_facets_idx, which holds every column m reads.
_FACETS_SQL = """
WITH m AS MATERIALIZED ({matching})
SELECT
    (SELECT ARRAY[{counts}] FROM m),
    (SELECT coalesce(json_agg(json_build_array(
                d.division, coalesce(n.description, d.division), d.count) ORDER BY d.division),
            '[]')
     FROM (SELECT left(x.cpvcode_id, 2) AS division, count(DISTINCT x.tender_id) AS count
           FROM procurement_tender_cpv_codes x WHERE x.tender_id IN (SELECT id FROM m)
           GROUP BY 1) d
     LEFT JOIN procurement_cpvcode n ON n.code = d.division || '000000'),
    (SELECT coalesce(json_agg(json_build_array(o.slug, o.name, b.count) ORDER BY o.name, o.slug),
            '[]')
     FROM (SELECT buyer_id, count(*) AS count FROM m GROUP BY buyer_id) b
     JOIN accounts_organisation o ON o.id = b.buyer_id)
"""
# What an impossible filter (an empty IN list) compiles to: no tenders.
_NOTHING_SQL = (
    "SELECT id, status, closes_at, value_max, sme_suitable, vcse_suitable, buyer_id"
    " FROM procurement_tender WHERE false"
)
_OPEN_SQL = "status = 'published' AND closes_at > statement_timestamp()"
_CLOSED_SQL = "status = 'published' AND closes_at <= statement_timestamp()"


def _band_sql(band: ValueBand) -> tuple[str, list[Decimal]]:
    conditions, params = ["true"], list[Decimal]()
    if band.low is not None:
        conditions.append("value_max >= %s")
        params.append(band.low)
    if band.high is not None:
        conditions.append("value_max < %s")
        params.append(band.high)
    return " AND ".join(conditions), params


def _facet_counts_sql() -> tuple[str, list[Any]]:
    """The conditional counts, in the order tender_facets reads them."""
    conditions: list[tuple[str, list[Any]]] = [
        (_OPEN_SQL, []),
        (_CLOSED_SQL, []),
        ("sme_suitable", []),
        ("vcse_suitable", []),
    ]
    conditions += [_band_sql(band) for band in VALUE_BANDS]
    conditions += [
        (f"{_OPEN_SQL} AND closes_at <= statement_timestamp() + %s", [timedelta(days=days)])
        for days in CLOSING_WITHIN_DAYS
    ]
    sql = ", ".join(f"count(*) FILTER (WHERE {condition})" for condition, _ in conditions)
    return sql, [param for _, params in conditions for param in params]


@cache
def _facets_counts() -> tuple[str, tuple[Any, ...]]:
    sql, params = _facet_counts_sql()
    return sql, tuple(params)


def _facets_statement(user: User | Any, filters: TenderFilters) -> tuple[str, list[Any]]:
    """_FACETS_SQL over the tenders this person may see that match the filters."""
    matching = (
        _filtered(Tender.objects.visible_to(user), filters)
        .order_by()
        .values(
            "id", "status", "closes_at", "value_max", "sme_suitable", "vcse_suitable", "buyer_id"
        )
    )
    try:
        matching_sql, matching_params = matching.query.sql_with_params()
    except EmptyResultSet:
        matching_sql, matching_params = _NOTHING_SQL, ()
    counts_sql, counts_params = _facets_counts()
    sql = _FACETS_SQL.format(matching=matching_sql, counts=counts_sql)
    return sql, [*matching_params, *counts_params]


@lru_cache(maxsize=256)
def _public_facets_statement(filters: TenderFilters) -> tuple[str, tuple[Any, ...]]:
    """The statement for anyone who sees only public tenders, by the filters alone:
    building and compiling the querysets again cost more per request than the
    statement does at a thousand tenders. Nothing in it depends on the time of the
    request (the clock is the database's), so it keeps."""
    sql, params = _facets_statement(AnonymousUser(), filters)
    return sql, tuple(params)


def tender_facets(*, user: User | Any, filters: TenderFilters) -> dict[str, Any]:
    """Counts within the current results, in one query whatever the data (_FACETS_SQL).
    The counts are over the tenders the list would show for these filters: the
    matching rows are the ORM's own filtered queryset, compiled into the statement."""
    params: Sequence[Any]
    if getattr(user, "is_authenticated", False) and user.is_active:
        sql, params = _facets_statement(user, filters)
    else:
        sql, params = _public_facets_statement(filters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts, divisions, buyers = cursor.fetchone()
    opened, closed, sme, vcse, *rest = counts
    bands, within = rest[: len(VALUE_BANDS)], rest[len(VALUE_BANDS) :]
    return {
        "status": [
            {"value": "open", "label": "Open", "count": opened},
            {"value": "closed", "label": "Closed", "count": closed},
        ],
        "division": [
            {"value": value, "label": label, "count": count} for value, label, count in divisions
        ],
        "value_band": [
            {"value": band.key, "label": band.label, "count": count}
            for band, count in zip(VALUE_BANDS, bands, strict=True)
        ],
        "buyer": [
            {"value": value, "label": label, "count": count} for value, label, count in buyers
        ],
        "sme_suitable": [{"value": "true", "label": "Suitable for SMEs", "count": sme}],
        "vcse_suitable": [{"value": "true", "label": "Suitable for VCSEs", "count": vcse}],
        "closing_within_days": [
            {"value": str(days), "label": f"Closing within {days} days", "count": count}
            for days, count in zip(CLOSING_WITHIN_DAYS, within, strict=True)
        ],
    }


def bids_visible_to(*, user: User | Any, tender: Tender) -> QuerySet[Bid]:
    """The bids on this tender the user may read. Suppliers see their own. The buyer
    and evaluators get a 403 while the bids are sealed (before closes_at by the
    database clock) rather than an empty list, so nobody mistakes "sealed" for "no
    bids"; the query also filters on the clock, so a sealed bid is never returned."""
    buyer = is_buyer(user, tender)
    evaluator = not buyer and is_evaluator(user, tender)
    if (buyer or evaluator) and bid_is_sealed(tender):
        if tender.status == TenderStatus.WITHDRAWN:
            raise ApplicationError(
                "This tender was withdrawn: its bids are never opened.",
                status_code=status.HTTP_403_FORBIDDEN,
            )
        raise ApplicationError(
            f"Bids are sealed until the tender closes at {london_time(tender.closes_at)}.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if (
        evaluator
        and not EvaluatorDeclaration.objects.filter(tender=tender, evaluator=user).exists()
    ):
        raise ApplicationError(
            "Declare your conflicts of interest before you see the bids.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return (
        bids_readable_by(user)
        .filter(tender=tender)
        .select_related("supplier", "latest_submission")
        .order_by("created_at", "id")
    )


def bid_attachments_of(*, bid: Bid) -> QuerySet[BidAttachment]:
    """The documents of the bid's working copy (the bidder's view)."""
    return BidAttachment.objects.filter(bid=bid, removed_at__isnull=True).order_by("id")


def submitted_attachments(*, bid: Bid) -> list[dict[str, Any]]:
    """The documents the bid's latest submission was sealed with, as the receipt lists them."""
    if bid.latest_submission is None:
        return []
    return list(bid.latest_submission.content.get("attachments", []))


def questions_visible_to(*, user: User | Any, tender: Tender) -> QuerySet[TenderQuestion]:
    """Published Q&As for everyone who can see the tender; the asker's organisation
    also sees its unanswered questions; the buyer sees all."""
    questions = TenderQuestion.objects.filter(tender=tender).select_related("supplier")
    if is_buyer(user, tender):
        return questions
    condition = Q(published_at__isnull=False)
    if getattr(user, "is_authenticated", False):
        condition |= Q(supplier_id__in=active_organisation_ids(user))
    return questions.filter(condition)


def amendments_of(*, tender: Tender) -> QuerySet[TenderAmendment]:
    return TenderAmendment.objects.filter(tender=tender).order_by("number")


def tender_documents_of(*, tender: Tender) -> QuerySet[TenderDocument]:
    """The tender's current documents, oldest first. Whoever may see the tender may
    read them (tender_get_for decides that): the public once it is published."""
    return TenderDocument.objects.filter(tender=tender, removed_at__isnull=True).order_by(
        "created_at", "id"
    )


def amended_documents(*, amendment: TenderAmendment) -> list[str]:
    """What an amendment did to the documents, as a person reads it: each document
    added, replaced or removed, by its title. Read from the amendment's own record."""
    if "documents" not in amendment.changed_fields:
        return []
    before = {item["id"]: item for item in amendment.before.get("documents", [])}
    after = amendment.after.get("documents", [])
    kept = {item["id"] for item in after}
    replaced = set()
    changes = []
    for item in after:
        if item["id"] in before:
            continue
        earlier = before.get(item.get("replaces"))
        if earlier is not None:
            replaced.add(earlier["id"])
            changes.append(f"{_quoted(earlier['title'])} replaced by {_quoted(item['title'])}")
        else:
            changes.append(f"{_quoted(item['title'])} added")
    for item in before.values():
        if item["id"] not in kept and item["id"] not in replaced:
            changes.append(f"{_quoted(item['title'])} removed")
    return changes


def _quoted(title: str) -> str:
    return f"\N{LEFT SINGLE QUOTATION MARK}{title}\N{RIGHT SINGLE QUOTATION MARK}"


def evaluators_of(*, tender: Tender) -> QuerySet[TenderUserObjectPermission]:
    """The evaluators named on the tender, with whether each has declared."""
    return (
        evaluator_grants(tender)
        .select_related("user")
        .annotate(
            declared=Exists(
                EvaluatorDeclaration.objects.filter(tender=tender, evaluator_id=OuterRef("user_id"))
            )
        )
        .order_by("user__full_name", "id")
    )


def conflicts_of(*, user: User, tender: Tender) -> QuerySet[BidConflict]:
    return BidConflict.objects.filter(bid__tender=tender, evaluator=user).order_by("bid_id", "id")


def bidders_for_declaration(*, tender: Tender) -> QuerySet[Bid]:
    """Who bid (names only, never content): what an evaluator declares conflicts against."""
    return (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("supplier__name", "id")
    )


def ocds_releases() -> QuerySet[OcdsRelease]:
    """Every release of every tender ever published, in order."""
    return OcdsRelease.objects.filter(tender__published_at__isnull=False).order_by(
        "tender_id", "number"
    )


# Evaluation ------------------------------------------------------------------------------


def _criteria(tender: Tender) -> tuple[list[TenderCriterion], list[Criterion]]:
    rows = list(TenderCriterion.objects.filter(tender=tender).order_by("position", "id"))
    return rows, [
        Criterion(key=c.key, name=c.name, weight=c.weight, priced=c.kind == CriterionKind.PRICE)
        for c in rows
    ]


def evaluation_summary(*, tender: Tender) -> list[dict[str, Any]]:
    """Each submitted bid's agreed (moderated) weighted scores, total and rank. Three
    queries: criteria, bids with their submissions, moderated scores."""
    rows, criteria = _criteria(tender)
    bids = list(
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier", "latest_submission")
        .prefetch_related("moderated_scores__criterion")
        .order_by("id")
    )
    prices = {
        bid.pk: Decimal(bid.latest_submission.content["price"])
        for bid in bids
        if bid.latest_submission is not None
    }
    lowest = min(prices.values()) if prices else None
    breakdowns = {}
    reasons: dict[int, dict[str, str]] = {}
    for bid in bids:
        agreed_rows = list(bid.moderated_scores.all())
        agreed = {score.criterion.key: score.score for score in agreed_rows}
        reasons[bid.pk] = {score.criterion.key: score.rationale for score in agreed_rows}
        breakdowns[bid.pk] = weighted_breakdown(
            criteria=criteria, scores=agreed, price=prices.get(bid.pk), lowest_price=lowest
        )
    ranks = {entry: rank for entry, _, rank in ranked({k: total(v) for k, v in breakdowns.items()})}
    moderated = {
        bid.pk: len(bid.moderated_scores.all()) >= sum(1 for c in criteria if not c.priced)
        for bid in bids
    }
    return [
        {
            "bid": bid.pk,
            "supplier": bid.supplier,
            "price": prices.get(bid.pk),
            "moderated": moderated[bid.pk],
            "scores": [
                {
                    "criterion": c.key,
                    "name": c.name,
                    "weight": c.weight,
                    "score": breakdowns[bid.pk][c.key],
                    "priced": c.kind == CriterionKind.PRICE,
                    # The moderator's recorded rationale; price has a formula instead.
                    "reason": reasons[bid.pk].get(c.key, ""),
                }
                for c in rows
            ],
            "total": total(breakdowns[bid.pk]),
            "rank": ranks[bid.pk],
        }
        for bid in sorted(bids, key=lambda b: (ranks[b.pk], b.pk))
    ]


def bid_assessment(*, bid: Bid) -> dict[str, Any]:
    """What an unsuccessful (or successful) bidder is told: their weighted score and
    the winner's, per criterion, each with its reason. Only once the award is decided."""
    tender = bid.tender
    if tender.winning_bid_id is None or not bid.outcome:
        raise ApplicationError(
            "The assessment is available once the award is decided.",
            status_code=status.HTTP_409_CONFLICT,
        )
    summary = {row["bid"]: row for row in evaluation_summary(tender=tender)}
    return _assessment(bid, tender, summary)


def award_assessments(*, tender: Tender, bids: Sequence[Bid]) -> dict[int, dict[str, Any]]:
    """bid_assessment for each of the bids, from one evaluation summary (three
    queries, whatever the number of bids): what the award e-mails carry."""
    summary = {row["bid"]: row for row in evaluation_summary(tender=tender)}
    return {bid.pk: _assessment(bid, tender, summary) for bid in bids}


def _assessment(bid: Bid, tender: Tender, summary: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """One bidder's assessment summary. It holds that bid's scores and the winner's,
    never another bidder's."""
    mine, winner = summary[bid.pk], summary[tender.winning_bid_id]  # type: ignore[index]
    winning = {row["criterion"]: row for row in winner["scores"]}
    return {
        "tender": tender.pk,
        "outcome": bid.outcome,
        "winner": winner["supplier"].name,
        "criteria": [
            {
                "criterion": row["criterion"],
                "name": row["name"],
                "weight": row["weight"],
                "priced": row["priced"],
                "your_score": row["score"],
                "winning_score": winning[row["criterion"]]["score"],
                "your_reason": _reason(row, price=mine["price"], whose="your"),
                "winning_reason": _reason(
                    winning[row["criterion"]], price=winner["price"], whose="the winning"
                ),
            }
            for row in mine["scores"]
        ],
        "your_price": mine["price"],
        "winning_price": winner["price"],
        "your_total": mine["total"],
        "winning_total": winner["total"],
        "standstill_ends_on": tender.standstill_ends_on,
    }


def _reason(row: dict[str, Any], *, price: Decimal | None, whose: str) -> str:
    """The moderator's rationale; for price, the stated formula. The lowest price is
    not named: it may be another bidder's."""
    if not row["priced"]:
        return str(row["reason"])
    if price is None:
        return "No price was submitted."
    weight = f"{row['weight'].normalize():f}"
    return (
        f"Scored by the stated formula: the lowest price received \N{DIVISION SIGN} "
        f"{whose} price (\N{POUND SIGN}{price:,.2f}) \N{MULTIPLICATION SIGN} {weight}."
    )


def my_scores(*, user: User, bid: Bid) -> QuerySet[EvaluatorScore]:
    """An evaluator's own scores: never the other evaluators'."""
    return EvaluatorScore.objects.filter(bid=bid, evaluator=user).select_related("criterion")


# Saved searches and followers --------------------------------------------------------------


def saved_searches_of(*, user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).select_related("buyer")


def saved_searches_by_id(*, ids: Sequence[int]) -> QuerySet[SavedSearch]:
    """Saved searches with their owners, in id order: the ones a match named."""
    return SavedSearch.objects.filter(pk__in=ids).select_related("user").order_by("pk")


# Each search's words are parsed once and each tender's facts gathered once, then
# every pair is compared: parsing the words per (tender, search) pair, as a subquery
# per tender did, cost three times this.
_SAVED_SEARCH_MATCHES_SQL = """
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
"""


def saved_search_matches(*, tender_ids: Sequence[int]) -> list[tuple[int, int, int]]:
    """A batch of tenders (one just published, or a day's new ones) against every saved
    search of an active person: the (tender id, saved search id, owner's id) of each
    match, in that order. A search matches when each filter it has agrees with the
    tender (a division among the tender's codes' divisions, its value band, buyer, SME
    and VCSE suitability) and its words match the tender's search vector. One query
    whatever the batch or the number of searches."""
    bands = [_band_sql(band) for band in VALUE_BANDS]
    cases = " ".join(f"WHEN {condition} THEN %s" for condition, _ in bands)
    params: list[Any] = [
        p for (_, values), band in zip(bands, VALUE_BANDS, strict=True) for p in (*values, band.key)
    ]
    with connection.cursor() as cursor:
        cursor.execute(_SAVED_SEARCH_MATCHES_SQL.format(bands=cases), [*params, list(tender_ids)])
        return [(tender, search, user) for tender, search, user in cursor.fetchall()]


def tender_followers(*, tender: Tender) -> QuerySet[User]:
    """People following the tender, and members of suppliers with a live bid on it."""
    bidders = Bid.objects.filter(tender=tender, status__in=LIVE_BID_STATUSES).values("supplier_id")
    return User.objects.filter(
        Q(tender_interests__tender=tender)
        | Q(memberships__organisation_id__in=bidders, memberships__ended_at__isnull=True),
        is_active=True,
    ).distinct()


def bidder_members(*, bid: Bid) -> QuerySet[User]:
    """The people of the bidding supplier now: who is told of the bid's outcome."""
    return User.objects.filter(
        memberships__organisation_id=bid.supplier_id,
        memberships__ended_at__isnull=True,
        is_active=True,
    ).distinct()


# The GOV.UK pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TenderViewer:
    """Who the person looking at a tender is to it: what the tender page offers them."""

    is_buyer: bool = False
    is_evaluator: bool = False
    suppliers: tuple[Organisation, ...] = ()
    bid: Bid | None = None
    following: bool = False

    @property
    def is_supplier(self) -> bool:
        return bool(self.suppliers)


def tender_viewer(*, user: User | Any, tender: Tender) -> TenderViewer:
    """Five small queries for a signed-in person, none for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return TenderViewer()
    suppliers = tuple(suppliers_of(user))
    bid = None
    if suppliers:
        bid = (
            Bid.objects.filter(
                tender=tender,
                supplier__in=[s.pk for s in suppliers],
                status__in=LIVE_BID_STATUSES,
            )
            .select_related("supplier", "latest_submission")
            .first()
        )
    return TenderViewer(
        is_buyer=is_buyer(user, tender),
        is_evaluator=is_evaluator(user, tender),
        suppliers=suppliers,
        bid=bid,
        following=TenderInterest.objects.filter(user=user, tender=tender).exists(),
    )


def cpv_divisions() -> list[tuple[str, str]]:
    """Each CPV division (the first two digits) with its name: the XX000000 code's."""
    return list(
        CpvCode.objects.filter(code__endswith="000000")
        .order_by("division")
        .values_list("division", "description")
    )


def scored_criteria(*, tender: Tender) -> list[TenderCriterion]:
    """The criteria people respond to and score (price is worked out), from the
    prefetched criteria when tender_get_for fetched the tender."""
    return [c for c in tender.criteria.all() if c.kind != CriterionKind.PRICE]


def bids_to_score(*, user: User, tender: Tender) -> QuerySet[Bid]:
    """The bids an evaluator may score (after declaring; never a conflicted one), with
    whether they have scored each yet. Raises like bids_visible_to while sealed."""
    return bids_visible_to(user=user, tender=tender).annotate(
        scored=Exists(EvaluatorScore.objects.filter(bid_id=OuterRef("pk"), evaluator=user))
    )


def scores_for_moderation(*, bid: Bid) -> list[dict[str, Any]]:
    """Each scored criterion with every evaluator's score and comment, their mean, and
    the agreed score so far: what the moderator works from. Three queries."""
    criteria = TenderCriterion.objects.filter(tender_id=bid.tender_id).exclude(
        kind=CriterionKind.PRICE
    )
    scores = EvaluatorScore.objects.filter(bid=bid).select_related("evaluator")
    agreed = {row.criterion_id: row for row in ModeratedScore.objects.filter(bid=bid)}
    by_criterion: dict[int, list[EvaluatorScore]] = {}
    for score in scores.order_by("evaluator__full_name", "id"):
        by_criterion.setdefault(score.criterion_id, []).append(score)
    rows = []
    for criterion in criteria.order_by("position", "id"):
        given = by_criterion.get(criterion.pk, [])
        rows.append(
            {
                "criterion": criterion,
                "scores": given,
                "mean": mean_scores([{criterion.key: s.score} for s in given]).get(criterion.key),
                "agreed": agreed.get(criterion.pk),
            }
        )
    return rows


def has_declared(*, user: User, tender: Tender) -> bool:
    """Whether the evaluator has made their conflict-of-interest declaration."""
    return EvaluatorDeclaration.objects.filter(tender=tender, evaluator=user).exists()


def my_scores_by_criterion(*, user: User, bid: Bid) -> dict[str, tuple[Decimal, str]]:
    """An evaluator's own scores and comments, by criterion key: to fill in the form again."""
    return {s.criterion.key: (s.score, s.comment) for s in my_scores(user=user, bid=bid)}


def agreed_scores_by_criterion(*, bid: Bid) -> dict[str, tuple[Decimal, str]]:
    """The moderated scores and rationales so far, by criterion key."""
    rows = ModeratedScore.objects.filter(bid=bid).select_related("criterion")
    return {row.criterion.key: (row.score, row.rationale) for row in rows}
