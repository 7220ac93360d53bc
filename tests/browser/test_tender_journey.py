"""The journey of issue 5: Camden's officer publishes a tender; Acme's supplier finds it
by search and asks a question; Camden answers and publishes it; Acme bids and gets a
receipt; after the deadline Camden opens the bids, evaluates and awards. axe-core checks
every page on the way. The database's clock decides when the tender closes, so the test
moves the deadline into the past between the steps."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from procurement.cpv import cpv_codes_load
from procurement.dates import LONDON
from procurement.models import BidStatus, CpvCode, Tender, TenderStatus
from tests.browser.conftest import assert_page, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Assistive technology pilot for older residents"


@pytest.fixture
def cpv(transactional_db: None) -> None:
    # A transactional test's flush empties the table the data migration filled.
    if not CpvCode.objects.exists():
        cpv_codes_load(CpvCode)


def sign_in(page, person, then: str) -> None:
    page.goto(f"/sign-in/?next={then}")
    assert_page(page, title="Sign in", h1="Sign in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))


def fill_date(page, legend: str, moment, *, time: str) -> None:
    group = page.get_by_role("group", name=legend)
    local = moment.astimezone(LONDON)
    group.get_by_label("Day").fill(str(local.day))
    group.get_by_label("Month").fill(str(local.month))
    group.get_by_label("Year").fill(str(local.year))
    group.get_by_label("Time").fill(time)


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_camden_tenders_acme_bids_and_camden_awards(
    page, alice, bob, supplier_user, cpv, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path

    # Camden's officer writes the tender and publishes it.
    sign_in(page, alice, "/tenders/")
    assert_page(page, title="Find a tender", h1="Find a tender")
    page.get_by_role("button", name="Create a tender").click()
    assert_page(page, title="Create a tender", h1="Create a tender")

    page.get_by_role("button", name="Save as a draft").click()
    assert_page(page, title="Error: Create a tender", h1="Create a tender")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter the closing date").click()
    expect(page.locator("#id_closes_at")).to_be_focused()

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(
        "Sensors and alerts that help older residents live safely at home."
    )
    page.get_by_label("CPV codes").fill("33196200, 72000000")
    page.get_by_label("Lowest value").fill("40000")
    page.get_by_label("Highest value").fill("90000")
    page.get_by_label("Contract length in months (optional)").fill("18")
    choose(page, "Can the work be done remotely?", "No")
    choose(page, "Is it suitable for small and medium-sized enterprises (SMEs)?", "Yes")
    choose(page, "Is it suitable for voluntary, community and social enterprises (VCSEs)?", "No")
    fill_date(page, "Closing date and time", timezone.now() + timedelta(days=21), time="12pm")
    page.get_by_label("What the technology is and why it is used (optional)").fill(
        "Motion sensors in the home; no cameras."
    )
    choose(page, "Does the contract include LOTI's data-access clause?", "Yes")
    page.get_by_role("button", name="Save as a draft").click()

    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your draft tender is saved"
    )
    page.get_by_role("button", name="Publish").click()
    assert_page(page, title="Publish the tender", h1="Publish the tender")
    page.get_by_role("button", name="Publish the tender").click()
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your tender is published"
    )
    tender = Tender.objects.get()
    assert tender.status == TenderStatus.PUBLISHED
    sign_out(page)

    # Acme's supplier finds it by searching, and asks a question.
    sign_in(page, supplier_user, "/tenders/")
    page.get_by_label("Search tenders").fill("assistive technology")
    page.get_by_role("button", name="Search", exact=True).click()
    assert_page(page, title="Find a tender", h1="Find a tender")
    expect(page.get_by_role("heading", name=re.compile("1 tender matching"))).to_be_visible()
    result = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE))
    expect(result).to_contain_text("Camden (test)")
    expect(result).to_contain_text("£40,000 to £90,000")
    expect(result).to_contain_text("12:00pm on")
    expect(result).to_contain_text("London time")
    expect(result.locator(".govuk-tag")).to_have_text("Open")
    screenshot(page, "tender-search")

    result.get_by_role("link", name=TITLE).click()
    assert_page(page, title=TITLE, h1=TITLE)
    page.get_by_role("link", name="Ask a clarification question").click()
    assert_page(page, title="Ask a question", h1="Ask a question")
    page.get_by_label("Your question").fill("Must the sensors work without wifi?")
    page.get_by_role("button", name="Send the question").click()
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your question is sent to Camden (test)"
    )
    sign_out(page)

    # Camden answers it, and the answer is published without the asker.
    sign_in(page, alice, f"/tenders/{tender.pk}/")
    page.get_by_role("link", name="Answer clarification questions").click()
    assert_page(page, title=f"Clarification questions: {TITLE}", h1="Clarification questions")
    page.get_by_role("link", name="Answer question 1").click()
    assert_page(page, title="Answer a question", h1="Answer a question")
    page.get_by_label("Your answer").fill("Yes: many homes have no broadband.")
    page.get_by_role("button", name="Publish the answer").click()
    assert_page(page, title=f"Clarification questions: {TITLE}", h1="Clarification questions")
    sign_out(page)

    # Acme reads the answer, bids and gets a receipt.
    sign_in(page, supplier_user, f"/tenders/{tender.pk}/")
    answers = page.locator(".app-qa")
    expect(answers).to_contain_text("Must the sensors work without wifi?")
    expect(answers).to_contain_text("Yes: many homes have no broadband.")
    expect(answers).not_to_contain_text("Acme")
    page.get_by_role("button", name="Start a bid").click()
    assert_page(page, title="Your bid", h1="Your bid")
    page.get_by_label("Quality (60%)").fill("We run sensor services in four boroughs.")
    page.get_by_label("Social value (10%)").fill("Two local apprentices.")
    page.get_by_label("Your price").fill("72000")
    page.get_by_role("button", name="Save as a draft").click()
    assert_page(page, title="Your bid", h1="Your bid")
    page.get_by_label("Upload a document").set_input_files(
        {"name": "method-statement.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload the document").click()
    assert_page(page, title="Your bid", h1="Your bid")
    expect(page.get_by_role("link", name="method-statement.pdf")).to_be_visible()
    page.get_by_role("button", name="Continue to check and submit").click()
    assert_page(
        page,
        title="Check your bid before you submit it",
        h1="Check your bid before you submit it",
    )
    page.get_by_role("button", name="Submit your bid").click()
    assert_page(page, title="Bid submitted", h1="Bid submitted")
    bid = tender.bids.get()
    assert bid.status == BidStatus.SUBMITTED
    expect(page.locator("#receipt-sha256")).to_have_text(bid.latest_submission.sha256)
    expect(page.get_by_role("main")).to_contain_text("London time")
    expect(page.get_by_role("main")).to_contain_text("method-statement.pdf")
    screenshot(page, "tender-receipt")
    sign_out(page)

    # Before the deadline Camden sees nothing of the bid.
    sign_in(page, alice, f"/tenders/{tender.pk}/evaluation/")
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    expect(page.get_by_role("main")).to_contain_text("Bids are sealed until")
    expect(page.get_by_role("main")).not_to_contain_text("Acme")

    # The deadline passes (by the database's clock, which is what decides).
    past = timezone.now() - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(closes_at=past, questions_close_at=past)

    page.reload()
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    page.get_by_role("button", name="Open the bids").click()
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    expect(page.get_by_role("rowheader", name="Acme (test)")).to_be_visible()
    page.get_by_label("Email address of the evaluator").fill(bob.email)
    page.get_by_role("button", name="Add the evaluator").click()
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(bob.email)
    sign_out(page)

    # Bob, a Camden colleague, declares no conflicts and scores the bid.
    sign_in(page, bob, f"/tenders/{tender.pk}/")
    page.get_by_role("link", name="Declare any conflicts of interest and score the bids").click()
    assert_page(page, title="Declare conflicts of interest", h1="Declare conflicts of interest")
    page.get_by_role("button", name="Confirm your declaration").click()
    assert_page(page, title="Bids to score", h1="Bids to score")
    page.get_by_role("link", name="Acme (test)").click()
    assert_page(page, title="Score the bid from Acme (test)", h1="Score the bid from Acme (test)")
    page.get_by_label("Score for quality", exact=True).fill("4")
    page.get_by_label("Comment on quality (optional)").fill("Strong track record.")
    page.get_by_label("Score for social value", exact=True).fill("3")
    page.get_by_role("button", name="Save your scores").click()
    assert_page(page, title="Bids to score", h1="Bids to score")
    sign_out(page)

    # Camden agrees the scores and awards the contract.
    sign_in(page, alice, f"/tenders/{tender.pk}/evaluation/")
    page.get_by_role("link", name="Agree scores for Acme (test)").click()
    assert_page(
        page,
        title="Agree the scores for Acme (test)",
        h1="Agree the scores for Acme (test)",
    )
    page.get_by_label("Score for quality", exact=True).fill("4")
    page.get_by_label("Why the panel agreed this score for quality").fill("Track record.")
    page.get_by_label("Score for social value", exact=True).fill("3")
    page.get_by_label("Why the panel agreed this score for social value").fill("Apprentices.")
    page.get_by_role("button", name="Save the agreed scores").click()
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    page.get_by_role("button", name="Award the contract").click()
    assert_page(page, title="Award the contract", h1="Award the contract")
    page.get_by_label(re.compile(r"^Acme \(test\): .* points, rank 1$")).check()
    page.get_by_role("button", name="Award the contract").click()
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL
    expect(page.get_by_role("main")).to_contain_text(
        f"The standstill period ends on {tender.standstill_ends_on:%-d %B %Y}"
    )
    sign_out(page)

    # Acme is told, and reads its assessment.
    sign_in(page, supplier_user, "/notifications/")
    page.get_by_role("link", name=f"{TITLE}: your bid was successful").click()
    assert_page(page, title="Your assessment", h1="Your assessment")
    expect(page.get_by_role("main")).to_contain_text("successful")
