"""The benchmark's own database: `<name>_bench` beside whatever DATABASE_URL names.

The benchmark never touches the development or test database. Its database is dropped
and built again (migrated) at the start of every run, so each run measures the same
data sizes from the same starting point.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = "_bench"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/loti"


def bench_database_url(url: str) -> str:
    """The same server and credentials, the database name with `_bench` appended
    (unless it already ends so)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "loti"
    if not name.endswith(SUFFIX):
        name += SUFFIX
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _libpq(url: str) -> str:
    """Connection parameters for psycopg. An embedded server's URL names its Unix socket
    directory percent-encoded in the host part (as dj-database-url reads it), which
    libpq does not understand; pass it as the host parameter instead."""
    parts = urlsplit(url)
    userinfo, _, host = parts.netloc.rpartition("@")
    if not host.lower().startswith("%2f"):
        return url
    user = unquote(userinfo.partition(":")[0]) or "postgres"
    return f"dbname={parts.path.lstrip('/')} user={user} host={unquote(host)}"


def connect(url: str, **kwargs: object) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(_libpq(url), **kwargs)  # type: ignore[arg-type]


def recreate(url: str) -> None:
    """Drop the bench database (ending its sessions) and create it empty."""
    name = database_name(url)
    if not name.endswith(SUFFIX):
        raise ValueError(f"Refusing to drop {name!r}: not a benchmark database.")
    with connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(env: dict[str, str]) -> None:
    subprocess.run(  # nosec B603  # our own interpreter
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def bench_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the harness and its children: bench settings, bench database."""
    env = dict(os.environ if base is None else base)
    env["DATABASE_URL"] = bench_database_url(env.get("DATABASE_URL") or DEFAULT_URL)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    return env
