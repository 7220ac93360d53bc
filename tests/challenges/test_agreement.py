"""Krippendorff's alpha (interval) on the published example with missing data."""

from __future__ import annotations

import pytest

from loti.scoring.agreement import krippendorff_alpha_interval

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers,
# 12 units, some values missing. Published: interval alpha = 0.849.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def _units(observers):
    return [[v for v in unit if v is not None] for unit in zip(*observers, strict=True)]


def test_the_published_example_gives_0_849():
    assert krippendorff_alpha_interval(_units(OBSERVERS)) == pytest.approx(0.849, abs=5e-4)


def test_hand_computed_small_case():
    # Units (1, 2) and (3, 3): n = 4. D_o = (2/1 + 0) / 4 = 0.5.
    # All pairs: values 1,2,3,3 -> sum over ordered pairs of squared differences = 22,
    # D_e = 22 / 12. alpha = 1 - 0.5 / (22/12) = 1 - 6/22.
    assert krippendorff_alpha_interval([[1, 2], [3, 3]]) == pytest.approx(1 - 6 / 22)


def test_perfect_agreement_is_one_and_lone_values_are_ignored():
    assert krippendorff_alpha_interval([[1, 1], [4, 4, 4], [7]]) == pytest.approx(1.0)


def test_undefined_without_pairable_values_or_variation():
    assert krippendorff_alpha_interval([[3], [4]]) is None
    assert krippendorff_alpha_interval([[2, 2], [2, 2]]) is None
