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
from procurement.models import BidStatus, CpvCode, Tender, TenderStatus
from tests.browser.conftest import assert_page, screenshot
from tests.browser.steps import choose, fill_date, follow_error, sign_in, sign_out

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Assistive technology pilot for older residents"


@pytest.fixture
def cpv(transactional_db: None) -> None:
    # A transactional test's flush empties the table the data migration filled.
    if not CpvCode.objects.exists():
        cpv_codes_load(CpvCode)


def test_camden_tenders_acme_bids_and_camden_awards(
    driver, alice, bob, supplier_user, cpv, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    d, page = driver, driver.page

    # Camden's officer writes the tender and publishes it.
    sign_in(d, alice, "/tenders/")
    assert_page(page, title="Find a tender", h1="Find a tender")
    d.activate(page.get_by_role("button", name="Create a tender"))
    assert_page(page, title="Create a tender", h1="Create a tender")

    d.activate(page.get_by_role("button", name="Save as a draft"))
    assert_page(page, title="Error: Create a tender", h1="Create a tender")
    follow_error(d, "Enter the closing date", "#id_closes_at")

    d.fill(page.get_by_label("Title"), TITLE)
    d.fill(
        page.get_by_label("Description"),
        "Sensors and alerts that help older residents live safely at home.",
    )
    d.fill(page.get_by_label("CPV codes"), "33196200, 72000000")
    d.fill(page.get_by_label("Lowest value"), "40000")
    d.fill(page.get_by_label("Highest value"), "90000")
    d.fill(page.get_by_label("Contract length in months (optional)"), "18")
    choose(d, "Can the work be done remotely?", "No")
    choose(d, "Is it suitable for small and medium-sized enterprises (SMEs)?", "Yes")
    choose(d, "Is it suitable for voluntary, community and social enterprises (VCSEs)?", "No")
    fill_date(d, "Closing date and time", timezone.now() + timedelta(days=21), time="12pm")
    d.fill(
        page.get_by_label("What the technology is and why it is used (optional)"),
        "Motion sensors in the home; no cameras.",
    )
    choose(d, "Does the contract include LOTI's data-access clause?", "Yes")
    d.activate(page.get_by_role("button", name="Save as a draft"))

    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your draft tender is saved"
    )
    d.activate(page.get_by_role("button", name="Publish"))
    assert_page(page, title="Publish the tender", h1="Publish the tender")
    d.activate(page.get_by_role("button", name="Publish the tender"))
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your tender is published"
    )
    tender = Tender.objects.get()
    assert tender.status == TenderStatus.PUBLISHED
    sign_out(d)

    # Acme's supplier finds it by searching, and asks a question.
    sign_in(d, supplier_user, "/tenders/")
    d.fill(page.get_by_label("Search tenders"), "assistive technology")
    d.activate(page.get_by_role("button", name="Search", exact=True))
    assert_page(page, title="Find a tender", h1="Find a tender")
    expect(page.get_by_role("heading", name=re.compile("1 tender matching"))).to_be_visible()
    result = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE))
    expect(result).to_contain_text("Camden (test)")
    expect(result).to_contain_text("£40,000 to £90,000")
    expect(result).to_contain_text("12:00pm on")
    expect(result).to_contain_text("London time")
    expect(result.locator(".govuk-tag")).to_have_text("Open")
    # Narrowing by buyer and by who the work suits keeps it.
    choose(d, "Buyer", "Camden (test) (1)")
    d.choose(page.get_by_label(re.compile(r"^Suitable for SMEs")))
    d.activate(page.get_by_role("button", name="Apply filters"))
    assert_page(page, title="Find a tender", h1="Find a tender")
    expect(page.get_by_role("heading", name=re.compile("1 tender matching"))).to_be_visible()
    expect(
        page.get_by_role("group", name="Buyer").get_by_label("Camden (test) (1)")
    ).to_be_checked()
    if d.name == "mouse":
        screenshot(page, "tender-search")

    d.activate(result.get_by_role("link", name=TITLE))
    assert_page(page, title=TITLE, h1=TITLE)
    d.activate(page.get_by_role("link", name="Ask a clarification question"))
    assert_page(page, title="Ask a question", h1="Ask a question")
    d.fill(page.get_by_label("Your question"), "Must the sensors work without wifi?")
    d.activate(page.get_by_role("button", name="Send the question"))
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your question is sent to Camden (test)"
    )
    sign_out(d)

    # Camden answers it, and the answer is published without the asker.
    sign_in(d, alice, f"/tenders/{tender.pk}/")
    d.activate(page.get_by_role("link", name="Answer clarification questions"))
    assert_page(page, title=f"Clarification questions: {TITLE}", h1="Clarification questions")
    d.activate(page.get_by_role("link", name="Answer question 1"))
    assert_page(page, title="Answer a question", h1="Answer a question")
    d.fill(page.get_by_label("Your answer"), "Yes: many homes have no broadband.")
    d.activate(page.get_by_role("button", name="Publish the answer"))
    assert_page(page, title=f"Clarification questions: {TITLE}", h1="Clarification questions")
    sign_out(d)

    # Acme reads the answer, bids and gets a receipt.
    sign_in(d, supplier_user, f"/tenders/{tender.pk}/")
    answers = page.locator(".app-qa")
    expect(answers).to_contain_text("Must the sensors work without wifi?")
    expect(answers).to_contain_text("Yes: many homes have no broadband.")
    expect(answers).not_to_contain_text("Acme")
    d.activate(page.get_by_role("button", name="Start a bid"))
    assert_page(page, title="Your bid", h1="Your bid")
    d.fill(page.get_by_label("Quality (60%)"), "We run sensor services in four boroughs.")
    d.fill(page.get_by_label("Social value (10%)"), "Two local apprentices.")
    d.fill(page.get_by_label("Your price"), "72000")
    d.activate(page.get_by_role("button", name="Save as a draft"))
    assert_page(page, title="Your bid", h1="Your bid")
    d.upload(
        page.get_by_label("Upload a document"),
        {"name": "method-statement.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    d.activate(page.get_by_role("button", name="Upload the document"))
    assert_page(page, title="Your bid", h1="Your bid")
    expect(page.get_by_role("link", name="method-statement.pdf")).to_be_visible()
    d.activate(page.get_by_role("button", name="Continue to check and submit"))
    assert_page(
        page,
        title="Check your bid before you submit it",
        h1="Check your bid before you submit it",
    )
    d.activate(page.get_by_role("button", name="Submit your bid"))
    assert_page(page, title="Bid submitted", h1="Bid submitted")
    bid = tender.bids.get()
    assert bid.status == BidStatus.SUBMITTED
    expect(page.locator("#receipt-sha256")).to_have_text(bid.latest_submission.sha256)
    expect(page.get_by_role("main")).to_contain_text("London time")
    expect(page.get_by_role("main")).to_contain_text("method-statement.pdf")
    if d.name == "mouse":
        screenshot(page, "tender-receipt")
    sign_out(d)

    # Before the deadline Camden sees nothing of the bid.
    sign_in(d, alice, f"/tenders/{tender.pk}/evaluation/")
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    expect(page.get_by_role("main")).to_contain_text("Bids are sealed until")
    expect(page.get_by_role("main")).not_to_contain_text("Acme")

    # The deadline passes (by the database's clock, which is what decides).
    past = timezone.now() - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(closes_at=past, questions_close_at=past)

    page.reload()
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    d.activate(page.get_by_role("button", name="Open the bids"))
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    expect(page.get_by_role("rowheader", name="Acme (test)")).to_be_visible()
    d.fill(page.get_by_label("Email address of the evaluator"), bob.email)
    d.activate(page.get_by_role("button", name="Add the evaluator"))
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(bob.email)
    sign_out(d)

    # Bob, a Camden colleague, declares no conflicts and scores the bid.
    sign_in(d, bob, f"/tenders/{tender.pk}/")
    d.activate(
        page.get_by_role("link", name="Declare any conflicts of interest and score the bids")
    )
    assert_page(page, title="Declare conflicts of interest", h1="Declare conflicts of interest")
    d.activate(page.get_by_role("button", name="Confirm your declaration"))
    assert_page(page, title="Bids to score", h1="Bids to score")
    d.activate(page.get_by_role("link", name="Acme (test)"))
    assert_page(page, title="Score the bid from Acme (test)", h1="Score the bid from Acme (test)")
    d.fill(page.get_by_label("Score for quality", exact=True), "4")
    d.fill(page.get_by_label("Comment on quality (optional)"), "Strong track record.")
    d.fill(page.get_by_label("Score for social value", exact=True), "3")
    d.activate(page.get_by_role("button", name="Save your scores"))
    assert_page(page, title="Bids to score", h1="Bids to score")
    sign_out(d)

    # Camden agrees the scores and awards the contract.
    sign_in(d, alice, f"/tenders/{tender.pk}/evaluation/")
    d.activate(page.get_by_role("link", name="Agree scores for Acme (test)"))
    assert_page(
        page,
        title="Agree the scores for Acme (test)",
        h1="Agree the scores for Acme (test)",
    )
    d.fill(page.get_by_label("Score for quality", exact=True), "4")
    d.fill(page.get_by_label("Why the panel agreed this score for quality"), "Track record.")
    d.fill(page.get_by_label("Score for social value", exact=True), "3")
    d.fill(page.get_by_label("Why the panel agreed this score for social value"), "Apprentices.")
    d.activate(page.get_by_role("button", name="Save the agreed scores"))
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    d.activate(page.get_by_role("button", name="Award the contract"))
    assert_page(page, title="Award the contract", h1="Award the contract")
    d.choose(page.get_by_label(re.compile(r"^Acme \(test\): .* points, rank 1$")))
    d.activate(page.get_by_role("button", name="Award the contract"))
    assert_page(page, title="Bids and evaluation", h1="Bids and evaluation")
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL
    expect(page.get_by_role("main")).to_contain_text(
        f"The standstill period ends on {tender.standstill_ends_on:%-d %B %Y}"
    )
    sign_out(d)

    # Acme is told, and reads its assessment.
    sign_in(d, supplier_user, "/notifications/")
    d.activate(page.get_by_role("link", name=f"{TITLE}: your bid was successful"))
    assert_page(page, title="Your assessment", h1="Your assessment")
    expect(page.get_by_role("main")).to_contain_text("successful")
