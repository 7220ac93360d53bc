"""Django's PostgreSQL backend, reading timestamps with psycopg's own loader.

Django registers a loader for timestamptz on every connection that parses in Python and
then pins the result to the connection's time zone. When that zone is UTC (USE_TZ with no
TIME_ZONE of the database's own, as here), Django has already set the session's zone to
UTC on connecting, and psycopg's own loader, in C, returns the same datetimes with the
same tzinfo (datetime.timezone.utc) at about a quarter of the cost. The tender board reads
150 timestamps a page; parsing them in Python was a tenth of the request (see bench/).
For any other zone, Django's loader stays.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from functools import cache
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import (  # type: ignore[import-untyped]
    get_adapters_template,
)
from psycopg import adapt, adapters
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

# psycopg's default: its C implementation, with psycopg's binary package installed.
_PSYCOPG_LOADER = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT) or (
    TimestamptzLoader
)


class UtcTimestamptzLoader(TimestamptzLoader):
    """Builds psycopg's loader in its place. `timezone` is what Django's create_cursor
    compares with the connection's zone before it registers a loader per cursor."""

    timezone = UTC

    def __new__(cls, oid: int, context: Any = None) -> Any:
        return _PSYCOPG_LOADER(oid, context)


@cache
def adapters_for(use_tz: bool, zone: tzinfo | None) -> adapt.AdaptersMap:
    template = get_adapters_template(use_tz, zone)
    if zone is not UTC:
        return template
    context = adapt.AdaptersMap(template)
    context.register_loader("timestamptz", UtcTimestamptzLoader)
    return context


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        params["context"] = adapters_for(settings.USE_TZ, self.timezone)
        return params
