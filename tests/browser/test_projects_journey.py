"""The journeys of issue 4: a borough starts a project after seeing similar work and
shares it; another borough finds it and adopts it. A playbook is published, adopted and
followed step by step. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from loti.visibility import Visibility
from tests.browser.conftest import assert_page, screenshot
from tests.browser.driver import Driver
from tests.browser.steps import sign_in, sign_out
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_playbook, make_project

pytestmark = pytest.mark.browser

# Curly quotes, as the pages write them.
LQ, RQ = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"


def test_camden_shares_a_project_that_hackney_finds_and_adopts(driver, alice, charlie, hackney):
    d, page = driver, driver.page
    islington = OrganisationFactory.create(slug="islington-test", name="Islington (test)")
    islington_officer = member_of(islington, email="dee@islington-test.example")
    make_project(
        islington_officer,
        islington,
        title="Chatbot for council tax questions",
        summary="A chatbot answers residents' council tax questions at night.",
        visibility=Visibility.NETWORK,
    )

    sign_in(d, alice)
    d.activate(page.get_by_role("link", name="Projects"))
    assert_page(page, title="Projects and playbooks", h1="Projects and playbooks")
    d.activate(page.get_by_role("button", name="Start a project"))
    assert_page(page, title="Start a project", h1="Start a project")

    d.activate(page.get_by_role("button", name="Continue"))
    assert_page(page, title="Error: Start a project", h1="Start a project")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a project title")
    expect(summary).to_contain_text("Enter a summary of the project")

    d.fill(page.get_by_label("Project title"), "Chatbot for housing repairs")
    d.fill(page.get_by_label("Summary"), "Residents report repairs to a chatbot at any time.")
    d.choose(page.get_by_label("Alpha"))
    d.choose(page.get_by_label("Housing"))
    d.fill(page.get_by_label("Tags (optional)"), "chatbot, repairs")
    d.choose(page.get_by_label("Shared", exact=True))
    d.choose(page.get_by_label("Hackney (test)"))
    d.activate(page.get_by_role("button", name="Continue"))

    assert_page(page, title="Similar work already exists", h1="Similar work already exists")
    expect(
        page.get_by_role("link", name=re.compile("Chatbot for council tax questions"))
    ).to_be_visible()
    d.activate(page.get_by_role("button", name="Save project"))

    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")
    shared = page.locator(".govuk-summary-list__row", has_text="Shared with")
    expect(shared).to_contain_text("Hackney (test)")
    add_an_outcome_and_a_link(d)

    # Islington's officer is named as a co-author, and improves the summary.
    d.fill(page.get_by_label("Email address of the co-author"), islington_officer.email)
    d.activate(page.get_by_role("button", name="Add co-author"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "can now see and edit this project"
    )
    project_path = page.url.removeprefix(page.url.split("/projects/")[0])
    sign_out(d)
    sign_in(d, islington_officer, project_path)
    d.activate(page.get_by_role("button", name="Edit the project"))
    assert_page(page, title="Edit Chatbot for housing repairs", h1="Edit the project")
    d.fill(page.get_by_label("Summary"), "Residents report repairs to a chatbot, day or night.")
    d.activate(page.get_by_role("button", name="Save changes"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.get_by_role("main")).to_contain_text("Residents report repairs to a chatbot, day")
    sign_out(d)

    sign_in(d, charlie)
    d.activate(page.get_by_role("link", name="Projects"))
    d.fill(page.get_by_label("Search projects and playbooks"), "repairs chatbot")
    d.activate(page.get_by_role("button", name="Search"))
    assert_page(
        page,
        title=f"{LQ}repairs chatbot{RQ}: Projects and playbooks",
        h1="Projects and playbooks",
    )
    if d.name == "mouse":
        screenshot(page, "projects-search")
    d.activate(page.get_by_role("link", name="Chatbot for housing repairs"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    if d.name == "mouse":
        screenshot(page, "project-page")
    # Hackney reads Camden's outcomes and links, and may not change them.
    expect(page.locator("#outcomes + table")).to_contain_text("Repairs reported each month")
    expect(page.get_by_role("link", name="Alpha assessment report", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Add an outcome")).to_have_count(0)

    d.activate(page.get_by_role("button", name="Adopt this project for Hackney (test)"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-caption-l")).to_have_text("Hackney (test)")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Adopted from Chatbot for housing repairs by Camden (test)."
    )
    d.activate(page.get_by_role("link", name="Chatbot for housing repairs"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-caption-l")).to_have_text("Camden (test)")


def add_an_outcome_and_a_link(d: Driver) -> None:
    """On the project page, its officer adds an outcome, correcting a figure that is not
    a number, and changes it; then adds a link; and sees both on the project and in
    its history."""
    page = d.page
    project_page = "Chatbot for housing repairs"
    d.activate(page.get_by_role("button", name="Add an outcome"))
    assert_page(page, title=f"Add an outcome: {project_page}", h1="Add an outcome")
    d.fill(page.get_by_label("Measure"), "Repairs reported each month")
    d.fill(page.get_by_label("Baseline (optional)"), "1,250")
    d.fill(page.get_by_label("Target (optional)"), "lots")
    d.activate(page.get_by_role("button", name="Add outcome"))
    assert_page(page, title=f"Error: Add an outcome: {project_page}", h1="Add an outcome")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Target must be a number, like 320 or 72.5"
    )
    d.fill(page.get_by_label("Target (optional)"), "1,500")
    d.activate(page.get_by_role("button", name="Add outcome"))
    assert_page(page, title=project_page, h1=project_page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been added")
    row = page.locator("#outcomes + table tbody tr")
    expect(row).to_contain_text("Repairs reported each month")
    expect(row).to_contain_text("1,250")
    expect(row).to_contain_text("1,500")
    d.activate(page.get_by_role("link", name="Change the outcome Repairs reported each month"))
    assert_page(page, title=f"Change the outcome: {project_page}", h1="Change the outcome")
    d.fill(page.get_by_label("Actual (optional)"), "1,410")
    d.activate(page.get_by_role("button", name="Save changes"))
    assert_page(page, title=project_page, h1=project_page)
    expect(row).to_contain_text("1,410")

    d.activate(page.get_by_role("button", name="Add a link"))
    assert_page(page, title=f"Add a link: {project_page}", h1="Add a link")
    d.fill(page.get_by_label("Link text"), "Alpha assessment report")
    d.fill(page.get_by_label("Web address"), "ftp://example.org/alpha.pdf")
    d.activate(page.get_by_role("button", name="Add link"))
    assert_page(page, title=f"Error: Add a link: {project_page}", h1="Add a link")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must start with http://")
    d.fill(page.get_by_label("Web address"), "https://example.org/alpha")
    d.activate(page.get_by_role("button", name="Add link"))
    assert_page(page, title=project_page, h1=project_page)
    expect(page.get_by_role("link", name="Alpha assessment report", exact=True)).to_have_attribute(
        "href", "https://example.org/alpha"
    )
    if d.name == "mouse":
        screenshot(page, "project-outcomes-and-links")

    d.activate(page.get_by_role("link", name="History of changes"))
    assert_page(page, title=f"History of {project_page}", h1="History of changes")
    expect(page.locator("tbody tr").nth(0)).to_contain_text("Links")
    expect(page.locator("tbody tr").nth(1)).to_contain_text("Outcomes")
    d.activate(page.get_by_role("link", name="Back to the project"))
    assert_page(page, title=project_page, h1=project_page)


def test_a_playbook_is_published_adopted_and_a_step_marked_done(driver, alice, camden, charlie):
    d, page = driver, driver.page
    playbook = make_playbook(alice, camden, title="Running a chatbot discovery", publish=False)

    sign_in(d, alice)
    page.goto(f"/playbooks/{playbook.pk}/")
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")
    d.activate(page.get_by_role("button", name="Edit the draft"))
    assert_page(page, title="Edit the draft of Running a chatbot discovery", h1="Edit the draft")
    d.activate(page.get_by_role("button", name="Add another step"))
    assert_page(page, title="Edit the draft of Running a chatbot discovery", h1="Edit the draft")
    d.fill(page.get_by_label("Step title").nth(2), "Write up what you found")
    d.fill(page.get_by_label("What to do").nth(2), "Share it with **every** borough.")
    d.activate(page.get_by_role("button", name="Save draft"))
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")

    d.activate(page.get_by_role("button", name="Publish"))
    assert_page(page, title="Error: Running a chatbot discovery", h1="Running a chatbot discovery")
    d.fill(page.get_by_label("What has changed in this version?"), "First version.")
    d.activate(page.get_by_role("button", name="Publish"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 1 has been published"
    )
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")
    sign_out(d)

    sign_in(d, charlie)
    d.activate(page.get_by_role("link", name="Playbooks"))
    assert_page(page, title="Playbooks", h1="Playbooks")
    d.activate(page.get_by_role("link", name="Running a chatbot discovery"))
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")
    expect(page.locator(".app-markdown strong", has_text="every")).to_be_visible()
    d.activate(page.get_by_role("button", name="Adopt this playbook for Hackney (test)"))

    expect(page).to_have_url(re.compile(r"/adoptions/\d+/$"))
    assert_page(
        page,
        title="Hackney (test): Running a chatbot discovery",
        h1="Running a chatbot discovery",
    )
    step = page.locator("#step-1")
    d.choose(step.get_by_label("Done"))
    step.get_by_label("Notes on step 1 (optional)").fill("Spoke to twelve residents.")
    d.activate(page.get_by_role("button", name="Save progress"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your progress has been saved"
    )
    assert_page(
        page,
        title="Hackney (test): Running a chatbot discovery",
        h1="Running a chatbot discovery",
    )
    expect(page.locator("#step-1-status")).to_have_text("Done")
    expect(page.locator("#step-2-status")).to_have_text("Not started")
    if d.name == "mouse":
        screenshot(page, "adoption-progress")
