"""A bounded soak: `make soak` (three minutes; `make soak SECONDS=600` for longer).

    python -m loti.stack exec -- python -m bench.soak --seconds 180

Like `make bench`, it rebuilds `<database>_bench` (never your database), migrates it and
seeds it with the benchmark's seeder: tenders to search, supplier companies with one
person each, and a few tenders open for bids. It serves the app with gunicorn (2 sync
workers, as the Procfile does) on a free loopback port and runs one Celery worker for
the receipts the bids cause. Then `--clients` threads, for `--seconds`, each loop over
what the public and suppliers do: mostly public tender search (the GOV.UK page, the
API with words and a facet, the facet counts, a tender), and sometimes a supplier's
whole bid (start a draft, submit it). The clients only ever connect to 127.0.0.1.

It reports the requests, the errors (anything but the expected status, or no answer;
there must be none), latency median and p95 by kind, the web processes' resident memory
(RSS) after the warm-up and at the end (it must stay flat), and checks that every bid
that was accepted got its e-mailed receipt. It exits 1 if any check fails. The same
figures go to bench/results/soak.json.

A small driver of our own rather than locust: the journeys need the seeded tokens and
tender ids from the harness, which runs Django in this process (locust's gevent would
monkey-patch it), the mix is a few lines, and bench.http already holds the loopback
plumbing. Its logic is tested in tests/bench/test_soak.py.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil  # type: ignore[import-untyped]

from bench.http import LOOPBACK
from bench.measure import quantile

RESULTS = Path(__file__).resolve().parent / "results"
# Memory may grow this much between the end of the warm-up and the end of the run.
FLAT_TOLERANCE = 0.10
SAMPLE_SECONDS = 5.0
# Search is what most visitors do; a bid is two requests and locks its tender's row.
SEARCHES = {"search page": 3, "search API": 3, "facets": 2, "tender": 2}
BID_SHARE = 0.2


@dataclass(frozen=True)
class Call:
    """One HTTP request of a journey, and the status that means it worked."""

    kind: str
    method: str
    path: str
    expect: int = 200
    body: dict[str, Any] | None = None
    token: str = ""


Transport = Callable[[Call], tuple[int, bytes]]


def http_transport(port: int, *, timeout: float = 60) -> Transport:
    """A fresh loopback connection per request (gunicorn's sync workers close it)."""

    def send(call: Call) -> tuple[int, bytes]:
        body = b"" if call.body is None else json.dumps(call.body).encode()
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        if call.token:
            headers["Authorization"] = f"Token {call.token}"
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
        try:
            connection.request(call.method, call.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    return send


@dataclass(frozen=True)
class Outcome:
    kind: str
    status: int  # 0: no answer (refused, reset, timed out)
    ms: float
    ok: bool
    at: float  # seconds since the run started


class Recorder:
    """Sends calls through a transport and keeps every outcome, from any thread."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.outcomes: list[Outcome] = []
        self.started = time.perf_counter()
        self._lock = threading.Lock()

    def send(self, call: Call) -> tuple[int, bytes]:
        began = time.perf_counter()
        try:
            status, body = self.transport(call)
        except OSError as error:
            status, body = 0, repr(error).encode()
        ended = time.perf_counter()
        outcome = Outcome(
            call.kind, status, (ended - began) * 1000, status == call.expect, ended - self.started
        )
        with self._lock:
            self.outcomes.append(outcome)
        return status, body


@dataclass(frozen=True)
class BidSlot:
    token: str  # the supplier person's API token
    tender_id: int


class BidSlots:
    """(supplier, open tender) pairs, each handed out once: a supplier has one bid per
    tender. When they run out, clients only search."""

    def __init__(self, slots: Sequence[BidSlot]) -> None:
        self._slots = iter(list(slots))
        self._lock = threading.Lock()

    def take(self) -> BidSlot | None:
        with self._lock:
            return next(self._slots, None)


@dataclass(frozen=True)
class Searches:
    """What public visitors look for: the benchmark's saved-search words, CPV divisions
    and published tenders."""

    words: Sequence[str]
    divisions: Sequence[str]
    tender_ids: Sequence[int]

    def call(self, rng: random.Random) -> Call:
        kind = rng.choices(list(SEARCHES), weights=list(SEARCHES.values()))[0]
        if kind == "tender":
            return Call(kind, "GET", f"/api/tenders/{rng.choice(self.tender_ids)}/")
        filters = {"search": rng.choice(self.words), "division": rng.choice(self.divisions)}
        # Half the searches pick a facet (a CPV division) as well as words.
        if rng.random() < 0.5:
            del filters["division"]
        path = {
            "search page": "/tenders/",
            "search API": "/api/tenders/",
            "facets": "/api/tenders/facets/",
        }[kind]
        return Call(kind, "GET", f"{path}?{urlencode(filters)}")


def bid(send: Callable[[Call], tuple[int, bytes]], slot: BidSlot, rng: random.Random) -> None:
    """A supplier's bid: start the draft, then submit it (the answer is the receipt)."""
    from bench.scenarios.bids import RESPONSES

    price = str(Decimal(rng.randrange(10_000, 90_000)))
    status, body = send(
        Call(
            "bid: start",
            "POST",
            f"/api/tenders/{slot.tender_id}/bids/",
            201,
            {"price": price, "responses": RESPONSES},
            slot.token,
        )
    )
    if status != 201:
        return
    bid_id = json.loads(body)["id"]
    send(Call("bid: submit", "POST", f"/api/bids/{bid_id}/submit/", 201, token=slot.token))


@dataclass
class Driver:
    transport: Transport
    searches: Searches
    slots: BidSlots
    bid_share: float = BID_SHARE
    seed: int = 0
    recorder: Recorder = field(init=False)

    def __post_init__(self) -> None:
        self.recorder = Recorder(self.transport)

    def step(self, rng: random.Random) -> None:
        slot = self.slots.take() if rng.random() < self.bid_share else None
        if slot is not None:
            bid(self.recorder.send, slot, rng)
        else:
            self.recorder.send(self.searches.call(rng))

    def run(self, *, seconds: float, clients: int, steps: int | None = None) -> list[Outcome]:
        """`clients` threads step until `seconds` have passed (or, for tests, until
        `steps` steps have been taken between them). Each thread has its own seeded
        generator, so a run's mix is reproducible."""
        deadline = time.monotonic() + seconds
        budget = iter(range(steps)) if steps is not None else None
        lock = threading.Lock()

        def more() -> bool:
            if time.monotonic() >= deadline:
                return False
            if budget is None:
                return True
            with lock:
                return next(budget, None) is not None

        def client(n: int) -> None:
            rng = random.Random(self.seed * 1000 + n)  # nosec B311 (a load pattern, not a secret)
            while more():
                self.step(rng)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.recorder.outcomes


@dataclass(frozen=True)
class KindStats:
    kind: str
    requests: int
    errors: int
    median_ms: float
    p95_ms: float


def summarise(outcomes: Sequence[Outcome], *, after: float = 0.0) -> list[KindStats]:
    """Per kind, then "all": requests and errors count every outcome; latencies only
    those after `after` seconds (the warm-up), when there are any."""
    kinds = sorted({outcome.kind for outcome in outcomes})
    rows = []
    for kind, mine in [
        *((kind, [o for o in outcomes if o.kind == kind]) for kind in kinds),
        ("all", list(outcomes)),
    ]:
        timed = [o.ms for o in mine if o.at >= after] or [o.ms for o in mine]
        rows.append(
            KindStats(
                kind=kind,
                requests=len(mine),
                errors=sum(not o.ok for o in mine),
                median_ms=quantile(timed, 0.5),
                p95_ms=quantile(timed, 0.95),
            )
        )
    return rows


def rss_tree(pid: int) -> dict[int, int]:
    """Resident memory in bytes of a process and all its descendants, by pid."""
    root = psutil.Process(pid)
    sizes = {}
    for process in [root, *root.children(recursive=True)]:
        try:
            sizes[process.pid] = process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return sizes


@dataclass(frozen=True)
class MemorySample:
    at: float  # seconds since the run started
    rss: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.rss.values())


@dataclass(frozen=True)
class Memory:
    start: int  # bytes, the first sample after the warm-up
    middle: int  # bytes, half way from there to the end
    end: int  # bytes, the last sample
    peak: int
    processes: int  # distinct pids seen: more than at the start means a worker restarted
    restarts: int

    @property
    def growth(self) -> float:
        return (self.end - self.start) / self.start if self.start else 0.0

    @property
    def second_half_growth(self) -> float:
        """Warming up (caches, imports) shows in the first half only; a leak in both."""
        return (self.end - self.middle) / self.middle if self.middle else 0.0

    @property
    def flat(self) -> bool:
        return self.end <= self.start * (1 + FLAT_TOLERANCE) and self.restarts == 0


def memory_of(samples: Sequence[MemorySample], *, after: float) -> Memory:
    settled = [s for s in samples if s.at >= after] or list(samples)
    seen = {pid for sample in samples for pid in sample.rss}
    return Memory(
        start=settled[0].total,
        middle=settled[len(settled) // 2].total,
        end=settled[-1].total,
        peak=max(sample.total for sample in samples),
        processes=len(seen),
        restarts=len(seen) - len(samples[0].rss),
    )


@contextmanager
def memory_watch(pid: int, *, every: float = SAMPLE_SECONDS) -> Iterator[list[MemorySample]]:
    """Samples the process tree's RSS now, every `every` seconds, and on exit."""
    samples: list[MemorySample] = []
    started = time.perf_counter()
    stop = threading.Event()

    def take() -> None:
        samples.append(MemorySample(time.perf_counter() - started, rss_tree(pid)))

    def watch() -> None:
        while not stop.wait(every):
            take()

    take()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join()
        take()


# The harness -------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def plan(*, suppliers: int, open_tenders: int) -> tuple[Searches, list[BidSlot]]:
    """On seeded data: open tenders for bids, and make one slot per (supplier, open
    tender), shuffled; search among the published tenders."""
    from bench import seed
    from bench.scenarios.bids import open_tender
    from loti.accounts.models import User
    from procurement.models import Tender, TenderStatus

    world = seed.World.load()
    buyer = world.boroughs[0]
    officer = User.objects.get(pk=seed.officers_ensure(world)[buyer.slug])
    people = seed.suppliers_ensure(suppliers)
    tokens = seed.tokens_for(people)
    biddable = [open_tender(officer, buyer, f"Soak tender {n + 1}").pk for n in range(open_tenders)]
    slots = [BidSlot(tokens[person], tender) for person in people for tender in biddable]
    random.Random(1).shuffle(slots)  # nosec B311 (a load pattern, not a secret)
    published = list(
        Tender.objects.filter(status=TenderStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    return Searches(seed.SAVED_SEARCH_WORDS, sorted(seed.SERVICES), published), slots


def receipts(*, timeout: float = 120) -> dict[str, int]:
    """Bids accepted and receipts e-mailed, once the worker has emptied the outbox."""
    from loti.notifications.models import OutboundEmail
    from procurement.models import BidSubmission

    deadline = time.monotonic() + timeout
    waiting = OutboundEmail.objects.exclude(state=OutboundEmail.State.SENT)
    while waiting.exists() and time.monotonic() < deadline:
        time.sleep(1)
    return {
        "bids submitted": BidSubmission.objects.count(),
        "receipts sent": OutboundEmail.objects.filter(state=OutboundEmail.State.SENT).count(),
        "receipts not sent": waiting.count(),
    }


def report(
    stats: Sequence[KindStats], memory: Memory, mail: dict[str, int], seconds: float
) -> list[str]:
    total = stats[-1]
    lines = [
        f"{'kind':<14}{'requests':>10}{'errors':>8}{'median ms':>11}{'p95 ms':>9}",
        *(
            f"{s.kind:<14}{s.requests:>10,}{s.errors:>8}{s.median_ms:>11.1f}{s.p95_ms:>9.1f}"
            for s in stats
        ),
        f"{total.requests / seconds:.1f} requests a second over {seconds:.0f} s",
        f"web RSS: {memory.start / 2**20:.1f} MiB after the warm-up, "
        f"{memory.end / 2**20:.1f} MiB at the end ({memory.growth:+.1%}; "
        f"{memory.second_half_growth:+.1%} over the second half), "
        f"peak {memory.peak / 2**20:.1f} MiB; {memory.processes} processes, "
        f"{memory.restarts} restarted",
        ", ".join(f"{key}: {value:,}" for key, value in mail.items()),
    ]
    return lines


def failures(stats: Sequence[KindStats], memory: Memory, mail: dict[str, int]) -> list[str]:
    found = []
    if stats[-1].errors:
        found.append(f"{stats[-1].errors} requests failed")
    if not memory.flat:
        found.append(
            f"memory grew {memory.growth:+.1%} (at most {FLAT_TOLERANCE:.0%}) "
            f"or a worker restarted ({memory.restarts})"
        )
    if mail["receipts sent"] != mail["bids submitted"] or mail["receipts not sent"]:
        found.append("not every accepted bid got its receipt")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=20, help="seconds, not timed")
    parser.add_argument("--tenders", type=int, default=10_000)
    parser.add_argument("--suppliers", type=int, default=500)
    parser.add_argument("--open-tenders", type=int, default=20)
    args = parser.parse_args(argv)

    from bench import database
    from bench import http as bench_http

    env = bench_http.environment_for_children(database.bench_environment())
    os.environ.update(env)
    url = env["DATABASE_URL"]
    log(f"database {database.database_name(url)}: rebuilt, migrated, seeded")
    database.recreate(url)
    database.migrate(env)

    import django

    django.setup()
    from django.core.management import call_command

    from bench.scenarios.digests import celery_workers
    from loti.celery import app

    call_command("bench_seed", suppliers=args.suppliers, tenders=args.tenders)
    searches, slots = plan(suppliers=args.suppliers, open_tenders=args.open_tenders)
    app.control.purge()
    with ExitStack() as stack:
        server = stack.enter_context(bench_http.gunicorn(env))
        stack.enter_context(celery_workers(env, 1))
        log(
            f"gunicorn on {LOOPBACK}:{server.port} ({bench_http.WORKERS} workers), one Celery "
            f"worker; {args.clients} clients for {args.seconds:.0f} s"
        )
        driver = Driver(http_transport(server.port), searches, BidSlots(slots))
        with memory_watch(server.process.pid) as samples:
            outcomes = driver.run(seconds=args.seconds, clients=args.clients)
        mail = receipts()
    stats = summarise(outcomes, after=args.warmup)
    memory = memory_of(samples, after=args.warmup)
    print()
    for line in report(stats, memory, mail, args.seconds):
        print(line)
    problems = failures(stats, memory, mail)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(
        json.dumps(
            {
                "seconds": args.seconds,
                "clients": args.clients,
                "stats": [asdict(s) for s in stats],
                "memory": {
                    **asdict(memory),
                    "growth": memory.growth,
                    "second_half_growth": memory.second_half_growth,
                    "flat": memory.flat,
                },
                "memory_samples": [{"at": s.at, "rss": s.total} for s in samples],
                "mail": mail,
                "problems": problems,
            },
            indent=2,
        )
    )
    log("; ".join(problems) if problems else "no errors, memory flat, every receipt sent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
