from __future__ import annotations

import pytest

from projects.models import Playbook, PlaybookStep
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import sign_in_url
from tests.projects.helpers import make_playbook


@pytest.fixture
def playbook(alice, camden):
    return make_playbook(alice, camden, publish=False)


def url(playbook) -> str:
    return f"/playbooks/{playbook.pk}/edit/"


def form(**changes):
    """The edit form as the page sends it: details and the two steps, each with its key."""
    data = {
        "title": "Running a chatbot discovery",
        "summary": "How to find out whether residents need a chatbot.",
        "visibility": "network",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "2",
        "steps-0-key": "users",
        "steps-0-title": "Talk to residents",
        "steps-0-body": "Interview **ten** people.",
        "steps-1-key": "data",
        "steps-1-title": "Look at contact data",
        "steps-1-body": "Which calls repeat?",
    }
    data.update(changes)
    return data


def steps(playbook):
    return list(PlaybookStep.objects.filter(playbook=playbook).values_list("key", "title"))


def test_it_checks_ownership(client, alice, bob, ivy, charlie, camden):
    published = make_playbook(alice, camden)
    for user, status in ((alice, 200), (bob, 200), (ivy, 403), (charlie, 403)):
        client.force_login(user)
        assert client.get(url(published)).status_code == status, user


def test_a_draft_never_published_is_not_found_by_others(client, charlie, playbook):
    client.force_login(charlie)

    assert client.get(url(playbook)).status_code == 404
    assert client.post(url(playbook), form(title="Taken over")).status_code == 404


def test_anonymous_person_is_sent_to_sign_in(client, playbook):
    assert client.get(url(playbook))["Location"] == sign_in_url(url(playbook))


def test_the_steps_are_rows_that_keep_their_keys(client, alice, playbook):
    client.force_login(alice)

    response = client.get(url(playbook))

    assert read(response).title == title("Edit the draft of Running a chatbot discovery")
    html = response.content.decode()
    assert '<input type="hidden" name="steps-0-key" value="users"' in html
    assert 'value="Look at contact data"' in html


def test_saving_rewords_reorders_adds_and_removes_steps(client, alice, playbook):
    client.force_login(alice)

    response = client.post(
        url(playbook),
        form(
            **{
                "steps-TOTAL_FORMS": "3",
                "steps-0-title": "Talk to residents and staff",
                "steps-1-remove": "on",
                "steps-2-key": "",
                "steps-2-title": "Run a pilot",
                "steps-2-body": "",
            }
        ),
    )

    assert response["Location"] == f"/playbooks/{playbook.pk}/"
    saved = steps(playbook)
    assert saved[0] == ("users", "Talk to residents and staff")
    assert [title for _, title in saved] == ["Talk to residents and staff", "Run a pilot"]
    assert "The draft has been saved" in client.get(response["Location"]).content.decode()


def test_an_empty_new_row_is_not_a_step(client, alice, playbook):
    client.force_login(alice)

    client.post(url(playbook), form(**{"steps-TOTAL_FORMS": "3"}))

    assert steps(playbook) == [("users", "Talk to residents"), ("data", "Look at contact data")]


def test_add_another_step_shows_one_more_row_and_saves_nothing(client, alice, playbook):
    client.force_login(alice)

    response = client.post(
        url(playbook), form(add_step="yes", title="", **{"steps-0-title": "Reworded"})
    )

    assert response.status_code == 200
    page = read(response)
    # Not a save: no errors, even for the title left empty.
    assert page.summary == []
    html = response.content.decode()
    assert 'name="steps-2-title"' in html
    assert 'name="steps-3-title"' not in html
    assert 'value="Reworded"' in html
    assert steps(playbook) == [("users", "Talk to residents"), ("data", "Look at contact data")]
    assert Playbook.objects.get().title == "Running a chatbot discovery"


def test_a_step_without_a_title_is_named_on_its_row(client, alice, playbook):
    client.force_login(alice)

    response = client.post(url(playbook), form(**{"steps-1-title": "", "steps-1-body": "Text"}))

    assert read(response).summary == [("#id_steps-1-title", "Give every step a title.")]
    assert steps(playbook) == [("users", "Talk to residents"), ("data", "Look at contact data")]


def test_the_row_named_is_the_right_one_when_an_earlier_row_is_removed(client, alice, playbook):
    client.force_login(alice)

    response = client.post(
        url(playbook),
        form(**{"steps-0-remove": "on", "steps-1-title": "", "steps-1-body": "Text"}),
    )

    assert read(response).summary == [("#id_steps-1-title", "Give every step a title.")]


def test_details_errors_are_named(client, alice, playbook):
    client.force_login(alice)

    response = client.post(url(playbook), form(title="", visibility="shared"))

    assert read(response).summary == [("#id_title", "Enter a playbook title")]
    assert Playbook.objects.get().title == "Running a chatbot discovery"


def test_an_archived_playbook_cannot_be_edited(client, alice, camden):
    from projects import playbooks

    published = make_playbook(alice, camden)
    playbooks.playbook_archive(acting_user=alice, playbook=published)
    client.force_login(alice)

    response = client.post(url(published), form(title="Changed"))

    assert read(response).summary[0][1] == "This playbook is archived."
    assert Playbook.objects.get().title == "Running a chatbot discovery"
