"""A sender for Celery worker processes started by the fault tests.

Each message is appended as one line ("<reference> <address>") to the file named by
LOTI_FAULTS_SENT_LOG, so the test sees every send of every worker process, including
one that was killed. With LOTI_FAULTS_PAUSE_AFTER=n, the process stops after its nth
message has been accepted (written to the file): it writes the file's name plus
".paused" and waits there, the message still in hand and not yet marked sent, until
it is killed. That is the one moment a worker can die that no database can see past.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from loti.notifications.senders import OutgoingEmail


class FileSender:
    def __init__(self) -> None:
        self.log = Path(os.environ["LOTI_FAULTS_SENT_LOG"])
        self.pause_after = int(os.environ.get("LOTI_FAULTS_PAUSE_AFTER", "0"))
        self.sent = 0

    def send(self, message: OutgoingEmail) -> None:
        # One short write in append mode: lines from several processes never interleave.
        with self.log.open("a") as log:
            log.write(f"{message.reference} {message.to}\n")
        self.sent += 1
        if self.sent == self.pause_after:
            Path(f"{self.log}.paused").write_text(str(os.getpid()))
            while True:
                time.sleep(1)


def sent_lines(log: Path) -> list[tuple[str, str]]:
    """(reference, address) for every message sent, in order."""
    if not log.exists():
        return []
    return [tuple(line.split(" ", 1)) for line in log.read_text().splitlines()]  # type: ignore[misc]
