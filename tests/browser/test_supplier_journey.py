from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_page

pytestmark = pytest.mark.browser


def test_company_registers_and_its_person_lands_on_their_account(page, db):
    page.goto("/")
    page.get_by_role("link", name="Register a company").click()
    assert_page(page, title="Register your company", h1="Register your company")

    page.get_by_label("Company name").fill("Widget Works Ltd")
    page.get_by_label("Companies House number (optional)").fill("1234")
    page.get_by_label("Full name").fill("Wanda Widget")
    page.get_by_label("Your email address").fill("wanda@widgetworks.example")
    page.get_by_label("Create a password").fill("a-fresh-and-long-passphrase")
    page.get_by_role("button", name="Register").click()
    assert_page(page, title="Error: Register your company", h1="Register your company")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_count(2)
    summary.get_by_role("link", name="Choose the size of your company").click()
    expect(page.get_by_label("Micro (fewer than 10 staff)")).to_be_focused()

    page.get_by_label("Micro (fewer than 10 staff)").check()
    page.get_by_label("Companies House number (optional)").fill("01234567")
    page.get_by_label("Create a password").fill("a-fresh-and-long-passphrase")
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    assert_page(page, title="Your account", h1="Your account")
    row = page.get_by_role("row", name=re.compile("Widget Works Ltd"))
    expect(row.get_by_role("cell").nth(0)).to_have_text("Supplier")
    expect(row.get_by_role("cell").nth(1)).to_have_text("Administrator")
