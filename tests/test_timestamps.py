"""The database backend (loti/postgresql) reads timestamps with psycopg's compiled
loader, and they come back exactly as Django's own loader reads them."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.backends.postgresql.psycopg_any import (  # type: ignore[import-untyped]
    get_adapters_template,
    register_tzloader,
)
from psycopg import adapters
from psycopg.pq import Format

from loti.postgresql.base import UtcTimestamptzLoader, adapters_for

TIMESTAMPTZ = adapters.types["timestamptz"].oid
MOMENTS = [
    "2026-11-26 17:35:50.123456+00",
    "2026-03-29 00:59:59.999999+00",  # the last moment before London's clocks go forward
    "2026-03-29 01:00:00+00",
    "2026-10-25 00:30:00+01",  # written with an offset
    "1847-12-01 00:00:00-00:01:15",  # an offset in seconds
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
]
SQL = "SELECT " + ", ".join(["%s::timestamptz"] * len(MOMENTS))


def test_timestamps_read_as_djangos_own_loader_reads_them(db):
    with connection.cursor() as cursor:
        cursor.execute(SQL, MOMENTS)
        ours = cursor.fetchone()
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's, on this cursor only
        cursor.execute(SQL, MOMENTS)
        djangos = cursor.fetchone()

    assert ours == djangos
    assert [moment.tzinfo for moment in ours] == [UTC] * len(MOMENTS)
    assert [moment.isoformat() for moment in ours] == [m.isoformat() for m in djangos]


def test_the_connection_reads_them_with_psycopgs_compiled_loader(db):
    connection.ensure_connection()

    registered = connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert registered is UtcTimestamptzLoader
    assert type(UtcTimestamptzLoader(TIMESTAMPTZ, None)).__module__ == "psycopg_binary._psycopg"


def test_a_database_in_another_zone_keeps_djangos_loader():
    london = ZoneInfo("Europe/London")

    assert adapters_for(True, london) is get_adapters_template(True, london)
