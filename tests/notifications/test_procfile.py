"""The Procfile runs the queues as docs/operations.md says: every queue the app routes
to has a worker, immediate e-mail never shares a worker with the digests, and there is
exactly one beat."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from loti.celery import app

PROCFILE = Path(__file__).resolve().parents[2] / "Procfile"


def processes() -> dict[str, list[str]]:
    lines = PROCFILE.read_text().splitlines()
    return {
        name: shlex.split(command)
        for name, _, command in (line.partition(":") for line in lines if line.strip())
    }


def queues_of(command: list[str]) -> set[str]:
    value = command[command.index("--queues") + 1]
    # ${CELERY_QUEUES:-notifications,default}: the default is what runs unless overridden.
    default = re.fullmatch(r"\$\{\w+:-(.+)\}", value)
    return set((default.group(1) if default else value).split(","))


def test_immediate_email_and_digests_have_workers_of_their_own() -> None:
    workers = {
        name: queues_of(command)
        for name, command in processes().items()
        if command[:4] == ["celery", "-A", "loti.celery", "worker"]
    }
    routed = {queue.name for queue in app.conf.task_queues}

    assert set().union(*workers.values()) == routed
    assert not any({"notifications", "digests"} <= queues for queues in workers.values())
    hostnames = [
        command[command.index("--hostname") + 1]
        for command in processes().values()
        if "--hostname" in command
    ]
    assert len(hostnames) == len(set(hostnames)) == len(workers)


def test_there_is_exactly_one_beat() -> None:
    beats = [c for c in processes().values() if c[:4] == ["celery", "-A", "loti.celery", "beat"]]
    assert len(beats) == 1
