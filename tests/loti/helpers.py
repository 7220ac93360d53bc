"""Assertions shared by the API tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_error(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """The response is a `status` error in the one API error shape, naming `fields`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "fields"}, body
    assert isinstance(body["message"], str)
    assert body["message"]
    assert set(body["fields"]) == set(fields), body
    return body


@contextmanager
def assert_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    """Like django_assert_num_queries, but always shows the SQL when the count is wrong."""
    with CaptureQueriesContext(connection) as context:
        yield context
    performed = len(context.captured_queries)
    sql = "\n\n".join(f"{n}. {q['sql']}" for n, q in enumerate(context.captured_queries, 1))
    assert performed == expected, f"expected {expected} queries, got {performed}:\n\n{sql}"


def count_queries(request: Callable[[], Any]) -> tuple[int, str, Any]:
    """Run `request` and return its query count, the SQL (for failure messages), the result."""
    with CaptureQueriesContext(connection) as context:
        result = request()
    sql = "\n\n".join(f"{n}. {q['sql']}" for n, q in enumerate(context.captured_queries, 1))
    return len(context.captured_queries), sql, result
