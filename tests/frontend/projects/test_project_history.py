from __future__ import annotations

from projects import services
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import count_queries


def url(project) -> str:
    return f"/projects/{project.pk}/history/"


def edit(user, project, **changes):
    project.refresh_from_db()
    return services.project_update(
        acting_user=user, project=project, expected_version=project.version, changes=changes
    )


def test_it_checks_ownership(client, alice, ivy, dana, charlie, project):
    for user, status in ((alice, 200), (ivy, 200), (dana, 200), (charlie, 404)):
        client.force_login(user)
        assert client.get(url(project)).status_code == status, user


def test_anonymous_person_sees_the_history_of_a_public_project_only(
    client, project, public_project
):
    assert client.get(url(public_project)).status_code == 200
    assert client.get(url(project)).status_code == 404


def test_each_revision_says_who_when_and_which_fields(client, alice, bob, ivy, project):
    edit(bob, project, title="Repairs chatbot", charter_technology="A chatbot.")
    client.force_login(ivy)

    response = client.get(url(project))

    page = read(response)
    assert page.title == title("History of Repairs chatbot")
    assert [row[0] for row in page.rows] == ["2", "1"]
    newest = page.rows[0]
    assert newest[1] == bob.full_name
    assert newest[3] == (
        "What the technology is and why it is used, Project title See the changes in version 2"
    )
    assert page.rows[1][1] == alice.full_name
    html = response.content.decode()
    assert f'href="/projects/{project.pk}/history/compare/?from=1&amp;to=2"' in html
    assert f'action="/projects/{project.pk}/history/compare/"' in html


def test_query_count_does_not_grow_with_revisions(client, alice, project):
    # session, user, unread notifications; the project, then its shared-with, partners,
    # outcomes and links (5); count of revisions; the page of them with authors: 10.
    client.force_login(alice)
    few = count_queries(client, url(project))
    for n in range(6):
        edit(alice, project, summary=f"Summary {n}")

    many = count_queries(client, url(project))

    assert many == few
    assert few <= 10
