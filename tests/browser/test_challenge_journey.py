"""The journey of issue 6: Camden publishes an open-call challenge; Acme and BrightPath
enter and submit; two judges accept their invitations, declare no conflicts and score;
the chair records the winners and Camden announces them; Acme reads its feedback.
axe-core checks every page on the way. The database clock decides when entries close,
so the test moves the closing time into the past between the steps."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import Challenge, Entry
from loti.notifications.models import OutboundEmail
from procurement.dates import LONDON
from tests.browser.conftest import assert_page, screenshot
from tests.browser.driver import Driver
from tests.browser.steps import choose, follow_error, sign_in, sign_out
from tests.factories import SupplierFactory, member_of

pytestmark = pytest.mark.browser

TITLE = "Finding damp before it harms residents"
INVITATION_LINK = re.compile(r"/challenges/judge-invitations/[^/\s]+/")


def fill_date(d: Driver, field: str, moment) -> None:
    page = d.page
    local = moment.astimezone(LONDON)
    d.fill(page.locator(f"#id_{field}"), str(local.day))
    d.fill(page.locator(f"#id_{field}-month"), str(local.month))
    d.fill(page.locator(f"#id_{field}-year"), str(local.year))
    d.fill(page.locator(f"#id_{field}-time"), local.strftime("%H:%M"))


def open_challenge(d: Driver) -> None:
    page = d.page
    d.activate(page.get_by_role("link", name="Challenges", exact=True))
    assert_page(page, title="Challenges", h1="Challenges")
    d.activate(page.get_by_role("link", name=TITLE))
    assert_page(page, title=TITLE, h1=TITLE)


def invitation_path(email: str) -> str:
    sent = OutboundEmail.objects.filter(to_address=email, event="challenges.judge_invited")
    found = INVITATION_LINK.search(sent.latest("id").body_text)
    assert found, "the invitation e-mail links to the judge-invitation page"
    return found.group(0)


def camden_publishes(d: Driver) -> None:
    page = d.page
    d.activate(page.get_by_role("link", name="Challenges", exact=True))
    assert_page(page, title="Challenges", h1="Challenges")
    d.activate(page.get_by_role("button", name="Create a challenge"))
    assert_page(page, title="Create a challenge", h1="Create a challenge")

    d.activate(page.get_by_role("button", name="Save as a draft"))
    assert_page(page, title="Error: Create a challenge", h1="Create a challenge")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title")
    expect(summary).to_contain_text("Enter the closing date")
    follow_error(d, "Describe the problem", "#id_problem_statement")

    d.fill(page.get_by_label("Title", exact=True), TITLE)
    d.fill(
        page.get_by_label("The problem"),
        "Damp and mould are found too late, after residents fall ill.",
    )
    d.fill(page.get_by_label("Who can enter (optional)"), "Small UK companies.")
    now = timezone.now()
    fill_date(d, "opens_at", now - timedelta(days=1))
    fill_date(d, "closes_at", now + timedelta(days=14))
    d.fill(page.locator("#id_prizes"), "First prize")
    d.select(page.locator("#id_prizes-0-kind"), label="A placed prize (first, second …)")
    d.fill(page.locator("#id_prizes-0-amount"), "20000")
    d.activate(page.get_by_role("button", name="Add another prize"))
    assert_page(page, title="Create a challenge", h1="Create a challenge")
    expect(page.locator("#id_prizes")).to_have_value("First prize")
    d.fill(page.locator("#id_prizes-1-name"), "Highly commended")
    d.select(page.locator("#id_prizes-1-kind"), label="Highly commended")
    d.fill(page.locator("#id_prizes-1-awards"), "2")
    d.fill(
        page.get_by_label("What the technology is and why it is used (optional)"),
        "Humidity sensors in council flats, to find damp early.",
    )
    d.activate(page.get_by_role("button", name="Save as a draft"))
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.get_by_role("main").locator(".govuk-tag").first).to_have_text("Draft")

    d.activate(page.get_by_role("button", name="Publish"))
    assert_page(page, title="Publish the challenge", h1="Publish the challenge")
    d.activate(page.get_by_role("button", name="Publish the challenge"))
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("published")
    expect(page.get_by_role("table").first).to_contain_text("£20,000")
    expect(page.get_by_text("London time").first).to_be_visible()


def supplier_enters(d: Driver, email: str, title: str, *, document: bool) -> None:
    page = d.page
    sign_in(d, email)
    open_challenge(d)
    d.activate(page.get_by_role("button", name="Start an entry"))
    assert_page(page, title="Start an entry", h1="Start an entry")
    d.fill(page.get_by_label("Title of your entry"), title)
    d.activate(page.get_by_role("button", name="Start the entry"))
    assert_page(page, title="Your entry", h1="Your entry")
    if document:
        d.upload(
            page.get_by_label("Upload a document"),
            {"name": "proposal.txt", "mimeType": "text/plain", "buffer": b"Sensors, alerts."},
        )
        d.activate(page.get_by_role("button", name="Upload the document"))
        assert_page(page, title="Your entry", h1="Your entry")
        expect(page.get_by_role("link", name="proposal.txt")).to_be_visible()

    d.activate(page.get_by_role("button", name="Continue to check and submit"))
    assert_page(
        page,
        title="Check your entry before you submit it",
        h1="Check your entry before you submit it",
    )
    d.activate(page.get_by_role("button", name="Submit the entry"))
    assert_page(
        page,
        title="Error: Check your entry before you submit it",
        h1="Check your entry before you submit it",
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm that your entry meets the eligibility criteria.")
    d.activate(summary.get_by_role("link", name="Summarise your entry."))
    assert_page(page, title="Your entry", h1="Your entry")
    expect(page).to_have_url(re.compile(r"#id_summary$"))

    d.fill(page.get_by_label("Summary"), "Cheap humidity sensors in every flat.")
    d.fill(page.get_by_label("Your solution"), "We fit sensors and alert the repairs team.")
    d.choose(page.get_by_label("I confirm that our entry meets"))
    d.activate(page.get_by_role("button", name="Continue to check and submit"))
    assert_page(
        page,
        title="Check your entry before you submit it",
        h1="Check your entry before you submit it",
    )
    d.activate(page.get_by_role("button", name="Submit the entry"))
    assert_page(page, title="Entry submitted", h1="Entry submitted")
    expect(page.locator("#receipt-time")).to_contain_text("London time")
    expect(page.locator("#receipt-sha256")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    sign_out(d)


def camden_screens_and_sets_up_judging(d: Driver) -> None:
    page = d.page
    open_challenge(d)
    d.activate(page.get_by_role("link", name="Entries and screening"))
    assert_page(page, title="Entries", h1="Entries")
    for title in ("Damp sensors", "Mould mapping"):
        d.activate(page.get_by_role("link", name=title))
        assert_page(page, title=f"Screen the entry {title}", h1="Screen the entry")
        d.choose(page.get_by_label("Yes, it goes forward to judging"))
        d.activate(page.get_by_role("button", name="Save the screening"))
        assert_page(page, title="Entries", h1="Entries")
    expect(page.get_by_role("table")).not_to_contain_text("Not screened yet")

    d.activate(page.get_by_role("link", name="Back to the challenge"))
    assert_page(page, title=TITLE, h1=TITLE)
    d.activate(page.get_by_role("link", name="Add a judging round"))
    assert_page(page, title="Add a judging round", h1="Add a judging round")
    d.fill(page.get_by_label("Name of the round"), "Shortlisting")
    choose(d, "Is the round blind?", "No")
    d.fill(page.get_by_label("Judges per entry"), "2")
    d.fill(page.locator("#id_criteria"), "Impact")
    d.fill(page.locator("#id_criteria-0-weight"), "60")
    d.activate(page.get_by_role("button", name="Add another criterion"))
    assert_page(page, title="Add a judging round", h1="Add a judging round")
    d.fill(page.locator("#id_criteria-1-name"), "Feasibility")
    d.fill(page.locator("#id_criteria-1-weight"), "40")
    choose(d, "Must judges comment on every criterion?", "No")
    d.activate(page.get_by_role("button", name="Add the round"))
    assert_page(page, title="Shortlisting", h1="Shortlisting")

    for email, role in (
        ("alice@camden-test.example", "Chair"),
        ("judge.one@judges.example", "Judge"),
        ("judge.two@judges.example", "Judge"),
    ):
        d.fill(page.get_by_label("Email address of the judge"), email)
        d.choose(page.get_by_label(role, exact=True))
        d.activate(page.get_by_role("button", name="Invite to the panel"))
        assert_page(page, title="Shortlisting", h1="Shortlisting")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(email)

    # The chair is Camden's own officer: she joins by her link, signed in.
    page.goto(invitation_path("alice@camden-test.example"))
    assert_page(page, title="Join the judging panel", h1="Join the judging panel")
    d.activate(page.get_by_role("button", name="Join the panel"))
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    d.activate(page.get_by_role("button", name="Start scoring"))
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Scoring has started"
    )


def judge_joins_and_declares(d: Driver, email: str, name: str) -> None:
    page = d.page
    page.goto(invitation_path(email))
    assert_page(page, title="Join the judging panel", h1="Join the judging panel")
    d.fill(page.get_by_label("Full name"), name)
    d.fill(page.get_by_label("Create a password"), "a-judges-long-passphrase")
    d.activate(page.get_by_role("button", name="Create account and join"))
    assert_page(
        page,
        title="Declare your conflicts of interest",
        h1="Declare your conflicts of interest",
    )
    d.activate(page.get_by_role("button", name="Confirm my declaration"))
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    expect(page.get_by_text("You have no entries to score yet")).to_be_visible()
    sign_out(d)


def chair_assigns(d: Driver) -> None:
    page = d.page
    d.activate(page.get_by_role("link", name="Assign entries to judges"))
    assert_page(page, title="Assign entries in Shortlisting", h1="Assign entries to judges")
    d.activate(page.get_by_role("button", name="Assign automatically"))
    assert_page(page, title="Assign entries in Shortlisting", h1="Assign entries to judges")
    d.activate(page.get_by_role("button", name="Release 4 assignments to the judges"))
    assert_page(page, title="Assign entries in Shortlisting", h1="Assign entries to judges")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("4 assignments")


def judge_scores(d: Driver, email: str, impacts: tuple[str, str], *, picture: bool = False) -> None:
    page = d.page
    sign_in(d, email, password="a-judges-long-passphrase")
    open_challenge(d)
    d.activate(page.get_by_role("link", name="Shortlisting"))
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    for title, impact in zip(("Damp sensors", "Mould mapping"), impacts, strict=True):
        d.activate(page.get_by_role("link", name=title))
        assert_page(page, title=f"Score {title}", h1=f"Score {title}")
        if picture and title == "Damp sensors" and d.name == "mouse":
            screenshot(page, "challenge-judge-scoring")
        choose(d, "Impact (weight 60%)", impact)
        choose(d, "Feasibility (weight 40%)", "3")
        d.fill(page.get_by_label("Feedback for the entrant (optional)"), f"Feedback on {title}.")
        d.activate(page.get_by_role("button", name="Submit your scores"))
        assert_page(page, title=f"Score {title}", h1=f"Score {title}")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
        d.activate(page.get_by_role("link", name="Back to the entries"))
        assert_page(page, title="Shortlisting", h1="Shortlisting")
    expect(page.get_by_text("To score", exact=True)).to_have_count(0)
    sign_out(d)


def chair_decides_and_camden_announces(d: Driver) -> None:
    page = d.page
    sign_in(d, "alice@camden-test.example")
    open_challenge(d)
    d.activate(page.get_by_role("link", name="Shortlisting").first)
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    d.activate(page.get_by_role("link", name="Results of the round"))
    assert_page(page, title="Results of Shortlisting", h1="Results of Shortlisting")
    expect(page.locator("#ranking")).to_contain_text("2 of 2")
    expect(page.locator("figure svg[role=img]")).to_have_count(1)
    if d.name == "mouse":
        screenshot(page, "challenge-chair-results")
    d.activate(page.get_by_role("button", name="Close scoring"))
    assert_page(page, title="Results of Shortlisting", h1="Results of Shortlisting")
    d.activate(page.get_by_role("link", name="Record the winners"))
    assert_page(page, title="Record the winners", h1="Record the winners")
    d.select(page.get_by_label("Winner of First prize"), label="Damp sensors (Acme (test))")
    d.fill(
        page.get_by_label("Why this entry wins First prize"),
        "The clearest path to fewer ill residents.",
    )
    d.select(
        page.get_by_label("Winner of Highly commended (1 of 2)"),
        label="Mould mapping (BrightPath (test))",
    )
    d.fill(page.get_by_label("Why this entry wins Highly commended (1 of 2)"), "A promising map.")
    d.activate(page.get_by_role("button", name="Record the winners"))
    assert_page(page, title=TITLE, h1=TITLE)
    d.activate(page.get_by_role("link", name="Publish the results"))
    assert_page(page, title="Publish the results", h1="Publish the results")
    d.activate(page.get_by_role("button", name="Publish the results"))
    assert_page(page, title=f"Results: {TITLE}", h1="Results")
    expect(page.get_by_role("main")).to_contain_text("The clearest path to fewer ill residents.")
    expect(page.get_by_role("link", name="Download the results as JSON")).to_be_visible()
    sign_out(d)


def test_a_challenge_from_publication_to_feedback(driver, alice, camden, acme, supplier_user):
    d, page = driver, driver.page
    brightpath = SupplierFactory.create(slug="brightpath-test", name="BrightPath (test)")
    brightpath_user = member_of(brightpath, email="bo@brightpath-test.example")

    sign_in(d, alice.email)
    # GOV.UK Frontend runs, so every assert_page below runs axe-core too; or it does not
    # run at all, and every step works by plain HTML.
    supported = page.locator("body")
    if d.javascript:
        expect(supported).to_have_class(re.compile("govuk-frontend-supported"))
    else:
        expect(supported).not_to_have_class(re.compile("js-enabled"))
    camden_publishes(d)
    sign_out(d)

    supplier_enters(d, supplier_user.email, "Damp sensors", document=True)
    supplier_enters(d, brightpath_user.email, "Mould mapping", document=False)
    assert Entry.objects.filter(status="submitted").count() == 2

    # The closing time passes by the database clock.
    now = timezone.now()
    Challenge.objects.update(opens_at=now - timedelta(days=2), closes_at=now - timedelta(minutes=1))

    sign_in(d, alice.email)
    camden_screens_and_sets_up_judging(d)
    sign_out(d)

    judge_joins_and_declares(d, "judge.one@judges.example", "Jude One")
    judge_joins_and_declares(d, "judge.two@judges.example", "Jay Two")

    sign_in(d, alice.email)
    open_challenge(d)
    d.activate(page.get_by_role("link", name="Shortlisting").first)
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    chair_assigns(d)
    sign_out(d)

    judge_scores(d, "judge.one@judges.example", ("4", "2"), picture=True)
    judge_scores(d, "judge.two@judges.example", ("5", "3"))

    chair_decides_and_camden_announces(d)

    sign_in(d, supplier_user.email)
    open_challenge(d)
    d.activate(page.get_by_role("link", name="Damp sensors"))
    assert_page(page, title="Your entry", h1="Your entry")
    expect(page.locator("#feedback")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your entry won: First prize")
    expect(main).to_contain_text("Feedback on Damp sensors.")
    expect(main).not_to_contain_text("Jude One")
