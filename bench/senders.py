"""An e-mail sender for the benchmark's Celery workers: nothing leaves the machine;
each message is counted in Redis under its reference, so a duplicate send shows up as
a count of two, whichever worker process sent it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import redis
from django.conf import settings

from loti.notifications.senders import OutgoingEmail

SENDS_KEY = "loti-bench:sends"


def redis_client(url: str | None = None) -> Any:
    url = url or settings.REDIS_URL
    if url.startswith("redis+socket://"):
        # kombu's spelling of a Unix socket; redis-py's is unix://
        return redis.Redis(unix_socket_path=url.removeprefix("redis+socket://"))
    return redis.Redis.from_url(url)


@lru_cache(maxsize=1)
def _client() -> Any:
    return redis_client()


class CountingSender:
    def send(self, message: OutgoingEmail) -> None:
        _client().hincrby(SENDS_KEY, message.reference, 1)
