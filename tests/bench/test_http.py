"""The load generator: bounded, and on loopback only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import http


class Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"{}" if self.path.startswith("/ok") else b"no"
        self.send_response(200 if self.path.startswith("/ok") else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer((http.LOOPBACK, 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_it_sends_exactly_the_requests_asked_for(server: int):
    result = http.load(server, ["/ok"], clients=4, requests=30)

    assert (result.completed, result.failed) == (30, 0)
    assert result.per_second > 0


def test_errors_are_counted_not_hidden(server: int):
    result = http.load(server, ["/ok", "/broken"], clients=2, requests=10)

    assert (result.completed, result.failed) == (5, 5)


def test_it_stops_at_its_time_limit(server: int):
    result = http.load(server, ["/ok"], clients=2, requests=10_000, time_limit=0)

    assert result.completed + result.failed < 10_000


def test_ports_and_requests_are_on_loopback_only():
    assert http.LOOPBACK == "127.0.0.1"
    assert 0 < http.free_port() < 65536
