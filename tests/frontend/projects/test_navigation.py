"""The service navigation, and what every project and playbook page shares."""

from __future__ import annotations

from collections import Counter

import pytest

from projects import collaboration, playbooks
from tests.frontend.helpers import read
from tests.projects.helpers import make_playbook


def navigation(html: str) -> str:
    return html[html.index('<nav aria-label="Menu"') : html.index("</nav>")]


def test_projects_and_playbooks_are_in_the_navigation_for_everyone(client, alice):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(alice)
        menu = navigation(client.get("/").content.decode())
        assert '<a class="govuk-service-navigation__link" href="/projects/"' in menu
        assert '<a class="govuk-service-navigation__link" href="/playbooks/"' in menu


def test_the_section_is_marked_current(client, alice, public_project):
    menu = navigation(client.get(f"/projects/{public_project.pk}/").content.decode())

    assert 'href="/projects/" aria-current="true"' in menu
    assert 'href="/playbooks/" aria-current' not in menu


@pytest.fixture
def pages(client, alice, camden, charlie, hackney, project, ivy, islington):
    """Every project and playbook page, as the people who use them see them."""
    playbook = make_playbook(alice, camden)
    adoption = playbooks.playbook_adopt(
        acting_user=charlie, playbook=playbook, organisation=hackney
    )
    collaboration.interest_request(acting_user=ivy, project=project, organisation=islington)
    p, b = project.pk, playbook.pk
    client.force_login(alice)
    rendered = {
        path: client.get(path)
        for path in (
            "/projects/",
            "/projects/new/",
            f"/projects/{p}/",
            f"/projects/{p}/edit/",
            f"/projects/{p}/history/",
            f"/projects/{p}/history/compare/?from=1&to=1",
            "/playbooks/",
            "/playbooks/new/",
            f"/playbooks/{b}/",
            f"/playbooks/{b}/edit/",
            f"/playbooks/{b}/versions/",
            f"/playbooks/{b}/versions/compare/?from=1&to=1",
            f"/adoptions/{adoption.pk}/",
        )
    }
    client.force_login(ivy)
    rendered[f"/projects/{p}/ (shared with)"] = client.get(f"/projects/{p}/")
    client.force_login(charlie)
    rendered[f"/playbooks/{b}/ (adopter)"] = client.get(f"/playbooks/{b}/")
    return rendered


def test_every_page_has_one_h1_and_its_own_title(pages):
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert len(read(response).h1) == 1, path
    titles = Counter(read(response).title for response in pages.values())
    repeated = [name for name, count in titles.items() if count > 1]
    # The project and playbook pages look the same whoever reads them.
    assert len(repeated) == 2, repeated


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
