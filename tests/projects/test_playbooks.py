from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.api.errors import ApplicationError
from loti.visibility import Visibility
from projects import playbooks
from projects.models import Adoption, AdoptionStep, PlaybookVersion
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_playbook

pytestmark = pytest.mark.django_db


def test_publishing_creates_numbered_immutable_versions(api, alice, camden):
    playbook = make_playbook(alice, camden)
    client = api(alice)
    client.patch(
        f"/api/playbooks/{playbook.pk}/",
        {
            "steps": [
                {
                    "key": "users",
                    "title": "Talk to residents and staff",
                    "body": "Interview ten people.",
                },
                {"key": "pilot", "title": "Run a pilot"},
            ]
        },
    )
    response = client.post(f"/api/playbooks/{playbook.pk}/publish/", {"change_note": "Pilot step."})
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 2
    first = PlaybookVersion.objects.get(playbook=playbook, number=1)
    assert [s["title"] for s in first.steps] == ["Talk to residents", "Look at contact data"]


def test_readers_see_the_latest_published_version_not_the_draft(api, alice, charlie, camden):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice,
        playbook=playbook,
        changes={"steps": [{"key": "users", "title": "Unpublished wording"}]},
    )
    body = api(charlie).get(f"/api/playbooks/{playbook.pk}/").json()
    assert body["version"] == 1
    assert [s["title"] for s in body["steps"]] == ["Talk to residents", "Look at contact data"]
    assert "draft_steps" not in body
    assert api(alice).get(f"/api/playbooks/{playbook.pk}/").json()["draft_steps"][0]["title"] == (
        "Unpublished wording"
    )


def test_compare_versions_names_added_removed_and_changed_steps(api, alice, charlie, camden):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice,
        playbook=playbook,
        changes={
            "steps": [
                {"key": "users", "title": "Talk to residents and staff"},
                {"key": "pilot", "title": "Run a pilot"},
            ]
        },
    )
    playbooks.playbook_publish(acting_user=alice, playbook=playbook, change_note="v2")
    response = api(charlie).get(f"/api/playbooks/{playbook.pk}/versions/compare/?from=1&to=2")
    assert response.json() == {
        "added": ["Run a pilot"],
        "removed": ["Look at contact data"],
        "changed": ["Talk to residents and staff"],
        "moved": [],
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=1&to=3", "to"),
        ("?from=0&to=1", "from"),
        ("?from=one&to=1", "from"),
        ("?to=1", "from"),
    ],
)
def test_comparing_a_version_that_does_not_exist_names_it(api, alice, camden, query, field):
    playbook = make_playbook(alice, camden)

    response = api(alice).get(f"/api/playbooks/{playbook.pk}/versions/compare/{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_publish_needs_a_change_note_and_a_change(api, alice, camden):
    playbook = make_playbook(alice, camden)
    client = api(alice)
    assert (
        client.post(f"/api/playbooks/{playbook.pk}/publish/", {"change_note": ""}).status_code
        == 400
    )
    response = client.post(f"/api/playbooks/{playbook.pk}/publish/", {"change_note": "Again"})
    assert response.status_code == 409
    assert list(playbook.versions.values_list("number", flat=True)) == [1]


def test_draft_is_invisible_to_other_boroughs(api, alice, charlie, camden):
    playbook = make_playbook(alice, camden, publish=False)
    assert api(charlie).get(f"/api/playbooks/{playbook.pk}/").status_code == 404
    assert api(alice).get(f"/api/playbooks/{playbook.pk}/").status_code == 200


def test_private_playbook_is_404_for_outsider_and_anonymous(api, alice, charlie, camden):
    playbook = make_playbook(alice, camden, visibility=Visibility.PRIVATE)
    assert api(charlie).get(f"/api/playbooks/{playbook.pk}/").status_code == 404
    assert api(None).get(f"/api/playbooks/{playbook.pk}/").status_code == 404


def test_member_of_another_borough_cannot_edit_or_publish(api, alice, charlie, camden):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice, playbook=playbook, changes={"title": "Camden's next draft"}
    )
    assert api(charlie).patch(f"/api/playbooks/{playbook.pk}/", {"title": "X"}).status_code == 403
    response = api(charlie).post(f"/api/playbooks/{playbook.pk}/publish/", {"change_note": "x"})
    assert response.status_code == 403
    playbook.refresh_from_db()
    assert playbook.title == "Camden's next draft"
    assert playbook.versions.count() == 1


def test_adopting_borough_tracks_progress_per_step(api, alice, charlie, camden, hackney):
    playbook = make_playbook(alice, camden)
    response = api(charlie).post(
        f"/api/playbooks/{playbook.pk}/adopt/", {"organisation": hackney.slug}
    )
    assert response.status_code == 201, response.json()
    adoption_id = response.json()["id"]
    assert [s["status"] for s in response.json()["steps"]] == ["not_started", "not_started"]
    step = api(charlie).patch(
        f"/api/adoptions/{adoption_id}/steps/users/", {"status": "done", "notes": "Interviewed 12."}
    )
    assert step.status_code == 200
    assert AdoptionStep.objects.get(adoption_id=adoption_id, key="users").notes == "Interviewed 12."
    # The owner sees the adopter's progress but cannot change it.
    assert api(alice).get(f"/api/adoptions/{adoption_id}/").status_code == 200
    assert (
        api(alice)
        .patch(f"/api/adoptions/{adoption_id}/steps/users/", {"status": "in_progress"})
        .status_code
        == 403
    )
    assert AdoptionStep.objects.get(adoption_id=adoption_id, key="users").status == "done"


def test_source_lists_the_boroughs_that_adopted_it(api, alice, charlie, camden, hackney):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_adopt(acting_user=charlie, playbook=playbook, organisation=hackney)
    body = api(alice).get(f"/api/playbooks/{playbook.pk}/").json()
    assert [o["slug"] for o in body["adopted_by"]] == [hackney.slug]
    listed = api(alice).get("/api/playbooks/").json()["results"]
    assert listed[0]["adoption_count"] == 1


def test_adopting_twice_is_a_conflict_and_unknown_step_is_400(api, alice, charlie, camden, hackney):
    playbook = make_playbook(alice, camden)
    url = f"/api/playbooks/{playbook.pk}/adopt/"
    assert api(charlie).post(url, {"organisation": hackney.slug}).status_code == 201
    assert api(charlie).post(url, {"organisation": hackney.slug}).status_code == 409
    adoption = Adoption.objects.get()
    response = api(charlie).patch(f"/api/adoptions/{adoption.pk}/steps/nope/", {"status": "done"})
    assert response.status_code == 400
    assert "key" in response.json()["fields"]


def test_outsider_cannot_see_someone_elses_adoption(api, alice, charlie, camden, hackney):
    playbook = make_playbook(alice, camden)
    adoption = playbooks.playbook_adopt(
        acting_user=charlie, playbook=playbook, organisation=hackney
    )
    lambeth_officer = member_of(OrganisationFactory())
    assert api(lambeth_officer).get(f"/api/adoptions/{adoption.pk}/").status_code == 404
    # TokenAuthentication comes first, so a missing sign-in is 401 with WWW-Authenticate.
    assert api(None).get(f"/api/adoptions/{adoption.pk}/").status_code == 401


def test_adopters_are_notified_of_a_new_version_with_what_changed(alice, charlie, camden, hackney):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_adopt(acting_user=charlie, playbook=playbook, organisation=hackney)
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
    from loti.notifications.models import Notification

    playbooks.playbook_publish(acting_user=alice, playbook=playbook, change_note="Adds a pilot.")
    notification = Notification.objects.get(recipient=charlie)
    assert notification.title == "Running a chatbot discovery: version 2 is published"
    assert "Adds a pilot." in notification.body
    assert "Added: Run a pilot" in notification.body
    assert "Removed: Look at contact data" in notification.body
    assert not Notification.objects.filter(recipient=alice).exists()


def test_playbook_list_query_count_does_not_grow(api, alice, camden):
    # One query: playbooks visible to the user, their owners and adoption counts.
    make_playbook(alice, camden)
    client = api(alice)

    with CaptureQueriesContext(connection) as few:
        client.get("/api/playbooks/")
    for n in range(6):
        make_playbook(alice, camden, title=f"Playbook {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/playbooks/").json()["results"]) == 7
    assert len(many) == len(few)


def test_playbooks_are_listed_newest_first(alice, camden):
    from projects.selectors import playbooks_visible_to

    first = make_playbook(alice, camden, title="First")
    second = make_playbook(alice, camden, title="Second")

    listed = playbooks_visible_to(user=alice)

    # Counting adoptions groups the rows, which drops Meta.ordering unless it is restated.
    assert listed.ordered
    assert list(listed) == [second, first]


def test_progress_of_several_steps_is_saved_all_or_nothing(alice, camden):
    hackney = OrganisationFactory.create(slug="hackney-progress")
    officer = member_of(hackney)
    playbook = make_playbook(alice, camden)
    adoption = playbooks.playbook_adopt(
        acting_user=officer, playbook=playbook, organisation=hackney
    )

    with pytest.raises(ApplicationError):
        playbooks.adoption_progress_update(
            acting_user=officer,
            adoption=adoption,
            steps={"users": ("done", "Spoke to ten."), "data": ("finished", None)},
        )
    assert set(AdoptionStep.objects.values_list("status", flat=True)) == {"not_started"}

    playbooks.adoption_progress_update(
        acting_user=officer,
        adoption=adoption,
        steps={"users": ("done", "Spoke to ten."), "data": ("in_progress", None)},
    )
    assert dict(AdoptionStep.objects.values_list("key", "status")) == {
        "users": "done",
        "data": "in_progress",
    }
