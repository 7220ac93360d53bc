"""The journeys of issue 4: a borough starts a project after seeing similar work and
shares it; another borough finds it and adopts it. A playbook is published, adopted and
followed step by step. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from loti.visibility import Visibility
from tests.browser.conftest import assert_page, screenshot
from tests.factories import PASSWORD, OrganisationFactory, member_of
from tests.projects.helpers import make_playbook, make_project

pytestmark = pytest.mark.browser

# Curly quotes, as the pages write them.
LQ, RQ = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"


def sign_in(page, person) -> None:
    page.goto("/sign-in/")
    assert_page(page, title="Sign in", h1="Sign in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_camden_shares_a_project_that_hackney_finds_and_adopts(page, alice, charlie, hackney):
    islington = OrganisationFactory.create(slug="islington-test", name="Islington (test)")
    make_project(
        member_of(islington),
        islington,
        title="Chatbot for council tax questions",
        summary="A chatbot answers residents' council tax questions at night.",
        visibility=Visibility.NETWORK,
    )

    sign_in(page, alice)
    page.get_by_role("link", name="Projects").click()
    assert_page(page, title="Projects and playbooks", h1="Projects and playbooks")
    page.get_by_role("button", name="Start a project").click()
    assert_page(page, title="Start a project", h1="Start a project")

    page.get_by_role("button", name="Continue").click()
    assert_page(page, title="Error: Start a project", h1="Start a project")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a project title")
    expect(summary).to_contain_text("Enter a summary of the project")

    page.get_by_label("Project title").fill("Chatbot for housing repairs")
    page.get_by_label("Summary").fill("Residents report repairs to a chatbot at any time.")
    page.get_by_label("Alpha").check()
    page.get_by_label("Housing").check()
    page.get_by_label("Tags (optional)").fill("chatbot, repairs")
    page.get_by_label("Shared", exact=True).check()
    page.get_by_label("Hackney (test)").check()
    page.get_by_role("button", name="Continue").click()

    assert_page(page, title="Similar work already exists", h1="Similar work already exists")
    expect(
        page.get_by_role("link", name=re.compile("Chatbot for council tax questions"))
    ).to_be_visible()
    page.get_by_role("button", name="Save project").click()

    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")
    shared = page.locator(".govuk-summary-list__row", has_text="Shared with")
    expect(shared).to_contain_text("Hackney (test)")
    add_an_outcome_and_a_link(page)
    sign_out(page)

    sign_in(page, charlie)
    page.get_by_role("link", name="Projects").click()
    page.get_by_label("Search projects and playbooks").fill("repairs chatbot")
    page.get_by_role("button", name="Search").click()
    assert_page(
        page,
        title=f"{LQ}repairs chatbot{RQ}: Projects and playbooks",
        h1="Projects and playbooks",
    )
    screenshot(page, "projects-search")
    page.get_by_role("link", name="Chatbot for housing repairs").click()
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    screenshot(page, "project-page")
    # Hackney reads Camden's outcomes and links, and may not change them.
    expect(page.locator("#outcomes + table")).to_contain_text("Repairs reported each month")
    expect(page.get_by_role("link", name="Alpha assessment report", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Add an outcome")).to_have_count(0)

    page.get_by_role("button", name="Adopt this project for Hackney (test)").click()
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-caption-l")).to_have_text("Hackney (test)")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Adopted from Chatbot for housing repairs by Camden (test)."
    )
    page.get_by_role("link", name="Chatbot for housing repairs").click()
    assert_page(page, title="Chatbot for housing repairs", h1="Chatbot for housing repairs")
    expect(page.locator(".govuk-caption-l")).to_have_text("Camden (test)")


def add_an_outcome_and_a_link(page) -> None:
    """On the project page, its officer adds an outcome, correcting a figure that is not
    a number, and changes it; then adds a link; and sees both on the project and in
    its history."""
    project_page = "Chatbot for housing repairs"
    page.get_by_role("button", name="Add an outcome").click()
    assert_page(page, title=f"Add an outcome: {project_page}", h1="Add an outcome")
    page.get_by_label("Measure").fill("Repairs reported each month")
    page.get_by_label("Baseline (optional)").fill("1,250")
    page.get_by_label("Target (optional)").fill("lots")
    page.get_by_role("button", name="Add outcome").click()
    assert_page(page, title=f"Error: Add an outcome: {project_page}", h1="Add an outcome")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Target must be a number, like 320 or 72.5"
    )
    page.get_by_label("Target (optional)").fill("1,500")
    page.get_by_role("button", name="Add outcome").click()
    assert_page(page, title=project_page, h1=project_page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been added")
    row = page.locator("#outcomes + table tbody tr")
    expect(row).to_contain_text("Repairs reported each month")
    expect(row).to_contain_text("1,250")
    expect(row).to_contain_text("1,500")
    page.get_by_role("link", name="Change the outcome Repairs reported each month").click()
    assert_page(page, title=f"Change the outcome: {project_page}", h1="Change the outcome")
    page.get_by_label("Actual (optional)").fill("1,410")
    page.get_by_role("button", name="Save changes").click()
    assert_page(page, title=project_page, h1=project_page)
    expect(row).to_contain_text("1,410")

    page.get_by_role("button", name="Add a link").click()
    assert_page(page, title=f"Add a link: {project_page}", h1="Add a link")
    page.get_by_label("Link text").fill("Alpha assessment report")
    page.get_by_label("Web address").fill("ftp://example.org/alpha.pdf")
    page.get_by_role("button", name="Add link").click()
    assert_page(page, title=f"Error: Add a link: {project_page}", h1="Add a link")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must start with http://")
    page.get_by_label("Web address").fill("https://example.org/alpha")
    page.get_by_role("button", name="Add link").click()
    assert_page(page, title=project_page, h1=project_page)
    expect(page.get_by_role("link", name="Alpha assessment report", exact=True)).to_have_attribute(
        "href", "https://example.org/alpha"
    )
    screenshot(page, "project-outcomes-and-links")

    page.get_by_role("link", name="History of changes").click()
    assert_page(page, title=f"History of {project_page}", h1="History of changes")
    expect(page.locator("tbody tr").nth(0)).to_contain_text("Links")
    expect(page.locator("tbody tr").nth(1)).to_contain_text("Outcomes")
    page.get_by_role("link", name="Back to the project").click()
    assert_page(page, title=project_page, h1=project_page)


def test_a_playbook_is_published_adopted_and_a_step_marked_done(page, alice, camden, charlie):
    playbook = make_playbook(alice, camden, title="Running a chatbot discovery", publish=False)

    sign_in(page, alice)
    page.goto(f"/playbooks/{playbook.pk}/")
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")
    page.get_by_role("button", name="Edit the draft").click()
    assert_page(page, title="Edit the draft of Running a chatbot discovery", h1="Edit the draft")
    page.get_by_role("button", name="Add another step").click()
    assert_page(page, title="Edit the draft of Running a chatbot discovery", h1="Edit the draft")
    page.get_by_label("Step title").nth(2).fill("Write up what you found")
    page.get_by_label("What to do").nth(2).fill("Share it with **every** borough.")
    page.get_by_role("button", name="Save draft").click()
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")

    page.get_by_role("button", name="Publish").click()
    assert_page(page, title="Error: Running a chatbot discovery", h1="Running a chatbot discovery")
    page.get_by_label("What has changed in this version?").fill("First version.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 1 has been published"
    )
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")
    sign_out(page)

    sign_in(page, charlie)
    page.get_by_role("link", name="Playbooks").click()
    assert_page(page, title="Playbooks", h1="Playbooks")
    page.get_by_role("link", name="Running a chatbot discovery").click()
    assert_page(page, title="Running a chatbot discovery", h1="Running a chatbot discovery")
    expect(page.locator(".app-markdown strong", has_text="every")).to_be_visible()
    page.get_by_role("button", name="Adopt this playbook for Hackney (test)").click()

    expect(page).to_have_url(re.compile(r"/adoptions/\d+/$"))
    assert_page(
        page,
        title="Hackney (test): Running a chatbot discovery",
        h1="Running a chatbot discovery",
    )
    step = page.locator("#step-1")
    step.get_by_label("Done").check()
    step.get_by_label("Notes on step 1 (optional)").fill("Spoke to twelve residents.")
    page.get_by_role("button", name="Save progress").click()
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
    screenshot(page, "adoption-progress")
