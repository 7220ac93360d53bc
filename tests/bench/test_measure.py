"""Medians, spreads and paired ratios, which every figure in the table is."""

from __future__ import annotations

import itertools

import pytest

from bench.measure import Stat, compare, count_queries, quantile
from loti.accounts.models import Organisation


def test_a_stat_is_the_median_and_the_interquartile_range():
    stat = Stat.of([5.0, 1.0, 4.0, 2.0, 3.0])

    assert (stat.median, stat.p25, stat.p75, stat.n) == (3.0, 2.0, 4.0, 5)
    assert quantile([10.0, 20.0], 0.5) == 15.0
    assert stat.text("ms", 1) == "3.0 ms [2.0–4.0]"


def test_compare_alternates_and_pairs_each_round():
    order: list[str] = []
    clock = itertools.count()

    def subject() -> None:
        order.append("a")
        next(clock)

    def floor() -> None:
        order.append("b")

    comparison = compare(subject, floor, rounds=4, warmup=0)

    assert order == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert comparison.subject.n == comparison.against.n == comparison.ratio.n == 4


def test_compare_stops_at_its_budget_after_five_rounds():
    comparison = compare(lambda: None, lambda: None, rounds=1000, warmup=0, budget_seconds=0)

    assert comparison.ratio.n == 5


@pytest.mark.django_db
def test_queries_are_counted_with_their_sql():
    counted = count_queries(lambda: list(Organisation.objects.filter(slug="nowhere")))

    assert counted.count == 1
    assert "accounts_organisation" in counted.statements[0]
