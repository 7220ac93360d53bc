from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from loti.accounts import services
from tests.browser.conftest import assert_page

pytestmark = pytest.mark.browser


def test_new_person_accepts_an_invitation_and_lands_on_their_account(page, alice, camden):
    invitation = services.invitation_create(
        acting_user=alice, organisation=camden, email="dana@camden-test.example", role="member"
    )
    # The link the e-mail carries (tests/frontend checks the e-mail itself).
    link = reverse("frontend:invitation-accept", args=[services.invitation_token(invitation)])

    page.goto(link)
    assert_page(page, title="Join Camden (test)", h1="Join Camden (test)")

    page.get_by_label("Full name").fill("Dana Scully")
    page.get_by_label("Create a password").fill("password")
    page.get_by_role("button", name="Create account and join").click()
    assert_page(page, title="Error: Join Camden (test)", h1="Join Camden (test)")
    expect(page.locator("#id_password-error")).to_have_text("Error: This password is too common.")

    page.get_by_label("Create a password").fill("a-fresh-and-long-passphrase")
    page.get_by_role("button", name="Create account and join").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    assert_page(page, title="Your account", h1="Your account")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have joined Camden")
    row = page.get_by_role("row", name=re.compile("Camden"))
    expect(row.get_by_role("cell").nth(1)).to_have_text("Member")

    page.goto(link)
    refused = "This invitation link cannot be used"
    assert_page(page, title=refused, h1=refused)
