from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def queries_of(client, url: str) -> list[str]:
    """The SQL a page runs, to print when a count is not what was expected."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def sign_in_url(path: str) -> str:
    return f"/sign-in/?next={path}"
