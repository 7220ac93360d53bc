"""Fill the benchmark database: `python -m bench` calls this between measurements.

    DJANGO_SETTINGS_MODULE=bench.settings python manage.py bench_seed --tenders 100000

Each option is a total to reach; what is already there is kept.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import seed


class Command(BaseCommand):
    help = "Top the benchmark data up to the given totals (COPY; 100k tenders in seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenders", type=int, default=0)
        parser.add_argument("--todays-tenders", type=int, default=0)
        parser.add_argument("--projects", type=int, default=0)
        parser.add_argument("--suppliers", type=int, default=0)
        parser.add_argument("--saved-searches", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DATABASES["default"]["NAME"].endswith("_bench"):
            raise CommandError("bench_seed only writes to a database whose name ends _bench.")
        world = seed.World.load()
        steps = [
            ("officers", lambda: len(seed.officers_ensure(world))),
            ("suppliers", lambda: len(seed.suppliers_ensure(options["suppliers"]))),
            (
                "tenders",
                lambda: seed.tenders_ensure(
                    world, options["tenders"], today=options["todays_tenders"]
                ),
            ),
            (
                "saved searches",
                lambda: seed.saved_searches_ensure(
                    world,
                    options["saved_searches"],
                    seed.suppliers_ensure(options["suppliers"]),
                ),
            ),
            ("projects", lambda: seed.projects_ensure(world, options["projects"])),
        ]
        for name, step in steps:
            started = time.perf_counter()
            count = step()
            if options["verbosity"] > 1:
                self.stdout.write(f"{name}: {count} in {time.perf_counter() - started:.1f}s")
