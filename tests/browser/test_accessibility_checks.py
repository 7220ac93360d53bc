from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_a_problem_it_is_shown(page, db):
    # Proves the check the journeys rely on is running: a page it passes is not
    # passing because axe-core never looked.
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")

    violations = axe_violations(page)

    assert [v["id"] for v in violations] == ["image-alt"]
