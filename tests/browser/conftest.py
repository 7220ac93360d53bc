"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright, with axe-core
run on every page a journey visits."""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.driver import DRIVERS, Driver
from tests.conftest import chromium_path, require

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
# a thread with a running loop unless told this is safe. The test thread makes none
# while Playwright waits, so it is (the standard workaround for pytest-django).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(chromium_path() is not None, "Chromium")
    require(AXE.exists(), "axe-core (run `npm ci` in frontend/)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    # bypass_csp: axe-core is injected as an inline script, which the strict
    # Content-Security-Policy to come would otherwise block.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # A live server's first page (and its static files) can be slow on a busy machine.
    page.set_default_navigation_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the pages: {errors}"


# Pages whose JavaScript is switched off: axe-core cannot run there (its timers never
# fire), so assert_page checks only the title and heading; the same journey with
# JavaScript runs axe-core on the same pages.
SCRIPTLESS: weakref.WeakSet[Any] = weakref.WeakSet()


@pytest.fixture
def page_without_javascript(
    browser: Any, live_server: Any, transactional_db: None
) -> Iterator[Any]:
    """The same pages with JavaScript switched off: every form must still work."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(30_000)
    SCRIPTLESS.add(page)
    yield page
    context.close()


@pytest.fixture(params=list(DRIVERS))
def driver(request: pytest.FixtureRequest, transactional_db: None) -> Driver:
    """A journey three ways: with the mouse, with the keyboard only, and without
    JavaScript. transactional_db is named here, not only through the page fixture
    looked up below, so that pytest-django runs these tests with the other
    transactional ones, after the tests that need the data migrations' rows."""
    kind = DRIVERS[request.param]
    fixture = "page" if kind.javascript else "page_without_javascript"
    return kind(request.getfixturevalue(fixture))


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")),
            })))""",
        WCAG_TAGS,
    )
    return list(result)


def assert_accessible(page: Any) -> None:
    """No WCAG 2.2 A/AA violation that axe-core can find on the page as it stands."""
    violations = axe_violations(page)
    assert violations == [], f"axe-core on {page.url}:\n" + json.dumps(violations, indent=2)


def assert_page(page: Any, *, title: str, h1: str) -> None:
    """The page a person expects: its title, one h1, and nothing axe-core objects to."""
    # The title is waited for: a click that submits a form returns before the next page.
    expect(page).to_have_title(f"{title} \N{EN DASH} LOTI Workspace")
    page.wait_for_load_state("load")
    headings = page.locator("h1").all_inner_texts()
    assert [" ".join(heading.split()) for heading in headings] == [h1]
    if page not in SCRIPTLESS:
        assert_accessible(page)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
