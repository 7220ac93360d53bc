"""The seeder tops data up to totals, quickly, and only ever in a _bench database."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from bench import seed
from bench.management.commands.bench_seed import Command
from procurement.models import SavedSearch, Tender
from projects.models import Project
from tests.bench.conftest import Seeded

pytestmark = pytest.mark.django_db


def test_it_tops_up_to_the_totals_asked_for(seeded: Seeded):
    world = seed.World.load()

    assert seed.tenders_ensure(world, 160) == 0
    assert seed.tenders_ensure(world, 200) == 40
    assert Tender.objects.count() == 200
    assert Project.objects.count() == 150
    assert SavedSearch.objects.count() == 40


def test_seeded_tenders_are_searchable_and_ordered_without_ties(api, seeded: Seeded):
    assert not Tender.objects.filter(search_vector__isnull=True).exists()
    listed = list(Tender.objects.values_list("listed_at", flat=True))
    assert len(set(listed)) == len(listed)
    found = api(None).get("/api/tenders/", {"search": "residents"}).json()["results"]
    assert found


def test_every_saved_search_has_words_or_a_division(seeded: Seeded):
    assert not SavedSearch.objects.filter(search="", division="").exists()


def test_the_command_refuses_a_database_that_is_not_a_benchmarks(db: None):
    with pytest.raises(CommandError, match="_bench"):
        Command().handle(
            tenders=0, todays_tenders=0, projects=0, suppliers=0, saved_searches=0, verbosity=0
        )
