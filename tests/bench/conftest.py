"""Tiny benchmark data, seeded with the harness's own seeder."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bench import seed
from loti.accounts.models import User
from procurement.cpv import cpv_codes_load
from procurement.models import CpvCode


@dataclass
class Seeded:
    officer: User
    suppliers: list[int]


@pytest.fixture
def seeded(db: None) -> Seeded:
    if not CpvCode.objects.exists():
        cpv_codes_load(CpvCode)
    world = seed.World.load()
    officers = seed.officers_ensure(world)
    suppliers = seed.suppliers_ensure(30)
    seed.tenders_ensure(world, 160, today=12)
    seed.saved_searches_ensure(world, 40, suppliers)
    seed.projects_ensure(world, 150)
    return Seeded(User.objects.get(pk=officers["camden"]), suppliers)
