"""axe-core over every page, for every role (WCAG 2.2 AA).

One world with real rows in every state (tests/security/world.py, plus what `_extras`
adds so that every page has a row to show). For each role of the world, and the chair
of its rounds, the test signs in and crawls the site in headless Chromium from the home
page and the role's own starting pages: every same-origin link (never sign-out, a
download, the API or the admin), at most CAP pages per URL pattern. axe-core runs on
each page. Then each page with a form is visited again and its form sent empty, and
axe-core runs on the page that shows the error summary.

The test fails listing every violation with its URL, and fails if a page of the site
(a URL pattern answering GET with a page) is reached by no role at all, unless NOT_CRAWLED
names it with the reason: a new page cannot escape the check.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from playwright.sync_api import Error as PlaywrightError

from challenges import judging
from challenges import services as challenge_services
from challenges.models import Challenge
from loti.accounts.models import User
from procurement import services as tender_services
from procurement.models import RenewalPlan, Tender
from projects import playbooks
from projects.models import Playbook
from tests.browser.conftest import AXE, axe_violations
from tests.challenges import helpers as challenge_helpers
from tests.conftest import force_login_with_two_factor
from tests.procurement import helpers as tender_helpers
from tests.procurement.contracts import helpers as contract_helpers
from tests.security.world import ROLES, World, build_world

pytestmark = pytest.mark.browser

# Pages per URL pattern and role: enough to see a pattern with different rows (an open
# and an awarded tender) while the run stays a few minutes.
CAP = int(os.environ.get("LOTI_AXE_CRAWL_CAP", "2"))
# Forms sent empty per page: a detail page may hold several (a comment, a question).
FORMS_PER_PAGE = 3
# A file to follow the crawl in, as it goes.
LOG = os.environ.get("LOTI_AXE_CRAWL_LOG")

# Never followed: signing out ends the crawl, and these answer with a file, not a page.
NOT_FOLLOWED = {
    "sign-out",
    "personal-data-download",
    "contract-import-template",
    "tender-document",
    "bid-receipt-json",
    "bid-attachment",
    "challenge-entry-receipt-json",
    "challenge-entry-document",
    "challenge-round-document",
    "challenge-round-sheet",
}

# Site pages no role reaches by following links, each with the reason. Anything else
# that answers GET must be reached by some role.
NOT_CRAWLED: dict[str, str] = {
    "healthz": "a JSON health check for the load balancer, not a page",
    **{name: "answers with a file, not a page" for name in NOT_FOLLOWED - {"sign-out"}},
    "sign-out": "POST only: a button in the header (GET answers 405)",
    # Pages shown only after a form is sent; the journeys named check them with axe-core.
    "sign-in-code": "after the password, for two-factor users (test_security_journey)",
    "password-reset-sent": "after asking for a reset (test_password_reset_journey)",
    "password-reset-complete": "after a new password (test_password_reset_journey)",
    "account-deleted": "after deleting an account, signed out (test_accessibility_checks)",
}


OWNER_TENDERS = ("tender_draft", "tender", "tender_evaluation", "tender_awarded")
OWNER_CHALLENGES = (
    "challenge_draft",
    "challenge_invite_only",
    "challenge",
    "challenge_judged",
    "challenge_decided",
    "challenge_published",
)
# The nine roles of the world, and the chair of its rounds: only a chair works a round
# (conflicts, assignments, results) and records a challenge's winners.
CRAWL_ROLES = (*ROLES, "chair")
# Some roles only, to look at a change quickly: the check that every page is reached
# needs them all, so it is skipped then.
ONLY_ROLES = [r for r in os.environ.get("LOTI_AXE_ROLES", "").split(",") if r]


@dataclass
class Crawl:
    pages: int = 0
    error_pages: int = 0
    patterns: set[str] = field(default_factory=set)
    violations: list[dict[str, Any]] = field(default_factory=list)
    # The first page of each pattern with a POST form, to send empty afterwards.
    forms: dict[str, str] = field(default_factory=dict)


def _allowed_methods(view: Any) -> set[str] | None:
    """The methods `require_http_methods` (or `require_POST`) lets through to the view,
    read from the decorator's closure; None when no decorator limits them."""
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
                return set(value)
        view = getattr(view, "__wrapped__", None)
    return None


def _site_pages() -> dict[str, str]:
    """Every route outside the API and the admin that answers GET, by URL name."""

    def walk(resolver: URLResolver, prefix: str) -> Iterator[tuple[str, str, Any]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                yield entry.name, prefix + str(entry.pattern), entry.callback

    return {
        name: route
        for name, route, view in walk(get_resolver(), "")
        if not route.startswith(("api/", "admin/")) and "GET" in (_allowed_methods(view) or {"GET"})
    }


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace not in ("frontend", ""):
        return None
    return match.url_name


def _decided(world: World, title: str) -> Challenge:
    """A challenge judged in one round, its winner recorded by the chair."""
    alice, chair = world.people["owner_officer"], world.people["chair"]
    sam, bea = world.people["supplier"], world.people["other_supplier"]
    assert alice and chair and sam and bea
    camden = alice.memberships.get().organisation
    acme, beta = sam.memberships.get().organisation, bea.memberships.get().organisation
    challenge = challenge_helpers.published(alice, camden, title=title)
    entries = [
        challenge_helpers.submitted_entry(sam, acme, challenge, title="Vent fans"),
        challenge_helpers.submitted_entry(bea, beta, challenge, title="Vent maps"),
    ]
    challenge_helpers.close(challenge)
    for entry in entries:
        challenge_services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = challenge_helpers.make_round(alice, challenge, judges_per_entry=1)
    challenge_helpers.join_panel(alice, round_, chair, chair=True)
    judging.round_start(acting_user=alice, round_=round_)
    judging.declaration_make(acting_user=chair, round_=round_)
    for entry in entries:
        judging.assignment_add(
            acting_user=chair, round_=round_, entry_id=entry.pk, judge_id=chair.pk
        )
    judging.assignments_release(acting_user=chair, round_=round_)
    challenge_helpers.score(chair, round_, entries[0], 5, 5, feedback="A clear plan.")
    challenge_helpers.score(chair, round_, entries[1], 3, 3, feedback="Costs unclear.")
    judging.round_close(acting_user=chair, round_=round_)
    prize = challenge.prizes.order_by("pk").first()
    assert prize is not None
    challenge_services.decisions_record(
        acting_user=chair,
        challenge=challenge,
        awards=[{"prize": prize.pk, "entry": entries[0].pk, "rationale": "Best."}],
    )
    challenge.refresh_from_db()
    return challenge


def _extras(world: World) -> None:
    """What the security world lacks, so that every page has a row to show: an awarded
    tender and one whose evaluator has not declared yet; a draft bid and a draft entry
    (the pages to check and submit them); a decided challenge and one whose results are
    published; an invite-only draft; a round being set up and a round in scoring whose
    chair has not declared; a playbook with two published versions; a contract its
    borough means to re-procure."""
    alice = world.people["owner_officer"]
    sam, bea = world.people["supplier"], world.people["other_supplier"]
    eve, chair = world.people["evaluator"], world.people["chair"]
    assert alice and sam and bea and eve and chair
    camden = alice.memberships.get().organisation
    acme, beta = sam.memberships.get().organisation, bea.memberships.get().organisation
    tender = tender_helpers.publish(
        alice, tender_helpers.make_tender(alice, camden, title="Awarded kiosks")
    )
    winner = tender_helpers.submitted_bid(sam, acme, tender)
    tender_helpers.submitted_bid(bea, beta, tender, price=70_000)
    tender_helpers.evaluate_and_award(alice, eve, tender, winner)

    undeclared = tender_helpers.publish(
        alice, tender_helpers.make_tender(alice, camden, title="Undeclared wayfinding")
    )
    tender_helpers.submitted_bid(sam, acme, undeclared)
    tender_helpers.in_evaluation(alice, eve, undeclared)
    draft_bid = tender_services.bid_create(
        acting_user=bea,
        tender=Tender.objects.get(pk=world.ids["tender"]),
        supplier=beta,
        price=Decimal(45_000),
        responses=tender_helpers.RESPONSES,
    )

    published = _decided(world, "Decided vents challenge")
    challenge_services.results_publish(acting_user=alice, challenge=published)
    decided = _decided(world, "Decided lifts challenge")

    invite_only = challenge_helpers.make_challenge(
        alice, camden, title="Invite-only draft", audience="invite"
    )
    noise = challenge_helpers.published(alice, camden, title="Open noise challenge")
    draft_entry = challenge_services.entry_create(
        acting_user=sam,
        challenge=noise,
        supplier=acme,
        title="Noise meters",
        summary="Meters on every landing.",
        description="We fit meters.",
        declaration={"confirmed": True, "london_based": True},
    )
    setup_round = challenge_helpers.make_round(alice, noise, name="Noise shortlisting")

    scoring = challenge_helpers.published(alice, camden, title="Scoring lighting challenge")
    lighting = challenge_helpers.submitted_entry(sam, acme, scoring, title="Lamp sensors")
    challenge_helpers.close(scoring)
    challenge_services.entry_screen(acting_user=alice, entry=lighting, eligible=True)
    scoring_round = challenge_helpers.make_round(alice, scoring, judges_per_entry=1)
    challenge_helpers.join_panel(alice, scoring_round, chair, chair=True)
    judging.round_start(acting_user=alice, round_=scoring_round)

    shared = Playbook.objects.get(pk=world.ids["playbook_shared"])
    playbooks.playbook_draft_update(
        acting_user=alice, playbook=shared, changes={"summary": "Now with a call script."}
    )
    playbooks.playbook_publish(acting_user=alice, playbook=shared, change_note="A call script.")
    plan = contract_helpers.make_contract(
        alice, camden, system_name="Library kiosks", renewal_plan=RenewalPlan.REPROCURE
    )
    world.ids.update(
        tender_awarded=tender.pk,
        tender_undeclared=undeclared.pk,
        bid_draft=draft_bid.pk,
        challenge_published=published.pk,
        challenge_decided=decided.pk,
        challenge_invite_only=invite_only.pk,
        entry_draft=draft_entry.pk,
        round_setup=setup_round.pk,
        round_scoring=scoring_round.pk,
        contract_plan=plan.pk,
    )


def _start_urls(world: World, role: str) -> list[str]:
    """The home page and the role's own starting points (its dashboard)."""
    ids = world.ids
    urls = ["/"]
    if role != "anonymous":
        urls += ["/account/", "/notifications/"]
    if role == "anonymous":
        alice = world.people["owner_officer"]
        assert alice is not None
        urls += [
            "/sign-in/",
            f"/invitations/{ids['invitation_token']}/",
            f"/notifications/unsubscribe/{ids['unsubscribe_token']}/",
            f"/challenges/judge-invitations/{ids['judge_token']}/",
            f"/password-reset/{ids['uidb64']}/{default_token_generator.make_token(alice)}/",
        ]
    if role in ("judge", "conflicted_judge"):
        urls += [f"/challenges/rounds/{ids['round']}/"]
    if role == "evaluator":
        urls += [f"/tenders/{ids['tender_evaluation']}/evaluate/"]
        urls += [f"/tenders/{ids['tender_undeclared']}/"]
    if role == "chair":
        urls += [f"/challenges/rounds/{ids[key]}/" for key in ("round", "round_scoring")]
        urls += [f"/challenges/{ids['challenge_judged']}/"]
    if role == "owner_officer":
        # Each of the borough's tenders, challenges, rounds and contracts, one in every
        # state: the cap per pattern would otherwise stop at the first two a list shows.
        urls += [f"/tenders/{ids[key]}/" for key in OWNER_TENDERS]
        urls += [f"/challenges/{ids[key]}/" for key in OWNER_CHALLENGES]
        urls += [f"/challenges/rounds/{ids[key]}/" for key in ("round", "round_setup")]
        urls += [f"/contracts/{ids[key]}/" for key in ("contract", "contract_plan")]
        urls += [f"/playbooks/{ids['playbook_shared']}/versions/"]
    # A draft's "Check your answers" page is where its form's button leads (the draft is
    # saved first): no link points at it.
    if role == "supplier":
        urls += [f"/bids/{ids['bid_sealed']}/", f"/challenges/entries/{ids['entry']}/"]
        urls += [f"/challenges/entries/{ids['entry_draft']}/submit/"]
    if role == "other_supplier":
        urls += [f"/challenges/{ids['challenge']}/", f"/bids/{ids['bid_draft']}/submit/"]
    return urls


def _sign_in(context: Any, base_url: str, user: User | None) -> None:
    if user is None:
        return
    client = Client()
    if user.is_network_admin:
        force_login_with_two_factor(client, user)
    else:
        client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


LINKS = """() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"""
# Forms that send data with POST and ask for something: a field a person fills in.
FORMS = """() => Array.from(document.querySelectorAll('form')).map((form, index) => ({
    index,
    post: (form.getAttribute('method') || 'get').toLowerCase() === 'post',
    fields: form.querySelectorAll(
      'textarea, select, input:not([type=hidden]):not([type=submit]):not([type=button])'
    ).length,
})).filter(f => f.post && f.fields > 0).map(f => f.index)"""
# Empty every field and send the form as its first button would.
SEND_EMPTY = """index => {
    const form = document.querySelectorAll('form')[index];
    form.noValidate = true;
    for (const el of form.querySelectorAll('input, textarea, select')) {
        if (['hidden', 'submit', 'button'].includes(el.type)) continue;
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
        else if (el.tagName === 'SELECT') el.selectedIndex = -1;
        else if (el.type !== 'file') el.value = '';
    }
    const button = form.querySelector('button:not([type=button]), input[type=submit]');
    form.requestSubmit(button || undefined);
}"""


def _log(line: str) -> None:
    if LOG:
        with open(LOG, "a") as log:
            log.write(f"{time.strftime('%H:%M:%S')} {line}\n")


def _check(page: Any, crawl: Crawl, role: str, kind: str) -> None:
    for violation in axe_violations(page):
        _log(f"VIOLATION {role} {kind} {page.url} {json.dumps(violation)}")
        crawl.violations.append({"role": role, "url": page.url, "page": kind, **violation})


def _crawl(page: Any, world: World, role: str, base: str) -> Crawl:
    crawl = Crawl()
    per_pattern: Counter[str] = Counter()
    start = _start_urls(world, role)
    queue = deque(start)
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        name = _url_name(parts.path)
        if path in seen or name is None or name in NOT_FOLLOWED:
            continue
        seen.add(path)
        if per_pattern[name] >= CAP and path not in start:
            continue
        response = page.goto(path)
        # A link may lead elsewhere (to sign in, say): the page shown is what counts.
        final = urlsplit(page.url)
        name = _url_name(final.path) or name
        _log(f"{role} {response.status if response else '-'} {path} -> {final.path}")
        if per_pattern[name] >= CAP and path not in start:
            continue
        per_pattern[name] += 1
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status < 400:
            crawl.patterns.add(name)
        crawl.pages += 1
        _check(page, crawl, role, "page")
        if page.evaluate(FORMS) and name not in crawl.forms:
            crawl.forms[name] = final.path + (f"?{final.query}" if final.query else "")
        queue.extend(page.evaluate(LINKS))
    return crawl


def _send_forms_empty(page: Any, crawl: Crawl, role: str) -> None:
    for path in crawl.forms.values():
        page.goto(path)
        for index in page.evaluate(FORMS)[:FORMS_PER_PAGE]:
            page.goto(path)
            try:
                with page.expect_navigation():
                    page.evaluate(SEND_EMPTY, index)
            except PlaywrightError as error:
                # A form that answers with a file (your data, a spreadsheet) shows no page.
                _log(f"{role} form {index} {path}: no page ({error.message.splitlines()[0]})")
                continue
            _log(f"{role} form {index} {path} -> {page.url}")
            if page.locator(".govuk-error-summary").count():
                crawl.error_pages += 1
                _check(page, crawl, role, "error")


def _signed_in_page(browser: Any, base_url: str, user: User | None) -> Any:
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    _sign_in(context, base_url, user)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def crawl_world(transactional_db: None, tmp_path: Path) -> Iterator[World]:
    with override_settings(MEDIA_ROOT=tmp_path):
        world = build_world()
        _extras(world)
        yield world


def test_every_page_of_every_role_passes_axe(browser, live_server, crawl_world):
    assert AXE.exists()
    crawls: dict[str, Crawl] = {}
    roles = ONLY_ROLES or CRAWL_ROLES
    for role in roles:
        page = _signed_in_page(browser, live_server.url, crawl_world.people[role])
        crawls[role] = _crawl(page, crawl_world, role, live_server.url)
        page.context.close()
    for role in roles:
        # Sent after every role has crawled: an empty form that is accepted changes the
        # world (an optional note is all some withdrawals ask for).
        page = _signed_in_page(browser, live_server.url, crawl_world.people[role])
        _send_forms_empty(page, crawls[role], role)
        page.context.close()

    summary = {
        role: f"{c.pages} pages, {len(c.patterns)} patterns, {c.error_pages} error states"
        for role, c in crawls.items()
    }
    print("\n".join(f"{role}: {line}" for role, line in summary.items()))
    reached = set().union(*(c.patterns for c in crawls.values()))
    unreached = sorted(set(_site_pages()) - reached - set(NOT_CRAWLED))
    violations = [v for c in crawls.values() for v in c.violations]
    assert violations == [], f"{len(violations)} violations:\n" + json.dumps(violations, indent=1)
    if not ONLY_ROLES:
        assert unreached == [], f"pages no role reached: {unreached}"
