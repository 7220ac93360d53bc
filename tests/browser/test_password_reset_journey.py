from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_page

pytestmark = pytest.mark.browser


def test_person_resets_their_password_from_the_emailed_link(page, alice):
    page.goto("/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_page(page, title="Reset your password", h1="Reset your password")

    page.get_by_label("Email address").fill(alice.email)
    page.get_by_role("button", name="Send the link").click()
    assert_page(page, title="Check your email", h1="Check your email")

    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(1))
    assert_page(page, title="Choose a new password", h1="Choose a new password")
    page.get_by_label("New password", exact=True).fill("a-fresh-and-long-passphrase")
    page.get_by_label("Confirm new password").fill("a-fresh-and-long-passphrase")
    page.get_by_role("button", name="Save the new password").click()
    assert_page(page, title="Your password has been changed", h1="Your password has been changed")

    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password", exact=True).fill("a-fresh-and-long-passphrase")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
