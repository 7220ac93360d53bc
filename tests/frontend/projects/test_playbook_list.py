from __future__ import annotations

from loti.visibility import Visibility
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import count_queries, queries_of
from tests.projects.helpers import make_playbook

URL = "/playbooks/"


def test_shows_the_playbooks_a_person_may_see(client, alice, camden, charlie, hackney):
    make_playbook(alice, camden, title="Network playbook")
    make_playbook(alice, camden, title="Camden's draft", publish=False)
    make_playbook(charlie, hackney, title="Hackney's draft", publish=False)
    client.force_login(alice)

    response = client.get(URL)

    assert read(response).title == title("Playbooks")
    html = response.content.decode()
    assert "Network playbook" in html
    # Drafts are seen by their owners only.
    assert "Camden&#x27;s draft" in html
    assert "Hackney&#x27;s draft" not in html
    assert 'href="/playbooks/new/"' in html


def test_anonymous_person_sees_public_playbooks_only(client, alice, camden):
    make_playbook(alice, camden, title="Network playbook")
    make_playbook(alice, camden, title="Public playbook", visibility=Visibility.PUBLIC)

    html = client.get(URL).content.decode()

    assert "Public playbook" in html
    assert "Network playbook" not in html
    assert 'href="/playbooks/new/"' not in html


def test_search_and_theme_filter(client, alice, camden, charlie):
    make_playbook(alice, camden, title="Chatbot discovery", themes=["housing"])
    make_playbook(
        alice,
        camden,
        title="Data platform",
        summary="Joining up what boroughs know.",
        themes=["data"],
        steps=[{"title": "Find the data"}],
    )
    client.force_login(charlie)

    searched = client.get(URL, {"q": "chatbot"}).content.decode()
    themed = client.get(URL, {"theme": "data"}).content.decode()

    assert "Chatbot discovery" in searched and "Data platform" not in searched
    assert "Data platform" in themed and "Chatbot discovery" not in themed


def test_each_playbook_says_who_wrote_it_and_how_many_adopted_it(client, alice, camden, charlie):
    make_playbook(alice, camden, title="Chatbot discovery")
    client.force_login(charlie)

    html = client.get(URL).content.decode()

    assert "Camden (test) · Adopted by 0 organisations" in html


def test_pages_keep_the_search(client, alice, camden, monkeypatch):
    from frontend import views_projects

    monkeypatch.setattr(views_projects, "PAGE_SIZE", 1)
    make_playbook(alice, camden, title="Chatbot one")
    make_playbook(alice, camden, title="Chatbot two")
    client.force_login(alice)

    html = client.get(URL, {"q": "chatbot"}).content.decode()

    assert 'href="?q=chatbot&amp;page=2"' in html


def test_query_count_does_not_grow_with_playbooks(client, alice, camden):
    # session, user, unread notifications; may the person start one; count of
    # playbooks; the page of them with owners and adoption counts: 6.
    make_playbook(alice, camden)
    client.force_login(alice)
    few = count_queries(client, URL)
    for n in range(8):
        make_playbook(alice, camden, title=f"Playbook {n}")

    many = count_queries(client, URL)

    assert many == few, queries_of(client, URL)
    assert few <= 6, queries_of(client, URL)
