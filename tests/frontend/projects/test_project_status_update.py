from __future__ import annotations

from projects.models import StatusUpdate
from tests.frontend.helpers import read
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/updates/"


def test_it_checks_ownership(client, alice, bob, ivy, dana, charlie, project):
    # The project's organisations post updates; readers and co-authors may not.
    for user, status in ((alice, 302), (bob, 302), (ivy, 403), (dana, 403), (charlie, 404)):
        client.force_login(user)
        response = client.post(url(project), {"update-body": "Pilot started."})
        assert response.status_code == status, user
    assert StatusUpdate.objects.count() == 2


def test_anonymous_person_is_sent_to_sign_in(client, public_project):
    response = client.post(url(public_project), {"update-body": "Pilot started."})

    assert response["Location"] == sign_in_url(url(public_project))
    assert not StatusUpdate.objects.exists()


def test_update_is_on_the_timeline(client, alice, project):
    client.force_login(alice)

    response = client.post(url(project), {"update-body": "Pilot started in two estates."})

    html = client.get(response["Location"]).content.decode()
    assert "Your status update has been posted" in html
    assert "Pilot started in two estates." in html


def test_empty_update_is_named(client, alice, project):
    client.force_login(alice)

    response = client.post(url(project), {"update-body": ""})

    assert read(response).summary == [("#id_update-body", "Enter the status update")]
    assert not StatusUpdate.objects.exists()
