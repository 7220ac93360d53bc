from __future__ import annotations

import re

import pytest

from projects import playbooks
from projects.models import AdoptionStep
from tests.factories import member_of
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import sign_in_url
from tests.projects.helpers import make_playbook


@pytest.fixture
def playbook(alice, camden):
    return make_playbook(alice, camden)


@pytest.fixture
def adoption(playbook, charlie, hackney):
    return playbooks.playbook_adopt(acting_user=charlie, playbook=playbook, organisation=hackney)


def url(adoption) -> str:
    return f"/adoptions/{adoption.pk}/"


def form(**changes):
    data = {"step1_status": "not_started", "step1_notes": "", "step2_status": "not_started"}
    data.update(changes)
    return data


def progress(adoption):
    return dict(AdoptionStep.objects.filter(adoption=adoption).values_list("key", "status"))


def test_it_checks_ownership(client, alice, charlie, ivy, adoption):
    # The adopting organisation and the playbook's owner see it; others do not.
    for user, status in ((charlie, 200), (alice, 200), (ivy, 404)):
        client.force_login(user)
        assert client.get(url(adoption)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, adoption):
    assert client.get(url(adoption))["Location"] == sign_in_url(url(adoption))
    assert client.post(url(adoption), form(step1_status="done"))["Location"] == sign_in_url(
        url(adoption)
    )


def test_shows_each_step_of_the_adopted_version_with_its_status(client, charlie, adoption):
    client.force_login(charlie)

    response = client.get(url(adoption))

    page = read(response)
    assert page.title == title("Hackney (test): Running a chatbot discovery")
    html = response.content.decode()
    assert "1. Talk to residents" in html
    assert "Interview <strong>ten</strong> people." in html
    assert 'name="step1_status" type="radio" value="not_started" checked' in html


def test_saving_marks_steps_with_their_notes(client, charlie, adoption):
    client.force_login(charlie)

    response = client.post(
        url(adoption),
        form(step1_status="done", step1_notes="Twelve residents.", step2_status="in_progress"),
    )

    assert response["Location"] == url(adoption)
    assert progress(adoption) == {"users": "done", "data": "in_progress"}
    assert AdoptionStep.objects.get(key="users").notes == "Twelve residents."
    html = client.get(url(adoption)).content.decode()
    assert "Your progress has been saved" in html
    assert re.search(r'id="step-1-status">\s*Done\s*</div>', html)


def test_a_missing_status_is_named_and_nothing_is_saved(client, charlie, adoption):
    client.force_login(charlie)

    response = client.post(url(adoption), {"step1_status": "done"})

    assert read(response).summary == [("#id_step2_status", "Choose the step's status")]
    assert progress(adoption) == {"users": "not_started", "data": "not_started"}


def test_the_playbooks_owner_reads_but_cannot_change_progress(client, alice, adoption):
    client.force_login(alice)

    html = client.get(url(adoption)).content.decode()
    response = client.post(url(adoption), form(step1_status="done"))

    assert 'name="step1_status"' not in html
    assert response.status_code == 403
    assert progress(adoption) == {"users": "not_started", "data": "not_started"}


def test_another_member_of_the_adopter_may_save(client, hackney, adoption):
    client.force_login(member_of(hackney))

    client.post(url(adoption), form(step2_status="not_applicable"))

    assert progress(adoption)["data"] == "not_applicable"


def test_a_newer_version_is_announced_with_what_changed(client, alice, charlie, playbook, adoption):
    playbooks.playbook_draft_update(
        acting_user=alice,
        playbook=playbook,
        changes={
            "steps": [
                {"key": "users", "title": "Talk to residents"},
                {"key": "pilot", "title": "Run a pilot"},
            ]
        },
    )
    playbooks.playbook_publish(acting_user=alice, playbook=playbook, change_note="A pilot.")
    client.force_login(charlie)

    html = client.get(url(adoption)).content.decode()

    assert "Version 2 of this playbook was published" in html
    assert "You are following version 1." in html
    assert "Run a pilot" in html
    assert "Look at contact data" in html
    # Progress stays on the version adopted.
    assert 'name="step2_status"' in html
