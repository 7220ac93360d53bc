from __future__ import annotations

import pytest

from loti.visibility import Visibility
from projects import playbooks
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import count_queries
from tests.projects.helpers import make_playbook


@pytest.fixture
def playbook(alice, camden):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice,
        playbook=playbook,
        changes={"steps": [{"key": "users", "title": "Talk to residents and staff"}]},
    )
    playbooks.playbook_publish(acting_user=alice, playbook=playbook, change_note="Staff too.")
    return playbook


def url(playbook) -> str:
    return f"/playbooks/{playbook.pk}/versions/"


def test_it_checks_ownership(client, alice, ivy, camden, supplier_user, playbook):
    for user, status in ((alice, 200), (ivy, 200), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(playbook)).status_code == status, user


def test_anonymous_person_sees_versions_of_public_playbooks_only(client, alice, camden, playbook):
    public = make_playbook(alice, camden, visibility=Visibility.PUBLIC)

    assert client.get(url(public)).status_code == 200
    assert client.get(url(playbook)).status_code == 404


def test_lists_every_version_with_its_change_note(client, alice, ivy, playbook):
    client.force_login(ivy)

    response = client.get(url(playbook))

    page = read(response)
    assert page.title == title("Versions of Running a chatbot discovery")
    assert [row[0] for row in page.rows] == ["2", "1"]
    assert page.rows[0][2] == "Staff too. Compare with version 1"
    html = response.content.decode()
    assert f'href="/playbooks/{playbook.pk}/versions/compare/?from=1&amp;to=2"' in html
    assert '<option value="1" selected>' in html


def test_query_count_does_not_grow_with_versions(client, alice, playbook):
    # session, user, unread notifications; the playbook with its owner; versions with
    # who published them: 5.
    client.force_login(alice)
    few = count_queries(client, url(playbook))
    for n in range(5):
        playbooks.playbook_draft_update(
            acting_user=alice, playbook=playbook, changes={"title": f"Title {n}"}
        )
        playbooks.playbook_publish(acting_user=alice, playbook=playbook, change_note=f"{n}")

    many = count_queries(client, url(playbook))

    assert many == few
    assert few <= 5
