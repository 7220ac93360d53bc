"""Adding, changing and removing a project's links through the pages."""

from __future__ import annotations

import pytest

from projects import outcomes_links
from projects.models import Project, ProjectLink, ProjectRevision
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import sign_in_url


def new_url(project) -> str:
    return f"/projects/{project.pk}/links/new/"


def edit_url(link) -> str:
    return f"/projects/{link.project_id}/links/{link.pk}/"


def remove_url(link) -> str:
    return edit_url(link) + "remove/"


@pytest.fixture
def link(alice, project) -> ProjectLink:
    return outcomes_links.link_add(
        acting_user=alice,
        project=project,
        title="Alpha assessment",
        url="https://example.org/alpha",
    )


def test_it_checks_ownership(client, alice, dana, ivy, charlie, project, link):
    for user, status in ((alice, 200), (dana, 200), (ivy, 403), (charlie, 404)):
        client.force_login(user)
        assert client.get(new_url(project)).status_code == status, user
        assert client.get(edit_url(link)).status_code == status, user


def test_only_editors_may_add_change_or_remove(client, dana, ivy, charlie, project, link):
    data = {"title": "Taken over", "url": "https://example.org/x", "version": "2"}
    for user, status in ((ivy, 403), (charlie, 404)):
        client.force_login(user)
        assert client.post(new_url(project), data).status_code == status, user
        assert client.post(edit_url(link), data).status_code == status, user
        assert client.post(remove_url(link), data).status_code == status, user
    assert list(ProjectLink.objects.values_list("title", flat=True)) == ["Alpha assessment"]

    client.force_login(dana)
    assert client.post(edit_url(link), data).status_code == 302
    assert ProjectLink.objects.get().title == "Taken over"


def test_anonymous_person_is_sent_to_sign_in(client, project, link):
    for url in (new_url(project), edit_url(link), remove_url(link)):
        assert client.post(url, {"title": "Taken over"})["Location"] == sign_in_url(url)
    assert ProjectLink.objects.get().title == "Alpha assessment"


def test_an_added_link_is_shown_on_the_project_and_in_its_history(client, alice, project):
    client.force_login(alice)
    assert read(client.get(new_url(project))).title == title(
        "Add a link: Chatbot for housing repairs"
    )

    response = client.post(
        new_url(project), {"title": "Beta assessment", "url": "https://example.org/beta"}
    )

    assert response["Location"] == f"/projects/{project.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert 'href="https://example.org/beta" rel="noopener noreferrer">Beta assessment</a>' in html
    revision = ProjectRevision.objects.get(project=project, number=2)
    assert (revision.author, revision.changed_fields) == (alice, ["links"])
    compare = client.get(f"/projects/{project.pk}/history/compare/?from=1&to=2")
    assert ["Links", "Not given", "Beta assessment: https://example.org/beta"] in read(compare).rows


@pytest.mark.parametrize(
    ("data", "summary"),
    [
        (
            {"title": "", "url": ""},
            [("#id_title", "Enter the link text"), ("#id_url", "Enter the web address")],
        ),
        (
            {"title": "Report", "url": "ftp://example.org/report.pdf"},
            [("#id_url", "The web address must start with http:// or https://")],
        ),
        (
            {"title": "Report", "url": "javascript:alert(1)"},
            [("#id_url", "The web address must start with http:// or https://")],
        ),
        (
            {"title": "Report", "url": "https://exa mple"},
            [
                (
                    "#id_url",
                    "Enter a web address in the correct format, like https://example.org/report",
                )
            ],
        ),
    ],
)
def test_errors_are_named_in_the_summary_and_nothing_is_saved(
    client, alice, project, data, summary
):
    client.force_login(alice)

    response = client.post(new_url(project), data)

    page = read(response)
    assert page.title == title("Error: Add a link: Chatbot for housing repairs")
    assert page.summary == summary
    assert not ProjectLink.objects.exists()
    assert Project.objects.get(pk=project.pk).version == 1


def test_changing_a_link(client, alice, project, link):
    client.force_login(alice)
    assert '<input type="hidden" name="version" value="2"' in (
        client.get(edit_url(link)).content.decode()
    )

    response = client.post(
        edit_url(link),
        {"title": "Alpha assessment report", "url": "https://example.org/alpha", "version": "2"},
    )

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.title == "Alpha assessment report"


def test_a_change_from_an_older_version_is_not_saved(client, alice, bob, project, link):
    outcomes_links.link_update(
        acting_user=bob, link=link, expected_version=2, changes={"title": "Bob's title"}
    )
    client.force_login(alice)

    response = client.post(
        edit_url(link), {"title": "Alice's title", "url": link.url, "version": "2"}
    )

    assert "Your changes have not been saved." in response.content.decode()
    assert ["Links", "Bob's title: https://example.org/alpha"] in read(response).rows
    link.refresh_from_db()
    assert link.title == "Bob's title"


def test_removing_a_link(client, alice, project, link):
    client.force_login(alice)

    response = client.post(remove_url(link), {"version": "2"})

    assert response.status_code == 302
    assert not ProjectLink.objects.exists()
    assert ProjectRevision.objects.get(project=project, number=3).changed_fields == ["links"]
