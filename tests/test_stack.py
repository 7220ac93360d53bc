"""The launcher behind `make run` and `make test`: embedded services when no URLs are
given, the real servers (and nothing started) when they are."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import dj_database_url
import kombu
import kombu.exceptions
import psycopg
import redis

from tests.conftest import broker_answers

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, os; print(json.dumps({k: os.environ.get(k) for k in "
    "('DATABASE_URL', 'REDIS_URL')}))"
)


def run_stack(env: dict[str, str], data_dir: Path) -> dict[str, str]:
    env = {**env, "LOTI_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "loti.stack", "exec", "--", sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def without_service_urls() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}


def answers(urls: dict[str, str]) -> list[str]:
    """Which of the servers at these URLs still accept a connection."""
    running = []
    with contextlib.suppress(psycopg.OperationalError):
        psycopg.connect(urls["DATABASE_URL"], connect_timeout=2).close()
        running.append("PostgreSQL")
    # kombu raises the transport's errors as its own, or as OSError.
    with contextlib.suppress(kombu.exceptions.OperationalError, OSError):
        with kombu.Connection(urls["REDIS_URL"], connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        running.append("Redis")
    return running


def stop_leftovers(data_dir: Path) -> None:
    """A failed run must not leave servers behind once their folder is deleted."""
    pid_file = data_dir / "postgres" / "postmaster.pid"
    if pid_file.exists():
        with contextlib.suppress(ValueError, ProcessLookupError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
    socket = data_dir / "redis" / "redis.sock"
    if socket.exists():
        with contextlib.suppress(redis.RedisError, OSError):
            redis.Redis(unix_socket_path=str(socket), socket_timeout=2).shutdown(nosave=True)


def test_embedded_services_start_answer_and_stop() -> None:
    # A short folder: the PostgreSQL socket path must stay under 107 bytes.
    data_dir = Path("/tmp") / f"loti-stack-{os.getpid()}"
    env = without_service_urls()
    script = (
        "import json, os, psycopg, kombu;"
        "psycopg.connect(os.environ['DATABASE_URL']).execute('select 1');"
        "kombu.Connection(os.environ['REDIS_URL']).ensure_connection(max_retries=1);"
        "print(json.dumps({k: os.environ[k] for k in ('DATABASE_URL', 'REDIS_URL')}))"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", "loti.stack", "exec", "--", sys.executable, "-c", script],
            cwd=ROOT,
            env={**env, "LOTI_DATA_DIR": str(data_dir)},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        # The launcher logs its own lines after the command's.
        [line] = [line for line in result.stdout.splitlines() if line.startswith("{")]
        urls = json.loads(line)
        assert (data_dir / "postgres" / "PG_VERSION").exists()
        # Asked directly: a server still running is caught even if it lost its pid file
        # or socket, and a stale file alone is not mistaken for a running server.
        assert answers(urls) == [], "left running after the command ended"
        assert not (data_dir / "postgres" / "postmaster.pid").exists(), "PostgreSQL left running"
        assert not (data_dir / "redis" / "redis.sock").exists(), "Redis left running"
    finally:
        stop_leftovers(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def test_exec_returns_the_command_exit_code(tmp_path: Path) -> None:
    env = {**os.environ, "LOTI_DATA_DIR": str(tmp_path)}
    env.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/unused")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    code = subprocess.call(
        [sys.executable, "-m", "loti.stack", "exec", "--", sys.executable, "-c", "exit(3)"],
        cwd=ROOT,
        env=env,
    )
    assert code == 3


def test_given_urls_are_used_and_nothing_is_started(tmp_path: Path) -> None:
    env = {
        **without_service_urls(),
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/somewhere",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    seen = run_stack(env, tmp_path)
    assert seen == {
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/somewhere",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    assert list(tmp_path.iterdir()) == []


def test_the_suite_runs_against_the_services_it_was_given(settings, db) -> None:
    """Under `make test` the suite sees the URLs the launcher exported."""
    from django.db import connection

    expected = dj_database_url.parse(os.environ["DATABASE_URL"])
    assert connection.settings_dict["NAME"] == f"test_{expected['NAME']}"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)
    assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    # Embedded Redis is redis+socket://, which redis-py cannot read but kombu can.
    assert broker_answers(), f"Redis at {settings.CELERY_BROKER_URL} does not answer"


def test_sigterm_stops_the_command_and_the_embedded_servers() -> None:
    data_dir = Path("/tmp") / f"loti-term-{os.getpid()}"
    launcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "loti.stack",
            "exec",
            "--",
            sys.executable,
            "-c",
            "import time; print('up', flush=True); time.sleep(120)",
        ],
        cwd=ROOT,
        env={**without_service_urls(), "LOTI_DATA_DIR": str(data_dir)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert launcher.stdout is not None
        # The launcher reports each server it starts, then the command prints "up".
        lines = iter(launcher.stdout.readline, "")
        assert any(line.strip() == "up" for line in lines)
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=60)
        assert not (data_dir / "postgres" / "postmaster.pid").exists(), "PostgreSQL left running"
        assert not (data_dir / "redis" / "redis.sock").exists(), "Redis left running"
    finally:
        launcher.kill()
        stop_leftovers(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
