from __future__ import annotations

from projects.models import Project
from tests.frontend.helpers import read, text
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/coauthors/"


def test_it_checks_ownership(client, alice, ivy, dana, charlie, project):
    # The lead organisation's members add co-authors.
    form = {"coauthor-email": charlie.email}
    for user, status in ((ivy, 403), (dana, 403), (charlie, 404), (alice, 302)):
        client.force_login(user)
        assert client.post(url(project), form).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, charlie, project):
    response = client.post(url(project), {"coauthor-email": charlie.email})

    assert response["Location"] == sign_in_url(url(project))
    assert not Project.objects.visible_to(charlie).exists()


def test_co_author_can_then_see_and_edit_the_project(client, alice, charlie, project):
    client.force_login(alice)

    response = client.post(url(project), {"coauthor-email": charlie.email.upper()})

    assert f"{charlie.full_name} can now see and edit this project" in text(
        client.get(response["Location"])
    )
    client.force_login(charlie)
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 200


def test_unknown_address_is_named(client, alice, project):
    client.force_login(alice)

    response = client.post(url(project), {"coauthor-email": "nobody@example.org"})

    assert read(response).summary == [
        ("#id_coauthor-email", "Nobody with this email address has an account")
    ]


def test_badly_formed_address_is_named(client, alice, project):
    client.force_login(alice)

    response = client.post(url(project), {"coauthor-email": "not an address"})

    assert read(response).summary == [
        (
            "#id_coauthor-email",
            "Enter an email address in the correct format, like name@example.com",
        )
    ]
