from __future__ import annotations

import pytest

from loti.api.errors import ApplicationError
from loti.visibility import Visibility
from projects import collaboration, services
from projects.models import Comment, Follow, PartnerInterest, Project, PublicFeedback
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_project(alice, camden) -> Project:
    return make_project(alice, camden, visibility=Visibility.PUBLIC)


@pytest.fixture
def private_project(alice, camden) -> Project:
    return make_project(alice, camden, title="Private work")


class TestRevisions:
    def test_compare_shows_a_diff_of_text_fields(self, api, alice, private_project):
        api(alice).patch(
            f"/api/projects/{private_project.pk}/",
            {"summary": "A new summary."},
            HTTP_IF_MATCH=f'"project-{private_project.pk}-v1"',
        )
        response = api(alice).get(
            f"/api/projects/{private_project.pk}/revisions/compare/?from=1&to=2"
        )
        assert response.status_code == 200
        [change] = response.json()
        assert change["field"] == "summary"
        assert "+A new summary." in change["diff"]

    def test_compare_with_a_number_no_revision_can_have_names_that_field(
        self, api, alice, private_project
    ):
        # Larger than any integer column holds: refused as missing, not a server error.
        url = f"/api/projects/{private_project.pk}/revisions/compare/?from=1&to={10**20}"

        response = api(alice).get(url)

        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"to"}

    def test_history_lists_who_changed_what(self, api, alice, bob, private_project):
        api(bob).patch(
            f"/api/projects/{private_project.pk}/",
            {"phase": "discovery"},
            HTTP_IF_MATCH=f'"project-{private_project.pk}-v1"',
        )
        rows = api(alice).get(f"/api/projects/{private_project.pk}/revisions/").json()
        assert next((r["number"], r["author"], r["changed_fields"]) for r in rows) == (
            2,
            bob.full_name,
            ["phase"],
        )

    def test_outsider_and_anonymous_get_404(self, api, charlie, private_project):
        url = f"/api/projects/{private_project.pk}/revisions/"
        assert api(charlie).get(url).status_code == 404
        assert api(None).get(url).status_code == 404

    def test_unknown_revision_is_400_naming_it(self, api, alice, private_project):
        response = api(alice).get(
            f"/api/projects/{private_project.pk}/revisions/compare/?from=1&to=9"
        )
        assert response.status_code == 400
        assert "to" in response.json()["fields"]


class TestFollowAndComments:
    def test_anyone_who_can_see_may_follow_and_comment(self, api, charlie, public_project):
        client = api(charlie)
        assert client.post(f"/api/projects/{public_project.pk}/follow/").status_code == 204
        assert Follow.objects.filter(user=charlie, project=public_project).exists()
        response = client.post(
            f"/api/projects/{public_project.pk}/comments/", {"body": "We did this too."}
        )
        assert response.status_code == 201
        assert client.get(f"/api/projects/{public_project.pk}/comments/").json()[0]["body"] == (
            "We did this too."
        )

    def test_outsider_cannot_comment_on_private(self, api, charlie, private_project):
        response = api(charlie).post(f"/api/projects/{private_project.pk}/comments/", {"body": "x"})
        assert response.status_code == 404
        assert not Comment.objects.exists()

    def test_anonymous_cannot_comment(self, api, public_project):
        response = api(None).post(f"/api/projects/{public_project.pk}/comments/", {"body": "x"})
        assert response.status_code == 401
        assert not Comment.objects.exists()

    def test_empty_comment_is_400(self, api, alice, private_project):
        response = api(alice).post(f"/api/projects/{private_project.pk}/comments/", {"body": "  "})
        assert response.status_code == 400
        assert "body" in response.json()["fields"]


class TestPublicFeedback:
    def test_public_feedback_is_held_until_approved(self, api, alice, public_project):
        response = api(None).post(
            f"/api/projects/{public_project.pk}/feedback/",
            {"body": "Please add a phone option.", "name": "Resident"},
        )
        assert response.status_code == 201
        assert api(None).get(f"/api/projects/{public_project.pk}/feedback/").json() == []
        feedback = PublicFeedback.objects.get()
        assert (
            api(alice).post(f"/api/feedback/{feedback.pk}/moderate/", {"approve": True}).status_code
            == 200
        )
        shown = api(None).get(f"/api/projects/{public_project.pk}/feedback/").json()
        assert [f["body"] for f in shown] == ["Please add a phone option."]

    def test_feedback_only_on_public_projects(self, api, alice, camden):
        project = make_project(alice, camden, visibility=Visibility.NETWORK)
        response = api(alice).post(f"/api/projects/{project.pk}/feedback/", {"body": "x"})
        assert response.status_code == 400
        assert not PublicFeedback.objects.exists()

    def test_outsider_cannot_moderate(self, api, charlie, public_project):
        feedback = collaboration.feedback_submit(project=public_project, body="Hello")
        response = api(charlie).post(f"/api/feedback/{feedback.pk}/moderate/", {"approve": True})
        assert response.status_code == 404
        feedback.refresh_from_db()
        assert feedback.status == PublicFeedback.Status.PENDING

    def test_only_the_lead_organisations_members_moderate(
        self, api, alice, bob, hackney, public_project
    ):
        # A co-author from another borough, and a partner borough's officer: both work
        # on the project, neither moderates what the public says about it.
        coauthor = member_of(OrganisationFactory.create(slug="lambeth-test"))
        services.project_coauthor_add(acting_user=alice, project=public_project, user=coauthor)
        public_project.partners.add(hackney)
        partner = member_of(hackney)
        pending = collaboration.feedback_submit(project=public_project, body="Hello")
        published = collaboration.feedback_submit(project=public_project, body="Thanks")
        collaboration.feedback_moderate(acting_user=alice, feedback=published, approve=True)

        for person in (coauthor, partner):
            client = api(person)
            # Feedback waiting for moderation is hidden from them, as from anyone else;
            # what is published they see, but may not moderate.
            assert (
                client.post(f"/api/feedback/{pending.pk}/moderate/", {"approve": True}).status_code
                == 404
            )
            refused = client.post(f"/api/feedback/{published.pk}/moderate/", {"approve": False})
            assert refused.status_code == 403
            assert "Only members of" in refused.json()["message"]
            listed = client.get(f"/api/projects/{public_project.pk}/feedback/").json()
            assert [f["body"] for f in listed] == ["Thanks"]
        pending.refresh_from_db()
        assert pending.status == PublicFeedback.Status.PENDING

        moderated = api(bob).post(f"/api/feedback/{pending.pk}/moderate/", {"approve": True})
        assert moderated.status_code == 200

    def test_the_service_refuses_a_co_author_too(self, alice, public_project):
        coauthor = member_of(OrganisationFactory.create(slug="lambeth-test"))
        services.project_coauthor_add(acting_user=alice, project=public_project, user=coauthor)
        feedback = collaboration.feedback_submit(project=public_project, body="Hello")

        with pytest.raises(ApplicationError) as refused:
            collaboration.feedback_moderate(acting_user=coauthor, feedback=feedback, approve=True)

        assert refused.value.status_code == 403
        feedback.refresh_from_db()
        assert feedback.status == PublicFeedback.Status.PENDING

    def test_feedback_is_rate_limited(self, api, public_project, settings):
        from django.core.cache import cache

        cache.clear()
        client = api(None)
        codes = [
            client.post(
                f"/api/projects/{public_project.pk}/feedback/", {"body": f"Note {n}"}
            ).status_code
            for n in range(7)
        ]
        assert codes[:5] == [201] * 5
        assert codes[5:] == [429, 429]
        assert PublicFeedback.objects.count() == 5


class TestPartnerInterest:
    def test_lead_accepts_and_the_borough_becomes_a_partner(
        self, api, alice, charlie, hackney, camden
    ):
        project = make_project(alice, camden, visibility=Visibility.NETWORK)
        response = api(charlie).post(
            f"/api/projects/{project.pk}/interest/",
            {"organisation": hackney.slug, "message": "We run the same service."},
        )
        assert response.status_code == 201, response.json()
        interest_id = response.json()["id"]
        assert (
            api(charlie).post(f"/api/interests/{interest_id}/answer/", {"accept": True}).status_code
            == 403
        )
        # The borough that asked cannot let itself in.
        assert PartnerInterest.objects.get(pk=interest_id).status == PartnerInterest.Status.PENDING
        assert not project.partners.exists()
        assert (
            api(alice).post(f"/api/interests/{interest_id}/answer/", {"accept": True}).status_code
            == 200
        )
        assert project.partners.filter(pk=hackney.pk).exists()
        # As a partner, Hackney may now edit.
        response = api(charlie).patch(
            f"/api/projects/{project.pk}/",
            {"summary": "Joint work."},
            HTTP_IF_MATCH=f'"project-{project.pk}-v1"',
        )
        assert response.status_code == 200

    def test_asking_twice_while_pending_is_a_conflict(self, api, alice, charlie, hackney, camden):
        project = make_project(alice, camden, visibility=Visibility.NETWORK)
        url = f"/api/projects/{project.pk}/interest/"
        assert api(charlie).post(url, {"organisation": hackney.slug}).status_code == 201
        assert api(charlie).post(url, {"organisation": hackney.slug}).status_code == 409
        assert PartnerInterest.objects.count() == 1


class TestAdoptProject:
    def test_adopting_makes_a_private_linked_copy(self, api, alice, charlie, camden, hackney):
        project = make_project(alice, camden, visibility=Visibility.NETWORK, themes=["housing"])
        response = api(charlie).post(
            f"/api/projects/{project.pk}/adopt/", {"organisation": hackney.slug}
        )
        assert response.status_code == 201, response.json()
        copy = Project.objects.get(pk=response.json()["id"])
        assert (copy.lead_organisation, copy.visibility, copy.adopted_from) == (
            hackney,
            Visibility.PRIVATE,
            project,
        )
        assert copy.themes == ["housing"]
        assert [
            p["id"] for p in api(charlie).get(f"/api/projects/{project.pk}/adoptions/").json()
        ] == [copy.pk]
        # Camden cannot see Hackney's private copy, but sees that Hackney adopted it.
        assert api(alice).get(f"/api/projects/{project.pk}/adoptions/").json() == []
        adopted_by = api(alice).get(f"/api/projects/{project.pk}/").json()["adopted_by"]
        assert adopted_by == [{"slug": hackney.slug, "name": hackney.name}]

    def test_cannot_adopt_for_an_organisation_you_are_not_in(self, api, charlie, alice, camden):
        project = make_project(alice, camden, visibility=Visibility.NETWORK)
        other = OrganisationFactory()
        response = api(charlie).post(
            f"/api/projects/{project.pk}/adopt/", {"organisation": other.slug}
        )
        assert response.status_code == 400
        assert "organisation" in response.json()["fields"]
        assert not Project.objects.filter(adopted_from=project).exists()
