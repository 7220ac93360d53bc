"""Pages under the real Content Security Policy (the other journeys bypass it to inject
axe-core), and setting up and using two-factor sign-in in a browser."""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Iterator
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import assert_page, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A page that keeps to the policy, recording what the policy refused."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.refused = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.refused.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.refused.append(str(error)))
    yield page
    context.close()


def test_the_api_documentation_works_under_the_policy(strict_page):
    strict_page.goto("/api/docs/")

    expect(strict_page.locator(".swagger-ui .info .title")).to_contain_text("LOTI Workspace API")
    expect(strict_page.locator(".opblock-tag").first).to_be_visible()
    strict_page.locator(".opblock-summary").first.click()
    expect(strict_page.locator(".opblock-body").first).to_be_visible()
    assert strict_page.refused == []


def test_pages_run_govuk_frontend_under_the_policy(strict_page, alice):
    strict_page.goto("/sign-in/")
    expect(strict_page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    # The password input's "Show" button appears only when GOV.UK Frontend's script ran.
    expect(strict_page.get_by_role("button", name="Show password")).to_be_visible()

    strict_page.get_by_label("Email address").fill(alice.email)
    strict_page.get_by_label("Password", exact=True).fill(PASSWORD)
    strict_page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(strict_page).to_have_url(re.compile(r"/account/$"))
    assert strict_page.refused == []


def test_a_person_sets_up_two_factor_sign_in_and_signs_in_with_a_code(page, bob):
    page.goto("/sign-in/?next=/account/two-factor/")
    page.get_by_label("Email address").fill(bob.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    assert_page(page, title="Two-factor sign-in", h1="Two-factor sign-in")

    page.get_by_role("button", name="Set up two-factor sign-in").click()
    assert_page(page, title="Set up two-factor sign-in", h1="Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    screenshot(page, "two-factor-set-up")
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert_page(page, title="Save your recovery codes", h1="Two-factor sign-in is on")
    codes = page.locator(".app-recovery-codes li").all_inner_texts()
    assert len(codes) == 10

    page.get_by_role("button", name="Sign out").click()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(bob.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    assert_page(page, title="Enter your code", h1="Enter your code")
    page.get_by_role("button", name="Continue").click()
    assert_page(page, title="Error: Enter your code", h1="Enter your code")
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    assert_page(page, title="Your account", h1="Your account")
    expect(page.get_by_text("You used a recovery code. You have 9 left")).to_be_visible()
