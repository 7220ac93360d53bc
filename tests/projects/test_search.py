from __future__ import annotations

import pytest

from loti.visibility import Visibility
from tests.projects.helpers import make_playbook, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(alice, camden):
    make_project(
        alice,
        camden,
        title="Chatbot for housing repairs",
        visibility=Visibility.NETWORK,
        themes=["housing"],
    )
    make_project(alice, camden, title="Private chatbot", summary="Secret.")
    make_playbook(alice, camden, title="Chatbot discovery playbook")


def test_search_spans_projects_and_playbooks_and_respects_visibility(api, charlie, work):
    results = api(charlie).get("/api/search/", {"q": "chatbot"}).json()
    assert {(r["kind"], r["title"]) for r in results} == {
        ("project", "Chatbot for housing repairs"),
        ("playbook", "Chatbot discovery playbook"),
    }


def test_search_facets_filter_by_theme(api, charlie, work):
    results = api(charlie).get("/api/search/", {"q": "chatbot", "theme": "housing"}).json()
    assert [r["title"] for r in results] == ["Chatbot for housing repairs"]


def test_anonymous_search_finds_only_public(api, work):
    assert api(None).get("/api/search/", {"q": "chatbot"}).json() == []


def test_empty_search_is_400_naming_q(api, charlie):
    response = api(charlie).get("/api/search/", {"q": " "})
    assert response.status_code == 400
    assert "q" in response.json()["fields"]


def test_similar_work_is_suggested_before_starting(api, charlie, work):
    response = api(charlie).get(
        "/api/projects/similar/", {"text": "A chatbot for our repairs service"}
    )
    titles = [r["title"] for r in response.json()]
    assert "Chatbot for housing repairs" in titles
    assert "Private chatbot" not in titles


def test_charter_complete_means_every_part_given(api, alice, charlie, camden):
    # The same test as the project page's "6 of 6 parts complete".
    parts = {
        "charter_technology": "Sensors.",
        "charter_inclusivity": "Large print.",
        "charter_dpia_url": "https://example.org/dpia",
        "charter_consequences": "None found.",
        "charter_unused_functionality": "None.",
    }
    make_project(
        alice,
        camden,
        title="Chatbot all parts",
        visibility=Visibility.NETWORK,
        charter_open_data=False,
        **parts,
    )
    make_project(
        alice,
        camden,
        title="Chatbot three parts",
        visibility=Visibility.NETWORK,
        **{
            k: v
            for k, v in parts.items()
            if k in {"charter_technology", "charter_inclusivity", "charter_dpia_url"}
        },
    )

    complete = api(charlie).get("/api/search/", {"q": "chatbot", "charter_complete": "true"})
    incomplete = api(charlie).get("/api/search/", {"q": "chatbot", "charter_complete": "false"})

    assert [r["title"] for r in complete.json()] == ["Chatbot all parts"]
    assert [r["title"] for r in incomplete.json()] == ["Chatbot three parts"]


def test_without_words_projects_and_playbooks_are_merged_newest_first(alice, camden):
    from projects.selectors import search_everything

    make_project(alice, camden, title="Oldest project")
    make_playbook(alice, camden, title="Middle playbook")
    make_project(alice, camden, title="Newest project")

    results = search_everything(user=alice, search="")

    assert [r["title"] for r in results] == ["Newest project", "Middle playbook", "Oldest project"]
