from __future__ import annotations

from projects import services
from tests.frontend.helpers import read, title


def url(project, older=1, newer=2) -> str:
    return f"/projects/{project.pk}/history/compare/?from={older}&to={newer}"


def test_it_checks_ownership(client, alice, ivy, dana, charlie, project):
    for user, status in ((alice, 200), (ivy, 200), (dana, 200), (charlie, 404)):
        client.force_login(user)
        assert client.get(url(project, 1, 1)).status_code == status, user


def test_anonymous_person_gets_404_for_a_private_project(client, project):
    assert client.get(url(project, 1, 1)).status_code == 404


def test_shows_each_changed_field_before_and_after(client, alice, islington, lambeth, project):
    services.project_update(
        acting_user=alice,
        project=project,
        expected_version=1,
        changes={
            "summary": "Line one.\nLine two.",
            "themes": ["housing", "data"],
            "shared_with": ["islington-test", "lambeth-test"],
            "charter_open_data": True,
        },
    )
    client.force_login(alice)

    response = client.get(url(project))

    page = read(response)
    assert page.title == title("Compare versions of Chatbot for housing repairs")
    assert page.rows == [
        ["Will non-personal data be published as open data?", "Not given", "Yes"],
        ["Shared with", "Islington (test)", "Islington (test), Lambeth (test)"],
        ["Summary", "Residents report repairs by chat, any time of day.", "Line one. Line two."],
        ["Themes", "Housing", "Housing, Data"],
    ]
    html = response.content.decode()
    assert '<pre class="app-diff">' in html
    assert "+Line two." in html


def test_the_same_version_twice_has_nothing_to_show(client, alice, project):
    client.force_login(alice)

    html = client.get(url(project, 1, 1)).content.decode()

    assert "Nothing changed between version 1 and version 1." in html


def test_a_version_that_does_not_exist_is_named(client, alice, project):
    client.force_login(alice)

    response = client.get(url(project, 1, 9))

    assert read(response).summary == [("#id_to", "Choose a version from the list")]


def test_missing_numbers_are_named(client, alice, project):
    client.force_login(alice)

    response = client.get(f"/projects/{project.pk}/history/compare/")

    assert read(response).summary == [
        ("#id_from", "Choose a version to compare"),
        ("#id_to", "Choose a version to compare"),
    ]
