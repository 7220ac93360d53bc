"""Steps several journeys share, taken through a driver (tests/browser/driver.py)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from playwright.sync_api import expect

from loti.accounts.models import User
from procurement.dates import LONDON
from tests.browser.conftest import assert_page
from tests.browser.driver import Driver
from tests.conftest import totp_code, totp_device
from tests.factories import PASSWORD


def sign_in(d: Driver, person: Any, then: str = "/account/", *, password: str = PASSWORD) -> None:
    """Sign in from the sign-in page and land on `then`. `person` is a user or an email
    address."""
    _enter_email_and_password(d, person, then, password)
    expect(d.page).to_have_url(re.compile(re.escape(then) + "(#.*)?$"))


def sign_in_with_a_code(d: Driver, person: User, then: str = "/account/") -> None:
    """Sign in as a network administrator must: the password, then the code their
    authenticator shows (an authenticator is made for them if they have none)."""
    device = totp_device(person)
    _enter_email_and_password(d, person, then, PASSWORD)
    page = d.page
    assert_page(page, title="Enter your code", h1="Enter your code")
    d.fill(page.get_by_label("Code", exact=True), totp_code(device))
    d.activate(page.get_by_role("button", name="Continue"))
    expect(page).to_have_url(re.compile(re.escape(then) + "(#.*)?$"))


def _enter_email_and_password(d: Driver, person: Any, then: str, password: str) -> None:
    email = person if isinstance(person, str) else person.email
    page = d.page
    page.goto(f"/sign-in/?next={then}" if then != "/account/" else "/sign-in/")
    assert_page(page, title="Sign in", h1="Sign in")
    d.fill(page.get_by_label("Email address"), email)
    d.fill(page.get_by_label("Password", exact=True), password)
    d.activate(page.get_by_role("main").get_by_role("button", name="Sign in"))


def sign_out(d: Driver) -> None:
    d.activate(d.page.get_by_role("button", name="Sign out"))
    expect(d.page).to_have_url(re.compile(r"/$"))


def choose(d: Driver, question: str, answer: str) -> None:
    """Answer a radio question, found by its legend."""
    d.choose(d.page.get_by_role("group", name=question).get_by_label(answer, exact=True))


def fill_date(d: Driver, legend: str, moment: datetime, *, time: str | None = None) -> None:
    """Fill a GOV.UK date input (and its time field, if asked), found by its legend."""
    group = d.page.get_by_role("group", name=legend)
    local = moment.astimezone(LONDON)
    d.fill(group.get_by_label("Day"), str(local.day))
    d.fill(group.get_by_label("Month"), str(local.month))
    d.fill(group.get_by_label("Year"), str(local.year))
    if time is not None:
        d.fill(group.get_by_label("Time"), time)


def follow_error(d: Driver, text: str, field: str) -> None:
    """Follow a link in the error summary to the field it names. GOV.UK Frontend moves
    the focus to the field; without JavaScript the link only scrolls to it."""
    page = d.page
    summary = page.locator(".govuk-error-summary")
    if d.javascript:
        expect(summary).to_be_focused()
    d.activate(summary.get_by_role("link", name=text))
    if d.javascript:
        expect(page.locator(field)).to_be_focused()
