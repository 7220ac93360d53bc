"""Statements a connection runs again and again are prepared, so PostgreSQL plans them
once: planning an officer's project list cost more than running it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from loti.accounts.models import Organisation
from projects.models import ProjectRevision

SWITCH = "DATABASE_PREPARED_STATEMENTS"


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_statement_run_often_is_prepared(db):
    for _ in range(6):
        list(Organisation.objects.filter(slug="loti-prepared-test").values_list("pk", flat=True))

    assert any('"slug" = $1' in statement for statement in _prepared())


def test_in_leaves_out_numbers_no_integer_column_holds(db):
    # Sent as typed parameters, 10**20 fits neither the int4 number nor the int8 id.
    numbers = ProjectRevision.objects.filter(number__in=[1, 10**20])
    ids = Organisation.objects.filter(pk__in=[2**63, 10**20])

    assert list(numbers) == []
    assert not ids.exists()


def _entry(**environ: str) -> dict[str, object]:
    """The settings module's DATABASES["default"] engine and options, as it builds them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(json.dumps({'ENGINE': d['ENGINE'], 'OPTIONS': d.get('OPTIONS', {})}))"
    )
    env = {name: value for name, value in os.environ.items() if name != SWITCH}
    env.update({"DJANGO_SETTINGS_MODULE": "loti.settings.base", **environ})
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout))


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "loti.settings.production",
    "SECRET_KEY": "test-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
    "DATABASE_URL": "postgresql://loti@db.internal:5432/loti",
}


@pytest.mark.parametrize(
    "environ",
    [{}, PRODUCTION, {"DJANGO_SETTINGS_MODULE": "bench.settings"}],
    ids=["base", "production", "bench"],
)
def test_prepared_statements_are_on_unless_turned_off(environ):
    on, off = _entry(**environ), _entry(**environ, **{SWITCH: "off"})

    assert on["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    assert off["OPTIONS"] == {}
    # Every settings module reads timestamps in C (tests/test_timestamps.py).
    assert on["ENGINE"] == off["ENGINE"] == "loti.postgresql"
