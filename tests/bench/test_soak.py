"""The soak driver's own logic at tiny sizes: its journeys against the real app, its
error counting, its slots, its figures and its memory verdict."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from rest_framework.test import APIClient

from bench import http, soak
from bench.soak import BidSlot, BidSlots, Call, Driver, MemorySample, Outcome
from procurement.models import Bid, BidSubmission
from tests.bench.conftest import Seeded


def app_transport() -> soak.Transport:
    """The real app in this process, through Django's test client (which keeps the
    test's transaction): what gunicorn would answer, minus the socket."""
    client = APIClient()

    def send(call: Call) -> tuple[int, bytes]:
        headers: dict[str, Any] = (
            {"HTTP_AUTHORIZATION": f"Token {call.token}"} if call.token else {}
        )
        response = client.generic(
            call.method,
            call.path,
            "" if call.body is None else json.dumps(call.body),
            content_type="application/json",
            **headers,
        )
        return response.status_code, response.content

    return send


@pytest.mark.django_db
def test_searches_and_bids_against_the_app_answer_as_expected(seeded: Seeded) -> None:
    searches, slots = soak.plan(suppliers=10, open_tenders=2)
    driver = Driver(app_transport(), searches, BidSlots(slots), bid_share=0.5)

    # In this thread, which holds the test's transaction; run() adds only the threads.
    rng = random.Random(3)
    for _ in range(40):
        driver.step(rng)
    outcomes = driver.recorder.outcomes

    assert [o for o in outcomes if not o.ok] == []
    kinds = Counter(o.kind for o in outcomes)
    assert set(kinds) == {*soak.SEARCHES, "bid: start", "bid: submit"}
    assert kinds["bid: start"] == kinds["bid: submit"] == BidSubmission.objects.count() > 0
    assert len(slots) == 20


@pytest.mark.django_db
def test_a_refused_request_is_an_error_of_its_kind_and_ends_the_journey(
    seeded: Seeded,
) -> None:
    searches, [slot, *_] = soak.plan(suppliers=1, open_tenders=1)
    taken = BidSlots([slot, BidSlot(slot.token, slot.tender_id)])  # the same bid twice
    driver = Driver(app_transport(), searches, taken, bid_share=1.0)

    driver.step(random.Random(1))
    driver.step(random.Random(1))
    outcomes = driver.recorder.outcomes

    assert [(o.kind, o.status, o.ok) for o in outcomes] == [
        ("bid: start", 201, True),
        ("bid: submit", 201, True),
        ("bid: start", 409, False),  # one live bid per supplier and tender
    ]
    assert Bid.objects.count() == 1
    assert soak.summarise(outcomes)[-1].errors == 1


def test_each_bid_slot_is_handed_out_once_across_threads() -> None:
    slots = BidSlots([BidSlot(f"token-{n}", n % 7) for n in range(2000)])
    taken: list[BidSlot] = []

    def take() -> None:
        while (slot := slots.take()) is not None:
            taken.append(slot)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(taken) == len(set(taken)) == 2000


def test_the_mix_is_the_same_for_the_same_seed() -> None:
    searches = soak.Searches(["chatbot", "data"], ["72", "48"], [1, 2, 3])

    def mix(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [f"{call.kind} {call.path}" for call in (searches.call(rng) for _ in range(50))]

    assert mix(1) == mix(1) != mix(2)
    assert {path.split()[0] for path in mix(1)} <= {"search", "facets", "tender"}


def test_clients_share_the_steps_of_a_run_and_stop_at_its_deadline(echo: int) -> None:
    searches = soak.Searches(["chatbot"], ["72"], [1])

    def driver() -> Driver:
        return Driver(soak.http_transport(echo), searches, BidSlots([]))

    outcomes = driver().run(seconds=300, clients=4, steps=60)
    assert len(outcomes) == 60
    assert {o.status for o in outcomes} == {200}
    assert driver().run(seconds=0, clients=4) == []


def outcome(kind: str, ms: float, *, at: float, ok: bool = True) -> Outcome:
    return Outcome(kind, 200 if ok else 500, ms, ok, at)


def test_every_request_is_counted_but_only_those_after_the_warm_up_are_timed() -> None:
    outcomes = [
        outcome("facets", 900, at=1),  # warm-up: slow, counted, not timed
        *(outcome("facets", ms, at=30) for ms in range(1, 101)),
        outcome("tender", 5, at=40, ok=False),
    ]

    facets, tender, everything = soak.summarise(outcomes, after=20)

    assert (facets.kind, facets.requests, facets.errors) == ("facets", 101, 0)
    assert (facets.median_ms, facets.p95_ms) == (50.5, pytest.approx(95.05))
    assert (tender.requests, tender.errors) == (1, 1)
    assert (everything.kind, everything.requests, everything.errors) == ("all", 102, 1)


def test_memory_is_flat_within_ten_percent_of_the_first_sample_after_the_warm_up() -> None:
    mib = 2**20

    def samples(*totals: int, pids: tuple[int, ...] = (1, 2)) -> list[MemorySample]:
        return [
            MemorySample(at=10.0 * n, rss={pid: total * mib // len(pids) for pid in pids})
            for n, total in enumerate(totals)
        ]

    warmed = soak.memory_of(samples(50, 100, 104, 109), after=10)
    grew = soak.memory_of(samples(50, 100, 105, 111), after=10)
    assert (warmed.start, warmed.end, warmed.peak) == (100 * mib, 109 * mib, 109 * mib)
    assert (warmed.middle, warmed.second_half_growth) == (104 * mib, pytest.approx(5 / 104))
    assert (warmed.flat, grew.flat) == (True, False)
    # A worker that died and was replaced is not flat, whatever its size.
    restarted = [*samples(100, 100), MemorySample(at=30, rss={1: 50 * mib, 3: 50 * mib})]
    assert soak.memory_of(restarted, after=0).restarts == 1
    assert not soak.memory_of(restarted, after=0).flat


def test_rss_is_read_for_a_process_and_its_children() -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            # The child says it is ready once it runs: both are then fully started.
            "import subprocess, sys, time;"
            "code = 'import time; print(\\'ready\\', flush=True); time.sleep(60)';"
            "subprocess.Popen([sys.executable, '-c', code]); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert parent.stdout is not None and parent.stdout.readline() == b"ready\n"
        sizes = soak.rss_tree(parent.pid)
        assert len(sizes) == 2
        assert all(size > 1_000_000 for size in sizes.values())
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()


class Echo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = json.dumps(
            {"token": self.headers["Authorization"], "body": json.loads(self.rfile.read(length))}
        ).encode()
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo() -> Iterator[int]:
    server = ThreadingHTTPServer((http.LOOPBACK, 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_http_transport_sends_the_token_and_the_json_body(echo: int) -> None:
    send = soak.http_transport(echo)

    status, body = send(Call("bid: start", "POST", "/x", 201, {"price": "10"}, "abc"))

    assert (status, json.loads(body)) == (201, {"token": "Token abc", "body": {"price": "10"}})


def test_no_answer_is_an_error_not_a_crash() -> None:
    recorder = soak.Recorder(soak.http_transport(http.free_port(), timeout=2))

    status, _ = recorder.send(Call("tender", "GET", "/api/tenders/1/"))

    assert status == 0
    assert [(o.kind, o.ok) for o in recorder.outcomes] == [("tender", False)]
