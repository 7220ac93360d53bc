from __future__ import annotations

import pytest

from projects import playbooks
from tests.frontend.helpers import read, title
from tests.projects.helpers import make_playbook


@pytest.fixture
def playbook(alice, camden):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice,
        playbook=playbook,
        changes={
            "steps": [
                {"key": "pilot", "title": "Run a pilot"},
                {"key": "users", "title": "Talk to residents and staff"},
            ]
        },
    )
    playbooks.playbook_publish(acting_user=alice, playbook=playbook, change_note="Pilot step.")
    return playbook


def url(playbook, older=1, newer=2) -> str:
    return f"/playbooks/{playbook.pk}/versions/compare/?from={older}&to={newer}"


def test_it_checks_ownership(client, alice, ivy, supplier_user, playbook):
    for user, status in ((alice, 200), (ivy, 200), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(playbook)).status_code == status, user


def test_anonymous_person_gets_404_for_a_network_playbook(client, playbook):
    assert client.get(url(playbook)).status_code == 404


def test_names_the_steps_added_removed_and_changed(client, ivy, playbook):
    client.force_login(ivy)

    response = client.get(url(playbook))

    assert read(response).title == title("Compare versions of Running a chatbot discovery")
    html = response.content.decode()
    for text in (
        "From version 1 to version 2",
        "Steps added",
        "Run a pilot",
        "Steps removed",
        "Look at contact data",
        "Steps reworded",
        "Talk to residents and staff",
        "Pilot step.",
    ):
        assert text in html, text


def test_a_version_that_does_not_exist_is_named(client, ivy, playbook):
    client.force_login(ivy)

    response = client.get(url(playbook, 1, 5))

    assert read(response).summary == [("#id_to", "Choose a version from the list")]
