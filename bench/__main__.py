"""The benchmark: `make bench` (or `make bench SCALE=small`).

    python -m loti.stack exec -- python -m bench --scale full

Builds `<database>_bench` afresh beside DATABASE_URL's database (never touching it),
migrates it, seeds it in steps with `manage.py bench_seed`, runs every scenario, prints
the table and writes bench/results/latest.json and bench/results/latest.svg. Every
figure is a ratio to a floor or a peer measured in the same run; absolute medians are
given alongside, for information only (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Scale:
    tenders: tuple[int, ...]
    todays_tenders: int
    alert_batches: tuple[int, int]
    suppliers: int
    saved_searches: tuple[int, int]
    projects: tuple[int, int]
    digest_users: int
    digest_items: int
    digest_batches: tuple[int, int]
    bidders: int
    judging: tuple[int, int, int, int]
    rounds: int
    http_requests: int


SCALES = {
    "full": Scale(
        tenders=(1_000, 10_000, 100_000),
        todays_tenders=150,
        alert_batches=(15, 150),
        suppliers=5_000,
        saved_searches=(500, 2_000),
        projects=(5_000, 50_000),
        digest_users=20_000,
        digest_items=10,
        digest_batches=(20, 200),
        bidders=200,
        judging=(2_000, 60, 8, 3),
        rounds=25,
        http_requests=300,
    ),
    "small": Scale(
        tenders=(1_000, 3_000, 10_000),
        todays_tenders=50,
        alert_batches=(5, 50),
        suppliers=1_000,
        saved_searches=(200, 500),
        projects=(1_000, 5_000),
        digest_users=2_000,
        digest_items=10,
        digest_batches=(20, 200),
        bidders=50,
        judging=(500, 20, 8, 3),
        rounds=11,
        http_requests=150,
    ),
}


SCENARIOS = ("tenders", "alerts", "bids", "projects", "digests", "judging")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--keep-database", action="store_true", help="do not rebuild it")
    parser.add_argument(
        "--only",
        action="append",
        choices=SCENARIOS,
        help="run only this scenario (repeatable); the default is every scenario",
    )
    args = parser.parse_args(argv)
    only = frozenset(args.only or SCENARIOS)
    scale = SCALES[args.scale]
    started = time.perf_counter()

    from bench import database, http

    env = http.environment_for_children(database.bench_environment())
    os.environ.update(env)
    url = env["DATABASE_URL"]
    log(f"benchmark database {database.database_name(url)}; scale {args.scale}")
    if not args.keep_database:
        database.recreate(url)
    t = time.perf_counter()
    database.migrate(env)
    log(f"migrated in {time.perf_counter() - t:.1f} s")

    import django

    django.setup()
    rows, extra = run(scale, env, url, only)
    extra.update(
        scale=args.scale,
        finished=datetime.now(UTC).isoformat(),
        seconds=round(time.perf_counter() - started, 1),
        machine={
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    )
    from bench import report

    print()
    print(report.table(rows))
    report.RESULTS.mkdir(exist_ok=True)
    report.write_json(report.RESULTS / "latest.json", rows, extra)
    if extra["tender_series"]:
        (report.RESULTS / "latest.svg").write_text(
            report.chart(extra["tender_series"], title="Public tender search: app and SQL floor")
        )
    missed = [r for r in rows if r.met is False]
    log(
        f"done in {time.perf_counter() - started:.0f} s: {sum(r.met is True for r in rows)} met, "
        f"{len(missed)} not met; bench/results/latest.json and latest.svg written"
    )
    return 0


def run(
    scale: Scale, env: dict[str, str], url: str, only: frozenset[str]
) -> tuple[list[Any], dict[str, Any]]:
    from django.core.management import call_command

    from bench import database, http, seed
    from bench.scenarios.alerts import SavedSearchAlerts
    from bench.scenarios.bids import bid_race
    from bench.scenarios.digests import Digests
    from bench.scenarios.judging import judging
    from bench.scenarios.projects import OfficerProjects
    from bench.scenarios.tenders import TenderSearch
    from loti.accounts.models import Organisation, User

    rows: list[Any] = []
    seeding: dict[str, float] = {}

    def seed_step(name: str, **options: int) -> None:
        t = time.perf_counter()
        call_command("bench_seed", **options)
        seeding[name] = round(time.perf_counter() - t, 1)
        log(f"seeded {name} in {seeding[name]} s")

    sql = database.connect(url, autocommit=True)
    with sql.cursor() as cursor:
        cursor.execute("ANALYZE")  # the migrations' reference data (CPV codes, boroughs)
    seed_step(f"{scale.suppliers:,} suppliers", suppliers=scale.suppliers)
    world = seed.World.load()
    officers = seed.officers_ensure(world)
    suppliers = seed.suppliers_ensure(scale.suppliers)

    search = None
    race: dict[str, Any] = {}
    with ExitStack() as stack:
        if only & {"tenders", "bids"}:
            server = stack.enter_context(http.gunicorn(env))
            log(f"gunicorn on 127.0.0.1:{server.port} with {http.WORKERS} workers")
        if "tenders" in only:
            search = TenderSearch(
                sql, port=server.port, rounds=scale.rounds, http_requests=scale.http_requests
            )
            for size in scale.tenders:
                today = scale.todays_tenders if size == scale.tenders[0] else 0
                seed_step(f"{size:,} tenders", tenders=size, todays_tenders=today)
                t = time.perf_counter()
                search.measure(size)
                log(f"tender search at {size:,} measured in {time.perf_counter() - t:.0f} s")
            rows += search.rows + search.summary()
        elif only & {"alerts", "bids"}:
            seed_step(
                f"{scale.tenders[0]:,} tenders",
                tenders=scale.tenders[0],
                todays_tenders=scale.todays_tenders,
            )

        if "alerts" in only:
            alerts = SavedSearchAlerts(sql, rounds=scale.rounds)
            for n, searches in enumerate(scale.saved_searches):
                seed_step(
                    f"{searches:,} saved searches",
                    saved_searches=searches,
                    suppliers=scale.suppliers,
                )
                for batch in scale.alert_batches:
                    last = n == len(scale.saved_searches) - 1 and batch == scale.alert_batches[-1]
                    alerts.measure(
                        batch=batch, searches=searches, suppliers=scale.suppliers, timed=last
                    )
            rows += alerts.rows + alerts.summary()
            log("saved-search alerts measured")

        if "bids" in only:
            camden = Organisation.objects.get(slug="camden")
            officer = User.objects.get(pk=officers["camden"])
            race_rows, race = bid_race(
                server.port, officer=officer, buyer=camden, people=suppliers[: scale.bidders + 11]
            )
            rows += race_rows
            log("bid race run")

    if "projects" in only:
        officer_id = officers["camden"]
        token = seed.tokens_for([officer_id])[officer_id]
        projects = OfficerProjects(sql, user_id=officer_id, token=token, rounds=scale.rounds)
        for size in scale.projects:
            seed_step(f"{size:,} projects", projects=size)
            projects.measure(size, naive=size == scale.projects[-1])
            log(f"officer's projects at {size:,} measured")
        rows += projects.rows + projects.summary()

    digests = Digests(env, users=scale.digest_users, items=scale.digest_items)
    if "digests" in only:
        digests.queries_per_batch(scale.digest_batches)
        for workers in (1, 2):
            digests.run(workers)
            log(f"digests with {workers} worker(s): {digests.seconds[workers]:.1f} s")
        rows += digests.rows

    if "judging" in only:
        entries, judges, criteria, k = scale.judging
        rows += judging(entries=entries, judges=judges, criteria=criteria, k=k)
        log("judging run")

    return rows, {
        "seeding_seconds": seeding,
        "tender_series": search.chart_series() if search else [],
        "bid_race": race,
        "digests": digests.data() if "digests" in only else {},
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
