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
from tests.browser.conftest import assert_page as checked_page
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, SupplierFactory, member_of

pytestmark = pytest.mark.browser

TITLE = "Finding damp before it harms residents"
INVITATION_LINK = re.compile(r"/challenges/judge-invitations/[^/\s]+/")


def assert_page(page, *, title: str, h1: str) -> None:
    """conftest.assert_page. With the page's JavaScript switched off axe-core cannot run
    (its timers never fire), so there only the title and heading are checked; the
    journey with JavaScript runs axe-core on the same pages."""
    expect(page).to_have_title(f"{title} \N{EN DASH} LOTI Workspace")
    page.wait_for_load_state("load")
    if "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or ""):
        checked_page(page, title=title, h1=h1)
        return
    headings = page.locator("h1").all_inner_texts()
    assert [" ".join(heading.split()) for heading in headings] == [h1]


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    assert_page(page, title="Sign in", h1="Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))


def fill_date(page, field: str, moment) -> None:
    local = moment.astimezone(LONDON)
    page.locator(f"#id_{field}").fill(str(local.day))
    page.locator(f"#id_{field}-month").fill(str(local.month))
    page.locator(f"#id_{field}-year").fill(str(local.year))
    page.locator(f"#id_{field}-time").fill(local.strftime("%H:%M"))


def open_challenge(page) -> None:
    page.get_by_role("link", name="Challenges", exact=True).click()
    assert_page(page, title="Challenges", h1="Challenges")
    page.get_by_role("link", name=TITLE).click()
    assert_page(page, title=TITLE, h1=TITLE)


def invitation_path(email: str) -> str:
    sent = OutboundEmail.objects.filter(to_address=email, event="challenges.judge_invited")
    found = INVITATION_LINK.search(sent.latest("id").body_text)
    assert found, "the invitation e-mail links to the judge-invitation page"
    return found.group(0)


def camden_publishes(page, *, javascript: bool = True) -> None:
    page.get_by_role("link", name="Challenges", exact=True).click()
    assert_page(page, title="Challenges", h1="Challenges")
    page.get_by_role("button", name="Create a challenge").click()
    assert_page(page, title="Create a challenge", h1="Create a challenge")

    page.get_by_role("button", name="Save as a draft").click()
    assert_page(page, title="Error: Create a challenge", h1="Create a challenge")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title")
    expect(summary).to_contain_text("Enter the closing date")
    summary.get_by_role("link", name="Describe the problem").click()
    if javascript:  # GOV.UK Frontend moves the focus; without it the link only scrolls
        expect(page.get_by_label("The problem")).to_be_focused()

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("The problem").fill(
        "Damp and mould are found too late, after residents fall ill."
    )
    page.get_by_label("Who can enter (optional)").fill("Small UK companies.")
    now = timezone.now()
    fill_date(page, "opens_at", now - timedelta(days=1))
    fill_date(page, "closes_at", now + timedelta(days=14))
    page.locator("#id_prizes").fill("First prize")
    page.locator("#id_prizes-0-kind").select_option("place")
    page.locator("#id_prizes-0-amount").fill("20000")
    page.get_by_role("button", name="Add another prize").click()
    assert_page(page, title="Create a challenge", h1="Create a challenge")
    expect(page.locator("#id_prizes")).to_have_value("First prize")
    page.locator("#id_prizes-1-name").fill("Highly commended")
    page.locator("#id_prizes-1-kind").select_option("commended")
    page.locator("#id_prizes-1-awards").fill("2")
    page.get_by_label("What the technology is and why it is used (optional)").fill(
        "Humidity sensors in council flats, to find damp early."
    )
    page.get_by_role("button", name="Save as a draft").click()
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.get_by_role("main").locator(".govuk-tag").first).to_have_text("Draft")

    page.get_by_role("button", name="Publish").click()
    assert_page(page, title="Publish the challenge", h1="Publish the challenge")
    page.get_by_role("button", name="Publish the challenge").click()
    assert_page(page, title=TITLE, h1=TITLE)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("published")
    expect(page.get_by_role("table").first).to_contain_text("£20,000")
    expect(page.get_by_text("London time").first).to_be_visible()


def supplier_enters(page, email: str, title: str, *, document: bool) -> None:
    sign_in(page, email)
    open_challenge(page)
    page.get_by_role("button", name="Start an entry").click()
    assert_page(page, title="Start an entry", h1="Start an entry")
    page.get_by_label("Title of your entry").fill(title)
    page.get_by_role("button", name="Start the entry").click()
    assert_page(page, title="Your entry", h1="Your entry")
    if document:
        page.get_by_label("Upload a document").set_input_files(
            {"name": "proposal.txt", "mimeType": "text/plain", "buffer": b"Sensors, alerts."}
        )
        page.get_by_role("button", name="Upload the document").click()
        assert_page(page, title="Your entry", h1="Your entry")
        expect(page.get_by_role("link", name="proposal.txt")).to_be_visible()

    page.get_by_role("button", name="Continue to check and submit").click()
    assert_page(
        page,
        title="Check your entry before you submit it",
        h1="Check your entry before you submit it",
    )
    page.get_by_role("button", name="Submit the entry").click()
    assert_page(
        page,
        title="Error: Check your entry before you submit it",
        h1="Check your entry before you submit it",
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm that your entry meets the eligibility criteria.")
    summary.get_by_role("link", name="Summarise your entry.").click()
    assert_page(page, title="Your entry", h1="Your entry")
    expect(page).to_have_url(re.compile(r"#id_summary$"))

    page.get_by_label("Summary").fill("Cheap humidity sensors in every flat.")
    page.get_by_label("Your solution").fill("We fit sensors and alert the repairs team.")
    page.get_by_label("I confirm that our entry meets").check()
    page.get_by_role("button", name="Continue to check and submit").click()
    assert_page(
        page,
        title="Check your entry before you submit it",
        h1="Check your entry before you submit it",
    )
    page.get_by_role("button", name="Submit the entry").click()
    assert_page(page, title="Entry submitted", h1="Entry submitted")
    expect(page.locator("#receipt-time")).to_contain_text("London time")
    expect(page.locator("#receipt-sha256")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    sign_out(page)


def camden_screens_and_sets_up_judging(page) -> None:
    open_challenge(page)
    page.get_by_role("link", name="Entries and screening").click()
    assert_page(page, title="Entries", h1="Entries")
    for title in ("Damp sensors", "Mould mapping"):
        page.get_by_role("link", name=title).click()
        assert_page(page, title=f"Screen the entry {title}", h1="Screen the entry")
        page.get_by_label("Yes, it goes forward to judging").check()
        page.get_by_role("button", name="Save the screening").click()
        assert_page(page, title="Entries", h1="Entries")
    expect(page.get_by_role("table")).not_to_contain_text("Not screened yet")

    page.get_by_role("link", name="Back to the challenge").click()
    assert_page(page, title=TITLE, h1=TITLE)
    page.get_by_role("link", name="Add a judging round").click()
    assert_page(page, title="Add a judging round", h1="Add a judging round")
    page.get_by_label("Name of the round").fill("Shortlisting")
    page.get_by_role("group", name="Is the round blind?").get_by_label("No").check()
    page.get_by_label("Judges per entry").fill("2")
    page.locator("#id_criteria").fill("Impact")
    page.locator("#id_criteria-0-weight").fill("60")
    page.get_by_role("button", name="Add another criterion").click()
    assert_page(page, title="Add a judging round", h1="Add a judging round")
    page.locator("#id_criteria-1-name").fill("Feasibility")
    page.locator("#id_criteria-1-weight").fill("40")
    page.get_by_role("group", name="Must judges comment on every criterion?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Add the round").click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")

    for email, role in (
        ("alice@camden-test.example", "Chair"),
        ("judge.one@judges.example", "Judge"),
        ("judge.two@judges.example", "Judge"),
    ):
        page.get_by_label("Email address of the judge").fill(email)
        page.get_by_label(role, exact=True).check()
        page.get_by_role("button", name="Invite to the panel").click()
        assert_page(page, title="Shortlisting", h1="Shortlisting")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(email)

    # The chair is Camden's own officer: she joins by her link, signed in.
    page.goto(invitation_path("alice@camden-test.example"))
    assert_page(page, title="Join the judging panel", h1="Join the judging panel")
    page.get_by_role("button", name="Join the panel").click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    page.get_by_role("button", name="Start scoring").click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Scoring has started"
    )


def judge_joins_and_declares(page, email: str, name: str) -> None:
    page.goto(invitation_path(email))
    assert_page(page, title="Join the judging panel", h1="Join the judging panel")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Create a password").fill("a-judges-long-passphrase")
    page.get_by_role("button", name="Create account and join").click()
    assert_page(
        page,
        title="Declare your conflicts of interest",
        h1="Declare your conflicts of interest",
    )
    page.get_by_role("button", name="Confirm my declaration").click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    expect(page.get_by_text("You have no entries to score yet")).to_be_visible()
    sign_out(page)


def chair_assigns(page) -> None:
    page.get_by_role("link", name="Assign entries to judges").click()
    assert_page(page, title="Assign entries in Shortlisting", h1="Assign entries to judges")
    page.get_by_role("button", name="Assign automatically").click()
    assert_page(page, title="Assign entries in Shortlisting", h1="Assign entries to judges")
    page.get_by_role("button", name="Release 4 assignments to the judges").click()
    assert_page(page, title="Assign entries in Shortlisting", h1="Assign entries to judges")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("4 assignments")


def judge_scores(page, email: str, impacts: tuple[str, str], *, picture: bool = False) -> None:
    sign_in(page, email, "a-judges-long-passphrase")
    open_challenge(page)
    page.get_by_role("link", name="Shortlisting").click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    for title, impact in zip(("Damp sensors", "Mould mapping"), impacts, strict=True):
        page.get_by_role("link", name=title).click()
        assert_page(page, title=f"Score {title}", h1=f"Score {title}")
        if picture and title == "Damp sensors":
            screenshot(page, "challenge-judge-scoring")
        page.get_by_role("group", name="Impact (weight 60%)").get_by_label(
            impact, exact=True
        ).check()
        page.get_by_role("group", name="Feasibility (weight 40%)").get_by_label(
            "3", exact=True
        ).check()
        page.get_by_label("Feedback for the entrant (optional)").fill(f"Feedback on {title}.")
        page.get_by_role("button", name="Submit your scores").click()
        assert_page(page, title=f"Score {title}", h1=f"Score {title}")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
        page.get_by_role("link", name="Back to the entries").click()
        assert_page(page, title="Shortlisting", h1="Shortlisting")
    expect(page.get_by_text("To score", exact=True)).to_have_count(0)
    sign_out(page)


def chair_decides_and_camden_announces(page) -> None:
    sign_in(page, "alice@camden-test.example")
    open_challenge(page)
    page.get_by_role("link", name="Shortlisting").first.click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    page.get_by_role("link", name="Results of the round").click()
    assert_page(page, title="Results of Shortlisting", h1="Results of Shortlisting")
    expect(page.locator("#ranking")).to_contain_text("2 of 2")
    expect(page.locator("figure svg[role=img]")).to_have_count(1)
    screenshot(page, "challenge-chair-results")
    page.get_by_role("button", name="Close scoring").click()
    assert_page(page, title="Results of Shortlisting", h1="Results of Shortlisting")
    page.get_by_role("link", name="Record the winners").click()
    assert_page(page, title="Record the winners", h1="Record the winners")
    page.get_by_label("Winner of First prize").select_option(label="Damp sensors (Acme (test))")
    page.get_by_label("Why this entry wins First prize").fill(
        "The clearest path to fewer ill residents."
    )
    page.get_by_label("Winner of Highly commended (1 of 2)").select_option(
        label="Mould mapping (BrightPath (test))"
    )
    page.get_by_label("Why this entry wins Highly commended (1 of 2)").fill("A promising map.")
    page.get_by_role("button", name="Record the winners").click()
    assert_page(page, title=TITLE, h1=TITLE)
    page.get_by_role("link", name="Publish the results").click()
    assert_page(page, title="Publish the results", h1="Publish the results")
    page.get_by_role("button", name="Publish the results").click()
    assert_page(page, title=f"Results: {TITLE}", h1="Results")
    expect(page.get_by_role("main")).to_contain_text("The clearest path to fewer ill residents.")
    expect(page.get_by_role("link", name="Download the results as JSON")).to_be_visible()
    sign_out(page)


def test_a_challenge_from_publication_to_feedback(page, alice, camden, acme, supplier_user):
    brightpath = SupplierFactory.create(slug="brightpath-test", name="BrightPath (test)")
    brightpath_user = member_of(brightpath, email="bo@brightpath-test.example")

    sign_in(page, alice.email)
    # GOV.UK Frontend runs, so every assert_page below runs axe-core too.
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    camden_publishes(page)
    sign_out(page)

    supplier_enters(page, supplier_user.email, "Damp sensors", document=True)
    supplier_enters(page, brightpath_user.email, "Mould mapping", document=False)
    assert Entry.objects.filter(status="submitted").count() == 2

    # The closing time passes by the database clock.
    now = timezone.now()
    Challenge.objects.update(opens_at=now - timedelta(days=2), closes_at=now - timedelta(minutes=1))

    sign_in(page, alice.email)
    camden_screens_and_sets_up_judging(page)
    sign_out(page)

    judge_joins_and_declares(page, "judge.one@judges.example", "Jude One")
    judge_joins_and_declares(page, "judge.two@judges.example", "Jay Two")

    sign_in(page, alice.email)
    open_challenge(page)
    page.get_by_role("link", name="Shortlisting").first.click()
    assert_page(page, title="Shortlisting", h1="Shortlisting")
    chair_assigns(page)
    sign_out(page)

    judge_scores(page, "judge.one@judges.example", ("4", "2"), picture=True)
    judge_scores(page, "judge.two@judges.example", ("5", "3"))

    chair_decides_and_camden_announces(page)

    sign_in(page, supplier_user.email)
    open_challenge(page)
    page.get_by_role("link", name="Damp sensors").click()
    assert_page(page, title="Your entry", h1="Your entry")
    expect(page.locator("#feedback")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your entry won: First prize")
    expect(main).to_contain_text("Feedback on Damp sensors.")
    expect(main).not_to_contain_text("Jude One")


@pytest.fixture
def page_without_javascript(browser, live_server, transactional_db):
    """The same pages with JavaScript switched off: every form must still work."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_publishing_and_entering_work_without_javascript(
    page_without_javascript, alice, camden, acme, supplier_user
):
    page = page_without_javascript
    sign_in(page, alice.email)
    expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))
    camden_publishes(page, javascript=False)
    sign_out(page)

    supplier_enters(page, supplier_user.email, "Damp sensors", document=True)
    entry = Entry.objects.get()
    assert entry.status == "submitted" and entry.latest_submission.content["attachments"]
