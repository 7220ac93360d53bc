"""Field-level rules, over every way in (API and pages) and every role the rule is
about: what a route may answer is in the matrix; here is what its answer may contain.

- A sealed bid's content, its documents and how many bids there are stay hidden
  from the buyer (and everyone but the bidder) until the tender closes.
- In a blind round, no judge (the chair included) sees who entered: no entrant
  organisation, slug or person in anything the round shows them.
- Comments on a private project, and clarification questions not yet answered and
  published, reach nobody outside the project or beyond the buyer and the asker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from procurement.models import Bid, BidAttachment, BidSubmission
from tests.security.world import (
    EXTRA_ROLES,
    PRIVATE_COMMENT,
    ROLES,
    SEALED_SECRET,
    UNPUBLISHED_QUESTION,
    World,
)

pytestmark = pytest.mark.django_db

EVERYONE = ROLES + EXTRA_ROLES
ACME = ("acme-w", "Acme Civic (world)", "sam@acme-w.example")
BETA = ("beta-w", "Beta Labs (world)", "bea@beta-w.example")


def _api(world: World, role: str) -> APIClient:
    client = APIClient()
    if world.person(role) is not None:
        client.force_authenticate(world.person(role))
    return client


def _browser(world: World, role: str) -> Client:
    client, person = Client(), world.person(role)
    if person is not None:
        client.force_login(person)
    return client


def _text(response: Any) -> str:
    """The body, a download's included, and the name a download is saved under."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response.get("Content-Disposition", "") + body.decode(errors="replace")


def _read(world: World, role: str, api: list[str], pages: list[str]) -> str:
    """Everything the role gets from these addresses, whatever the status, as text."""
    client, browser = _api(world, role), _browser(world, role)
    texts = [_text(client.get(url)) for url in api]
    texts += [_text(browser.get(url)) for url in pages]
    return "\n".join(texts)


def _absent(text: str, *secrets: str) -> list[str]:
    return [secret for secret in secrets if secret in text]


# Sealed bids ------------------------------------------------------------------------


def _tender_addresses(world: World) -> tuple[list[str], list[str]]:
    tender, bid = world.ids["tender"], world.ids["bid_sealed"]
    document = world.ids["bid_sealed_document"]
    api = [
        "/api/tenders/",
        "/api/tenders/?search=digital",
        "/api/tenders/facets/",
        f"/api/tenders/{tender}/",
        f"/api/tenders/{tender}/questions/",
        f"/api/tenders/{tender}/amendments/",
        f"/api/tenders/{tender}/bids/",
        f"/api/tenders/{tender}/bidders/",
        f"/api/tenders/{tender}/evaluation/",
        f"/api/bids/{bid}/",
        f"/api/bids/{bid}/attachments/",
        f"/api/bids/{bid}/attachments/{document}/",
        "/api/open-data/ocds/",
        "/api/notifications/",
    ]
    pages = [
        "/tenders/",
        f"/tenders/{tender}/",
        f"/tenders/{tender}/questions/",
        f"/tenders/{tender}/evaluation/",
        f"/bids/{bid}/",
        f"/bids/{bid}/documents/{document}/",
        "/notifications/",
    ]
    return api, pages


@pytest.mark.parametrize("role", [r for r in EVERYONE if r != "supplier"])
def test_a_sealed_bid_reaches_nobody_but_its_bidder(world: World, role: str) -> None:
    text = _read(world, role, *_tender_addresses(world))
    assert _absent(text, SEALED_SECRET, "method.pdf", *ACME) == []


def test_the_bidder_reads_its_own_sealed_bid(world: World) -> None:
    text = _read(world, "supplier", *_tender_addresses(world))
    assert SEALED_SECRET in text and "method.pdf" in text


def _without_tokens(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def _buyer_view(world: World) -> list[Any]:
    api, pages = _tender_addresses(world)
    client, browser = _api(world, "owner_officer"), _browser(world, "owner_officer")
    seen: list[Any] = []
    for url in api:
        answer = client.get(url)
        seen.append((url, answer.status_code, _text(answer)))
    for url in pages:
        page = browser.get(url)
        seen.append((url, page.status_code, _without_tokens(_text(page))))
    return seen


def test_the_buyer_cannot_tell_whether_anyone_has_bid(world: World) -> None:
    """Everything the buyer reads about the open tender is the same, byte for byte,
    with the sealed bid and without it: neither its content nor the count leaks."""
    with_bid = _buyer_view(world)
    savepoint = transaction.savepoint()
    bid = world.ids["bid_sealed"]
    Bid.objects.filter(pk=bid).update(latest_submission=None)
    BidSubmission.objects.filter(bid_id=bid).delete()
    BidAttachment.objects.filter(bid_id=bid).delete()
    Bid.objects.filter(pk=bid).delete()
    without_bid = _buyer_view(world)
    transaction.savepoint_rollback(savepoint)
    assert [row for row in with_bid if row not in without_bid] == []


def test_once_closed_the_buyer_and_evaluator_read_the_opened_bid(world: World) -> None:
    for role in ("owner_officer", "evaluator"):
        bid = _api(world, role).get(f"/api/bids/{world.ids['bid']}/")
        assert bid.status_code == 200
        assert "Apprentices." in bid.content.decode()


# Blind rounds -----------------------------------------------------------------------


def _round_addresses(world: World) -> tuple[list[str], list[str]]:
    round_, entry = world.ids["round"], world.ids["round_entry"]
    document = world.ids["round_document"]
    base = f"/api/rounds/{round_}"
    api = [
        f"{base}/",
        f"{base}/panel/",
        f"{base}/declaration/",
        f"{base}/conflicts/",
        f"{base}/assignments/",
        f"{base}/assignments/loads/",
        f"{base}/entries/",
        f"{base}/entries/{entry}/",
        f"{base}/entries/{entry}/score/",
        f"{base}/results/",
        f"/api/challenges/{world.ids['challenge_judged']}/rounds/",
        "/api/notifications/",
    ]
    pages = [
        f"/challenges/rounds/{round_}/",
        f"/challenges/rounds/{round_}/declaration/",
        f"/challenges/rounds/{round_}/entries/{entry}/",
        f"/challenges/rounds/{round_}/entries/{entry}/documents/{document}/",
        f"/challenges/rounds/{round_}/conflicts/",
        f"/challenges/rounds/{round_}/assignments/",
        f"/challenges/rounds/{round_}/results/",
        "/notifications/",
    ]
    return api, pages


@pytest.mark.parametrize("role", ["judge", "conflicted_judge", "chair"])
def test_a_blind_round_shows_no_judge_who_entered(world: World, role: str) -> None:
    text = _read(world, role, *_round_addresses(world))
    assert _absent(text, *ACME, *BETA) == []


def test_a_blind_rounds_entries_do_reach_the_judge_without_names(world: World) -> None:
    # The check above would pass on an empty page: the judge does see the entry.
    entry = _api(world, "judge").get(
        f"/api/rounds/{world.ids['round']}/entries/{world.ids['round_entry']}/"
    )
    assert entry.status_code == 200
    assert entry.json()["entrant"] is None
    assert "Mould radar" in entry.content.decode()


def test_the_owners_off_the_panel_still_see_who_entered(world: World) -> None:
    rows = _api(world, "owner_officer").get(f"/api/rounds/{world.ids['round']}/entries/")
    assert {row["entrant"]["slug"] for row in rows.json()} == {"acme-w", "beta-w"}


# Private comments and unpublished questions -------------------------------------------


def _project_addresses(world: World) -> tuple[list[str], list[str]]:
    project = world.ids["project"]
    api = [
        "/api/projects/",
        "/api/projects/?search=damp",
        f"/api/projects/{project}/",
        f"/api/projects/{project}/comments/",
        f"/api/projects/{project}/revisions/",
        "/api/search/?q=damp",
        "/api/open-data/dcat/",
        "/api/open-data/projects-and-playbooks.csv",
        "/api/notifications/",
    ]
    pages = ["/", "/projects/", f"/projects/{project}/", "/notifications/"]
    return api, pages


@pytest.mark.parametrize(
    "role", [r for r in EVERYONE if r not in ("owner_officer", "owner_colleague")]
)
def test_comments_on_a_private_project_stay_inside_it(world: World, role: str) -> None:
    text = _read(world, role, *_project_addresses(world))
    assert _absent(text, PRIVATE_COMMENT) == []


def test_the_projects_own_people_read_its_comments(world: World) -> None:
    for role in ("owner_officer", "owner_colleague"):
        assert PRIVATE_COMMENT in _read(world, role, *_project_addresses(world))


def _question_addresses(world: World) -> tuple[list[str], list[str]]:
    tender, challenge = world.ids["tender"], world.ids["challenge"]
    api = [
        f"/api/tenders/{tender}/questions/",
        f"/api/challenges/{challenge}/questions/",
        "/api/notifications/",
    ]
    pages = [
        f"/tenders/{tender}/",
        f"/tenders/{tender}/questions/",
        f"/challenges/{challenge}/",
        f"/challenges/{challenge}/questions/",
        "/notifications/",
    ]
    return api, pages


ASKER_AND_OWNERS = ("other_supplier", "owner_officer", "owner_colleague")


@pytest.mark.parametrize("role", [r for r in EVERYONE if r not in ASKER_AND_OWNERS])
def test_an_unanswered_question_reaches_only_the_asker_and_the_owner(
    world: World, role: str
) -> None:
    text = _read(world, role, *_question_addresses(world))
    assert _absent(text, UNPUBLISHED_QUESTION, *BETA) == []


def test_the_asker_and_the_owner_read_the_unanswered_question(world: World) -> None:
    for role in ASKER_AND_OWNERS:
        assert UNPUBLISHED_QUESTION in _read(world, role, *_question_addresses(world)), role


def test_a_published_answer_names_no_asker(world: World) -> None:
    client = _api(world, "owner_officer")
    tender, question = world.ids["tender"], world.ids["tender_question"]
    answer = reverse(
        "api:tender-question-answer", kwargs={"tender_id": tender, "question_id": question}
    )
    assert client.post(answer, {"answer": "No."}, format="json").status_code == 200
    for role in ("anonymous", "supplier", "other_officer"):
        text = _read(world, role, [f"/api/tenders/{tender}/questions/"], [f"/tenders/{tender}/"])
        assert UNPUBLISHED_QUESTION in text, role
        assert _absent(text, *BETA) == [], role
