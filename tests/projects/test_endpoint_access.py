"""Who may call each endpoint in projects/urls.py: the owner (alice, Camden), a
permitted other (bob, also Camden, or the party an endpoint is for), an outsider who
must not learn the object exists (404) and someone not signed in.

Private objects are used, so an outsider's 404 means "invisible", not "refused".
Each row names a URL built from the `world` fixture's objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loti.accounts.models import User
from loti.visibility import Visibility
from projects import collaboration, playbooks, services
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_playbook, make_project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    people: dict[str, User | None]
    ids: dict[str, int]


@pytest.fixture
def world(alice, bob, charlie, camden, hackney, tmp_path, settings) -> World:
    settings.MEDIA_ROOT = tmp_path
    # Anonymous feedback is throttled per address in the cache, which outlives a test.
    cache.clear()
    dave = member_of(
        OrganisationFactory.create(slug="lambeth-test"), email="dave@lambeth-test.example"
    )
    private = make_project(alice, camden, title="Private chatbot")
    network = make_project(alice, camden, title="Network chatbot", visibility=Visibility.NETWORK)
    public = make_project(alice, camden, title="Public chatbot", visibility=Visibility.PUBLIC)
    attachment = services.attachment_add(
        acting_user=alice, project=private, upload=SimpleUploadedFile("plan.pdf", PDF)
    )
    feedback = collaboration.feedback_submit(project=public, body="Add a phone line.")
    interest = collaboration.interest_request(
        acting_user=charlie, project=network, organisation=hackney
    )
    book = make_playbook(alice, camden, visibility=Visibility.PRIVATE)
    # A draft change, so there is something to publish.
    playbooks.playbook_draft_update(acting_user=alice, playbook=book, changes={"title": "New"})
    shared_book = make_playbook(alice, camden, title="Network playbook")
    adoption = playbooks.playbook_adopt(
        acting_user=charlie, playbook=shared_book, organisation=hackney
    )
    return World(
        people={"alice": alice, "bob": bob, "charlie": charlie, "dave": dave, "anonymous": None},
        ids={
            "private": private.pk,
            "network": network.pk,
            "public": public.pk,
            "attachment": attachment.pk,
            "feedback": feedback.pk,
            "interest": interest.pk,
            "playbook": book.pk,
            "shared_playbook": shared_book.pk,
            "adoption": adoption.pk,
        },
    )


@dataclass
class Case:
    method: str
    name: str
    kwargs: dict[str, str]  # URL argument -> World.ids key
    data: dict[str, Any] | None
    expected: dict[str, int]  # person -> status
    query: str = ""
    if_match: bool = False  # send the project's first ETag, as an edit must

    def __str__(self) -> str:
        return f"{self.method} {self.name}"


def read(name: str, kwargs: dict[str, str], query: str = "") -> Case:
    """A GET on a private object: Camden reads it, others do not know it exists."""
    return Case(
        "get",
        name,
        kwargs,
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "anonymous": 404},
        query,
    )


def write(name: str, kwargs: dict[str, str], data: dict[str, Any] | None, ok: int) -> Case:
    """A write on a private object by Camden's members."""
    return Case(
        "post", name, kwargs, data, {"alice": ok, "bob": ok, "charlie": 404, "anonymous": 401}
    )


P = {"project_id": "private"}
CASES = [
    read("project-detail", P),
    Case(
        "patch",
        "project-detail",
        P,
        {"summary": "Changed."},
        {"alice": 200, "bob": 200, "charlie": 404, "anonymous": 401},
        if_match=True,
    ),
    read("project-revisions", P),
    read("project-revisions-compare", P, query="?from=1&to=1"),
    write("project-follow", P, None, 204),
    Case("delete", "project-follow", P, None, {"alice": 204, "charlie": 404, "anonymous": 401}),
    read("project-comments", P),
    write("project-comments", P, {"body": "Looks good."}, 201),
    read("project-feedback", P),
    # Feedback is taken on public projects only; a private one is unseen by outsiders.
    Case(
        "post",
        "project-feedback",
        P,
        {"body": "Hello"},
        {"alice": 400, "charlie": 404, "anonymous": 404},
    ),
    read("project-updates", P),
    write("project-updates", P, {"body": "Pilot started."}, 201),
    # Hackney asks to join Camden's network project; nobody outside Camden sees the
    # private one, and Camden is already its lead.
    Case(
        "post",
        "project-interest",
        {"project_id": "network"},
        {"organisation": "lambeth-test"},
        {"dave": 201},
    ),
    Case(
        "post",
        "project-interest",
        {"project_id": "network"},
        {"organisation": "hackney-test"},
        {"charlie": 409, "alice": 400, "anonymous": 401},
    ),
    Case(
        "post",
        "project-interest",
        P,
        {"organisation": "hackney-test"},
        {"charlie": 404},
    ),
    write("project-coauthors", P, {"email": "dave@lambeth-test.example"}, 204),
    Case(
        "post",
        "project-adopt",
        {"project_id": "network"},
        {"organisation": "hackney-test"},
        {"charlie": 201, "alice": 400, "anonymous": 401},
    ),
    Case("post", "project-adopt", P, {"organisation": "hackney-test"}, {"charlie": 404}),
    read("project-adoptions", P),
    read("project-attachments", P),
    read("project-attachment", {"project_id": "private", "attachment_id": "attachment"}),
    Case(
        "post",
        "feedback-moderate",
        {"feedback_id": "feedback"},
        {"approve": True},
        {"alice": 200, "charlie": 404, "dave": 404, "anonymous": 401},
    ),
    Case(
        "post",
        "feedback-moderate",
        {"feedback_id": "feedback"},
        {"approve": False},
        {"bob": 200},
    ),
    # The lead's members answer; the organisation that asked sees it but may not.
    Case(
        "post",
        "interest-answer",
        {"interest_id": "interest"},
        {"accept": True},
        {"bob": 200, "charlie": 403, "dave": 404, "anonymous": 401},
    ),
    Case("post", "interest-answer", {"interest_id": "interest"}, {"accept": False}, {"alice": 200}),
    read("playbook-detail", {"playbook_id": "playbook"}),
    Case(
        "patch",
        "playbook-detail",
        {"playbook_id": "playbook"},
        {"summary": "Changed."},
        {"alice": 200, "bob": 200, "charlie": 404, "anonymous": 401},
    ),
    write("playbook-publish", {"playbook_id": "playbook"}, {"change_note": "A new title."}, 201),
    read("playbook-versions", {"playbook_id": "playbook"}),
    read("playbook-versions-compare", {"playbook_id": "playbook"}, query="?from=1&to=1"),
    Case(
        "post",
        "playbook-adopt",
        {"playbook_id": "shared_playbook"},
        {"organisation": "lambeth-test"},
        {"dave": 201, "alice": 400, "anonymous": 401},
    ),
    Case(
        "post", "playbook-adopt", {"playbook_id": "playbook"}, {"organisation": "x"}, {"dave": 404}
    ),
    # Hackney adopted Camden's playbook: both see the adoption, only Hackney works on it.
    Case(
        "get",
        "adoption-detail",
        {"adoption_id": "adoption"},
        None,
        {"charlie": 200, "alice": 200, "bob": 200, "dave": 404, "anonymous": 401},
    ),
    Case(
        "patch",
        "adoption-step",
        {"adoption_id": "adoption", "key": "users"},
        {"status": "done"},
        {"charlie": 200, "alice": 403, "dave": 404, "anonymous": 401},
    ),
    Case(
        "get",
        "search",
        {},
        None,
        {"alice": 200, "charlie": 200, "anonymous": 200},
        "?q=chatbot",
    ),
    Case(
        "get",
        "project-similar",
        {},
        None,
        {"alice": 200, "charlie": 200, "anonymous": 401},
        "?text=chatbot",
    ),
]


@pytest.mark.parametrize(
    ("case", "person"),
    [
        pytest.param(case, person, id=f"{case}-{person}")
        for case in CASES
        for person in case.expected
    ],
)
def test_who_may_call_it(api, world: World, case: Case, person: str) -> None:
    kwargs = {argument: world.ids.get(key, key) for argument, key in case.kwargs.items()}
    url = reverse(f"api:{case.name}", kwargs=kwargs) + case.query
    client = api(world.people[person])
    headers = {}
    if case.if_match:
        headers["HTTP_IF_MATCH"] = f'"project-{kwargs["project_id"]}-v1"'
    response = getattr(client, case.method)(url, case.data, format="json", **headers)
    assert response.status_code == case.expected[person], getattr(response, "data", None)


def test_search_shows_the_outsider_nothing_private(api, world: World) -> None:
    results = api(world.people["charlie"]).get("/api/search/?q=chatbot").json()
    assert {r["title"] for r in results if r["kind"] == "project"} == {
        "Network chatbot",
        "Public chatbot",
    }
    anonymous = api(None).get("/api/search/?q=chatbot").json()
    assert {r["title"] for r in anonymous} == {"Public chatbot"}
