from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from procurement.cpv import cpv_codes_load, cpv_file
from procurement.models import CpvCode


class Command(BaseCommand):
    help = "Load (or refresh) the CPV 2008 codes from the shared CSV. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        count = cpv_codes_load(CpvCode)
        self.stdout.write(f"{count} CPV codes loaded from {cpv_file()}.")
