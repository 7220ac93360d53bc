from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_page, axe_violations
from tests.browser.test_tender_journey import cpv, sign_in, sign_out  # noqa: F401 (cpv: a fixture)
from tests.conftest import totp_code, totp_device
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
    page, alice, camden, acme, supplier_user, network_admin
):
    submitted_bid(supplier_user, acme, publish(alice, make_tender(alice, camden, title="Kiosks")))
    sign_in(page, supplier_user, "/account/")
    assert_page(page, title="Your account", h1="Your account")
    page.get_by_role("link", name="Download your data").click()
    assert_page(page, title="Download your data", h1="Download your data")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data (JSON)").click()
    assert download.value.suggested_filename.startswith("loti-workspace-personal-data-")

    page.goto("/account/delete/")
    assert_page(page, title="Delete your account", h1="Delete your account")
    page.get_by_role("button", name="Ask for my account to be deleted").click()
    assert_page(page, title="Error: Delete your account", h1="Delete your account")
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter your password").click()
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-panel__title")).to_have_text("Your request has been sent")
    assert_page(page, title="Delete your account", h1="Delete your account")
    sign_out(page)

    # Network administrators sign in with a code from their authenticator as well.
    device = totp_device(network_admin)
    page.goto("/sign-in/?next=/deletion-requests/")
    page.get_by_label("Email address").fill(network_admin.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    assert_page(page, title="Enter your code", h1="Enter your code")
    page.get_by_label("Code", exact=True).fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    assert_page(page, title="Accounts waiting to be deleted", h1="Accounts waiting to be deleted")
    page.get_by_role("link", name=supplier_user.full_name).click()
    assert_page(
        page,
        title=f"Deletion request {supplier_user.deletion_requests.get().pk}",
        h1=f"Delete the account of {supplier_user.full_name}",
    )
    page.get_by_role("button", name="Delete this account").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"it is now Former user {supplier_user.pk}"
    )
    assert_accessible(page)


def test_deleting_an_account_with_the_keyboard_passes(page, bob):
    sign_in(page, bob, "/account/delete/")
    assert_page(page, title="Delete your account", h1="Delete your account")

    page.get_by_label("Your password").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/account/deleted/$"))
    assert_page(page, title="Your account has been deleted", h1="Your account has been deleted")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
