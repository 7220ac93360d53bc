"""The benchmark's database is always `<name>_bench`, never the one it sits beside."""

from __future__ import annotations

import pytest

from bench import database


def test_the_bench_database_is_named_after_database_url():
    url = "postgresql://postgres:secret@db.internal:5433/loti"

    assert (
        database.bench_database_url(url)
        == "postgresql://postgres:secret@db.internal:5433/loti_bench"
    )
    assert database.bench_database_url(database.bench_database_url(url)).endswith("/loti_bench")


def test_an_embedded_servers_socket_url_keeps_its_socket():
    url = "postgresql://postgres@%2Ftmp%2FData%2Fpostgres/loti"

    bench = database.bench_database_url(url)

    assert bench == "postgresql://postgres@%2Ftmp%2FData%2Fpostgres/loti_bench"
    assert database._libpq(bench) == "dbname=loti_bench user=postgres host=/tmp/Data/postgres"


def test_it_refuses_to_drop_a_database_that_is_not_a_benchmarks():
    with pytest.raises(ValueError, match="not a benchmark database"):
        database.recreate("postgresql://postgres@127.0.0.1:5432/loti")


def test_the_children_run_the_bench_settings_on_the_bench_database():
    env = database.bench_environment({"DATABASE_URL": "postgresql://p@h:5432/loti_dev"})

    assert env["DATABASE_URL"] == "postgresql://p@h:5432/loti_dev_bench"
    assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings"
