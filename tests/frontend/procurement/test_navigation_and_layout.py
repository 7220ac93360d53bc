"""The tender board in the service's navigation, and the rules every page keeps: one
h1, its own title, no inline script or style, no repeated id."""

from __future__ import annotations

from collections import Counter

import pytest

from procurement import services
from tests.frontend.helpers import read
from tests.procurement.helpers import evaluate_and_award, make_tender, submitted_bid


def test_tenders_is_in_the_navigation_for_everyone(client, alice):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(alice)
        html = client.get("/").content.decode()
        navigation = html[html.index('<nav aria-label="Menu"') : html.index("</nav>")]
        assert 'href="/tenders/"' in navigation


def test_tenders_is_marked_current_on_the_tender_pages(client, tender):
    html = client.get(f"/tenders/{tender.pk}/").content.decode()

    assert 'href="/tenders/" aria-current="true"' in html


@pytest.fixture
def pages(client, alice, eve, supplier_user, acme, beta_user, beta, tender):
    """Every tender board page, as the person who uses it, through to the award."""
    question = services.question_ask(
        acting_user=supplier_user, tender=tender, supplier=acme, question="TUPE?"
    )
    bid = submitted_bid(supplier_user, acme, tender)
    other = submitted_bid(beta_user, beta, tender, price=40_000)
    saved = services.saved_search_create(acting_user=supplier_user, name="Mine")
    t = f"/tenders/{tender.pk}"
    visits = {
        supplier_user: [
            "/tenders/",
            f"{t}/",
            f"{t}/questions/ask/",
            f"/bids/{bid.pk}/",
            f"/bids/{bid.pk}/submit/",
            f"/bids/{bid.pk}/receipt/",
            f"/bids/{bid.pk}/withdraw/",
            "/tenders/saved-searches/",
            f"/tenders/saved-searches/{saved.pk}/delete/",
        ],
        alice: [
            "/tenders/new/",
            f"{t}/amend/",
            f"{t}/withdraw/",
            f"{t}/questions/",
            f"{t}/questions/{question.pk}/answer/",
            f"{t}/evaluation/",
        ],
    }
    rendered = {}
    for user, paths in visits.items():
        client.force_login(user)
        rendered |= {f"{path} ({user.email})": client.get(path) for path in paths}
    client.force_login(alice)
    draft_path = f"/tenders/{make_tender(alice, tender.buyer, title='A draft').pk}"
    rendered[f"{draft_path}/edit/"] = client.get(f"{draft_path}/edit/")
    rendered[f"{draft_path}/publish/"] = client.get(f"{draft_path}/publish/")
    evaluate_and_award(alice, eve, tender, other)
    rendered[f"{t}/evaluation/ (after)"] = client.get(f"{t}/evaluation/")
    rendered[f"/bids/{bid.pk}/moderate/"] = client.get(f"/bids/{bid.pk}/moderate/")
    rendered[f"{t}/evaluation/award/"] = client.get(f"{t}/evaluation/award/")
    rendered[f"{t}/evaluation/no-award/"] = client.get(f"{t}/evaluation/no-award/")
    rendered[f"/bids/{bid.pk}/ (opened)"] = client.get(f"/bids/{bid.pk}/")
    client.force_login(eve)
    rendered[f"{t}/evaluate/"] = client.get(f"{t}/evaluate/")
    rendered[f"/bids/{bid.pk}/score/"] = client.get(f"/bids/{bid.pk}/score/")
    client.force_login(supplier_user)
    rendered[f"/bids/{bid.pk}/assessment/"] = client.get(f"/bids/{bid.pk}/assessment/")
    client.logout()
    rendered["/tenders/ (anonymous)"] = client.get("/tenders/")
    return rendered


def test_every_page_renders(pages):
    assert {path: response.status_code for path, response in pages.items()} == {
        path: 200 for path in pages
    }


def test_every_page_has_one_h1(pages):
    for path, response in pages.items():
        assert len(read(response).h1) == 1, path


def test_no_page_has_an_inline_script_or_style(pages):
    for path, response in pages.items():
        assert read(response).inline_scripts == 0, path
        assert b" onclick=" not in response.content, path
        assert b' style="' not in response.content, path
        assert b"<style" not in response.content, path


def test_no_page_repeats_an_id(pages):
    for path, response in pages.items():
        repeated = [id_ for id_, count in Counter(read(response).ids).items() if count > 1]
        assert repeated == [], path


def test_every_page_has_its_own_title(pages):
    titles = Counter(read(response).title for response in pages.values())
    # The list is the same page whether signed in or not; the evaluation page is
    # visited before and after the award.
    assert sorted(name for name, count in titles.items() if count > 1) == [
        "Bids and evaluation \N{EN DASH} LOTI Workspace",
        "Find a tender \N{EN DASH} LOTI Workspace",
    ]
