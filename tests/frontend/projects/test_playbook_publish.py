from __future__ import annotations

import pytest

from projects import playbooks
from projects.models import PlaybookVersion
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import sign_in_url
from tests.projects.helpers import make_playbook


@pytest.fixture
def playbook(alice, camden):
    return make_playbook(alice, camden, publish=False)


def url(playbook) -> str:
    return f"/playbooks/{playbook.pk}/publish/"


def test_it_checks_ownership(client, alice, bob, ivy, charlie, camden):
    published = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice, playbook=published, changes={"title": "New title"}
    )
    form = {"publish-change_note": "Retitled."}
    for user, status in ((ivy, 403), (charlie, 403), (bob, 302)):
        client.force_login(user)
        assert client.post(url(published), form).status_code == status, user
    assert PlaybookVersion.objects.filter(playbook=published).count() == 2


def test_anonymous_person_is_sent_to_sign_in(client, playbook):
    response = client.post(url(playbook), {"publish-change_note": "First."})

    assert response["Location"] == sign_in_url(url(playbook))
    assert not PlaybookVersion.objects.exists()


def test_publishing_makes_version_one(client, alice, playbook):
    client.force_login(alice)

    response = client.post(url(playbook), {"publish-change_note": "First version."})

    assert response["Location"] == f"/playbooks/{playbook.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Version 1 has been published" in html
    version = PlaybookVersion.objects.get()
    assert (version.number, version.change_note) == (1, "First version.")


def test_a_missing_change_note_is_named(client, alice, playbook):
    client.force_login(alice)

    response = client.post(url(playbook), {"publish-change_note": ""})

    page = read(response)
    assert page.title == title("Error: Running a chatbot discovery")
    assert page.summary == [("#id_publish-change_note", "Enter what has changed in this version")]
    assert not PlaybookVersion.objects.exists()


def test_nothing_changed_is_said_on_the_form(client, alice, camden):
    published = make_playbook(alice, camden)
    client.force_login(alice)

    response = client.post(url(published), {"publish-change_note": "Again."})

    assert read(response).summary == [
        ("#id_publish-change_note", "Nothing has changed since the last version.")
    ]
    assert PlaybookVersion.objects.count() == 1


def test_outsider_gets_404_for_a_private_playbook(client, alice, charlie, camden):
    from loti.visibility import Visibility

    private = make_playbook(alice, camden, visibility=Visibility.PRIVATE)
    playbooks.playbook_draft_update(acting_user=alice, playbook=private, changes={"title": "New"})
    client.force_login(charlie)

    response = client.post(url(private), {"publish-change_note": "Retitled."})

    assert response.status_code == 404
    assert PlaybookVersion.objects.filter(playbook=private).count() == 1
