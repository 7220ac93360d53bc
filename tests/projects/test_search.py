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
