"""gunicorn on a free loopback port, and a bounded load generator.

The load generator only ever connects to 127.0.0.1: it is a fixed number of requests
from a fixed number of threads, stopped early by a time limit, never a flood.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
WORKERS = 2


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=2)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        connection.close()
        return True
    except OSError:
        return False


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = WORKERS) -> Iterator[Server]:
    """gunicorn serving bench.wsgi with `workers` sync workers; stopped on exit."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.wsgi:application",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--backlog",
        "512",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our interpreter  # nosec B603
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.1)
        yield Server(port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Load:
    completed: int
    failed: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0


def request(
    port: int, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(
    port: int,
    paths: Sequence[str],
    *,
    clients: int = 8,
    requests: int = 400,
    time_limit: float = 20.0,
) -> Load:
    """`clients` threads share `requests` GETs (cycling through `paths`); stops early
    at `time_limit` seconds. Throughput is completed requests over the elapsed time."""
    lock = threading.Lock()
    issued = 0
    completed = 0
    failed = 0
    deadline = time.monotonic() + time_limit

    def client() -> None:
        nonlocal issued, completed, failed
        while True:
            with lock:
                if issued >= requests or time.monotonic() > deadline:
                    return
                path = paths[issued % len(paths)]
                issued += 1
            try:
                status, _ = request(port, path)
                ok = status == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    completed += 1
                else:
                    failed += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(completed, failed, time.perf_counter() - started)


def environment_for_children(env: dict[str, str]) -> dict[str, str]:
    """Children import bench from the repository root."""
    paths = [str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}
