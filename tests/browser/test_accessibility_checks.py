from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_page, axe_violations
from tests.browser.driver import Driver, KeyboardDriver
from tests.browser.steps import follow_error, sign_in, sign_in_with_a_code, sign_out
from tests.browser.test_tender_journey import cpv  # noqa: F401 (a fixture)
from tests.factories import PASSWORD
from tests.procurement.helpers import make_tender, publish, submitted_bid

pytestmark = pytest.mark.browser


def test_axe_reports_a_problem_it_is_shown(page, db):
    # Proves the check the journeys rely on is running: a page it passes is not
    # passing because axe-core never looked.
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")

    violations = axe_violations(page)

    assert [v["id"] for v in violations] == ["image-alt"]


def test_the_keyboard_driver_reports_an_unreachable_control_and_a_hidden_focus(page, db):
    # Proves the keyboard journeys' checks are running: a control out of the tab order,
    # or focused without GOV.UK's focus style, fails the step that needs it.
    d = KeyboardDriver(page)
    page.goto("/")
    page.evaluate(
        """() => {
            const out = document.createElement("button");
            out.textContent = "Out of order";
            out.tabIndex = -1;
            const plain = document.createElement("button");
            plain.textContent = "No focus style";
            plain.style.outline = "none";
            document.querySelector("main").append(out, plain);
        }"""
    )

    with pytest.raises(AssertionError, match="never reaches"):
        d.activate(page.get_by_role("button", name="Out of order"))
    with pytest.raises(AssertionError, match=r"without GOV\.UK's focus style"):
        d.activate(page.get_by_role("button", name="No focus style"))
    d.activate(page.get_by_role("link", name="Accessibility statement"))
    expect(page).to_have_url(re.compile(r"/accessibility/$"))


# Data protection and the statements linked from every footer ---------------------------------


def test_the_statements_in_the_footer_pass(page, db):
    page.goto("/")
    page.get_by_role("link", name="Accessibility statement").click()
    assert_page(
        page,
        title="Accessibility statement",
        h1="Accessibility statement for LOTI Workspace",
    )
    page.get_by_role("link", name="Privacy and cookies").click()
    assert_page(page, title="Privacy notice", h1="Privacy notice")


@pytest.mark.usefixtures("cpv")
def test_asking_for_deletion_and_confirming_it_pass(
    driver, alice, camden, acme, supplier_user, network_admin
):
    d, page = driver, driver.page
    submitted_bid(supplier_user, acme, publish(alice, make_tender(alice, camden, title="Kiosks")))
    sign_in(d, supplier_user, "/account/")
    assert_page(page, title="Your account", h1="Your account")
    d.activate(page.get_by_role("link", name="Download your data"))
    assert_page(page, title="Download your data", h1="Download your data")
    with page.expect_download() as download:
        d.activate(page.get_by_role("button", name="Download your data (JSON)"))
    assert download.value.suggested_filename.startswith("loti-workspace-personal-data-")

    page.goto("/account/")
    d.activate(page.get_by_role("link", name="Delete your account"))
    assert_page(page, title="Delete your account", h1="Delete your account")
    d.activate(page.get_by_role("button", name="Ask for my account to be deleted"))
    assert_page(page, title="Error: Delete your account", h1="Delete your account")
    follow_error(d, "Enter your password", "#id_password")
    d.fill(page.get_by_label("Your password"), PASSWORD)
    d.activate(page.get_by_role("button", name="Ask for my account to be deleted"))
    expect(page.locator(".govuk-panel__title")).to_have_text("Your request has been sent")
    assert_page(page, title="Delete your account", h1="Delete your account")
    sign_out(d)

    # Network administrators sign in with a code from their authenticator as well.
    sign_in_with_a_code(d, network_admin, "/deletion-requests/")
    assert_page(page, title="Accounts waiting to be deleted", h1="Accounts waiting to be deleted")
    d.activate(page.get_by_role("link", name=supplier_user.full_name))
    assert_page(
        page,
        title=f"Deletion request {supplier_user.deletion_requests.get().pk}",
        h1=f"Delete the account of {supplier_user.full_name}",
    )
    d.activate(page.get_by_role("button", name="Delete this account"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"it is now Former user {supplier_user.pk}"
    )
    if d.javascript:
        assert_accessible(page)


def test_deleting_an_account_with_the_keyboard_passes(page, bob):
    sign_in(Driver(page), bob, "/account/delete/")
    assert_page(page, title="Delete your account", h1="Delete your account")

    page.get_by_label("Your password").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/account/deleted/$"))
    assert_page(page, title="Your account has been deleted", h1="Your account has been deleted")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
