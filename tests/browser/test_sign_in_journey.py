from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from loti.accounts import services
from tests.browser.conftest import assert_accessible, assert_page, screenshot
from tests.browser.driver import Driver, KeyboardDriver
from tests.browser.steps import follow_error, sign_in, sign_in_with_a_code, sign_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_person_signs_in_and_sees_their_organisation_and_role(driver, alice, bob):
    d, page = driver, driver.page
    page.goto("/")
    assert_page(page, title="Home", h1="LOTI Workspace")

    d.activate(page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    assert_page(page, title="Sign in", h1="Sign in")

    d.fill(page.get_by_label("Email address"), alice.email)
    d.fill(page.get_by_label("Password", exact=True), "not-the-password")
    d.activate(page.get_by_role("main").get_by_role("button", name="Sign in"))
    assert_page(page, title="Error: Sign in", h1="Sign in")
    follow_error(d, "The email address or password is not right", "#id_password")

    d.fill(page.locator("#id_password"), PASSWORD)
    d.activate(page.get_by_role("main").get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/account/(#.*)?$"))
    assert_page(page, title="Your account", h1="Your account")
    row = page.get_by_role("row", name=re.compile("Camden"))
    expect(row.get_by_role("rowheader")).to_have_text("Camden (test)")
    expect(row.get_by_role("cell").nth(1)).to_have_text("Administrator")
    if d.name == "mouse":
        screenshot(page, "account")

    d.activate(row.get_by_role("link", name="Camden (test)"))
    assert_page(page, title="People in Camden (test)", h1="People")
    expect(page.get_by_role("cell", name=bob.email)).to_be_visible()

    sign_out(d)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_administrator_signs_in_with_a_code_from_their_authenticator(driver, network_admin):
    sign_in_with_a_code(driver, network_admin)
    assert_page(driver.page, title="Your account", h1="Your account")


# The skip link shows only when focused, so only the keyboard can use it; with
# JavaScript GOV.UK Frontend moves the focus, without it the browser does.
@pytest.mark.parametrize("fixture", ["page", "page_without_javascript"])
def test_skip_link_moves_the_focus_to_the_main_content(request, transactional_db, fixture):
    page = request.getfixturevalue(fixture)
    d = KeyboardDriver(page)
    page.goto("/")
    d.activate(page.get_by_role("link", name="Skip to main content"))
    # The next Tab goes to the first control in the main content, not the header's.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").locator(":focus")).to_have_count(1)


def test_admin_invitation_form_shows_errors_accessibly(page, alice):
    sign_in(Driver(page), alice)
    page.goto("/organisations/camden-test/members/")
    assert_page(page, title="People in Camden (test)", h1="People")

    page.get_by_role("button", name="Send invitation").click()
    assert_page(page, title="Error: People in Camden (test)", h1="People")
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Enter the email address of the person to invite").click()
    expect(page.locator("#id_email")).to_be_focused()

    page.get_by_label("Email address of the person to invite").fill("erin@camden-test.example")
    page.get_by_label("Member").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to erin@camden-test.example"
    )
    assert_accessible(page)


def test_navigation_collapses_into_a_menu_on_a_phone(page, alice, camden):
    services.invitation_create(
        acting_user=alice, organisation=camden, email="a.long.address@camden-test.example"
    )
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(Driver(page), alice)

    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    menu.click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
    # WCAG 1.4.10: content reflows to 320 CSS pixels without scrolling sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/account/", "/organisations/camden-test/members/", "/suppliers/register/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} pixels wide on a 320 pixel screen"
