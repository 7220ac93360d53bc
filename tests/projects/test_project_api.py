from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from loti.api.errors import ApplicationError
from loti.audit.models import AuditEvent
from loti.visibility import Visibility
from projects import services
from projects.models import Project, ProjectRevision
from tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def make_project(user, organisation, **fields) -> Project:
    fields.setdefault("title", "Assistive technology pilot")
    fields.setdefault("summary", "Sensors that help people live at home for longer.")
    return services.project_create(acting_user=user, lead_organisation=organisation, **fields)


def titles(response) -> set[str]:
    return {row["title"] for row in response.json()["results"]}


class TestVisibility:
    @pytest.fixture
    def projects(self, alice, camden, hackney):
        lambeth = OrganisationFactory(slug="lambeth-test")
        return {
            level: make_project(
                alice,
                camden,
                title=f"{level} project",
                visibility=level,
                shared_with=[lambeth.slug] if level == Visibility.SHARED else [],
            )
            for level in Visibility.values
        } | {"lambeth": lambeth}

    def test_owner_sees_every_level(self, api, alice, projects):
        assert titles(api(alice).get("/api/projects/")) == {
            "private project",
            "shared project",
            "network project",
            "public project",
        }

    def test_member_of_shared_with_borough_sees_shared_not_private(self, api, projects):
        lambeth_officer = member_of(projects["lambeth"])
        assert titles(api(lambeth_officer).get("/api/projects/")) == {
            "shared project",
            "network project",
            "public project",
        }

    def test_other_borough_sees_network_and_public(self, api, charlie, projects):
        assert titles(api(charlie).get("/api/projects/")) == {"network project", "public project"}

    def test_supplier_sees_public_only(self, api, supplier_user, projects):
        assert titles(api(supplier_user).get("/api/projects/")) == {"public project"}

    def test_anonymous_sees_public_only(self, api, projects):
        assert titles(api(None).get("/api/projects/")) == {"public project"}

    def test_coauthor_from_another_borough_sees_and_edits_private(
        self, api, alice, charlie, projects
    ):
        private = projects[Visibility.PRIVATE]
        services.project_coauthor_add(acting_user=alice, project=private, user=charlie)
        assert "private project" in titles(api(charlie).get("/api/projects/"))
        response = api(charlie).patch(
            f"/api/projects/{private.pk}/",
            {"summary": "Edited by a co-author."},
            HTTP_IF_MATCH=f'"project-{private.pk}-v1"',
        )
        assert response.status_code == 200, response.json()

    def test_outsider_gets_404_for_private_detail(self, api, charlie, projects):
        response = api(charlie).get(f"/api/projects/{projects[Visibility.PRIVATE].pk}/")
        assert response.status_code == 404
        assert response.json() == {"message": "Not found.", "fields": {}}

    def test_anonymous_gets_public_detail_and_404_for_network(self, api, projects):
        assert api(None).get(f"/api/projects/{projects[Visibility.PUBLIC].pk}/").status_code == 200
        assert api(None).get(f"/api/projects/{projects[Visibility.NETWORK].pk}/").status_code == 404

    def test_list_query_count_does_not_grow_with_rows(self, api, alice, camden):
        # 1 membership subqueries are inlined: one SELECT of projects + lead organisations.
        make_project(alice, camden, visibility=Visibility.NETWORK)
        client = api(alice)
        with CaptureQueriesContext(connection) as few:
            client.get("/api/projects/")
        for n in range(10):
            make_project(alice, camden, title=f"Project {n}", visibility=Visibility.NETWORK)
        with CaptureQueriesContext(connection) as many:
            assert len(client.get("/api/projects/").json()["results"]) == 11
        assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


class TestCreate:
    def test_officer_creates_a_shared_project(self, api, alice, hackney):
        response = api(alice).post(
            "/api/projects/",
            {
                "title": "Chatbot for council tax",
                "summary": "Answers residents' questions.",
                "visibility": "shared",
                "shared_with": [hackney.slug],
                "themes": ["data"],
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["shared_with"] == [hackney.slug]
        assert response["ETag"] == f'"project-{body["id"]}-v1"'
        assert ProjectRevision.objects.filter(project_id=body["id"], number=1).exists()
        assert AuditEvent.objects.filter(verb="project.created", target_id=str(body["id"])).exists()

    def test_unknown_theme_is_refused_naming_the_field(self, api, alice):
        response = api(alice).post(
            "/api/projects/", {"title": "T", "summary": "S", "themes": ["astrology"]}
        )
        assert response.status_code == 400
        assert "themes" in response.json()["fields"]
        assert not Project.objects.exists()

    def test_sharing_with_a_supplier_is_refused(self, api, alice, acme):
        response = api(alice).post(
            "/api/projects/",
            {"title": "T", "summary": "S", "visibility": "shared", "shared_with": [acme.slug]},
        )
        assert response.status_code == 400
        assert "shared_with" in response.json()["fields"]
        assert not Project.objects.exists()

    def test_public_project_past_alpha_needs_the_charter_statements(self, api, alice):
        response = api(alice).post(
            "/api/projects/",
            {"title": "T", "summary": "S", "visibility": "public", "phase": "beta"},
        )
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"charter_technology", "charter_inclusivity"}
        assert not Project.objects.exists()

    def test_supplier_cannot_create_a_project(self, api, supplier_user):
        response = api(supplier_user).post("/api/projects/", {"title": "T", "summary": "S"})
        assert response.status_code == 400
        assert "lead_organisation" in response.json()["fields"]

    def test_anonymous_cannot_create(self, api):
        assert api(None).post("/api/projects/", {"title": "T", "summary": "S"}).status_code in {
            401,
            403,
        }


class TestConcurrentEdits:
    @pytest.fixture
    def project(self, alice, camden) -> Project:
        return make_project(alice, camden)

    def test_patch_without_if_match_is_428(self, api, alice, project):
        response = api(alice).patch(f"/api/projects/{project.pk}/", {"title": "New"})
        assert response.status_code == 428
        assert "If-Match" in response.json()["fields"]

    def test_stale_if_match_is_412_and_nothing_changes(self, api, alice, bob, project):
        url = f"/api/projects/{project.pk}/"
        first = api(alice).patch(
            url, {"title": "Alice's title"}, HTTP_IF_MATCH=f'"project-{project.pk}-v1"'
        )
        assert first.status_code == 200
        assert first["ETag"] == f'"project-{project.pk}-v2"'
        second = api(bob).patch(
            url, {"title": "Bob's title"}, HTTP_IF_MATCH=f'"project-{project.pk}-v1"'
        )
        assert second.status_code == 412
        project.refresh_from_db()
        assert project.title == "Alice's title"

    def test_each_edit_is_a_revision_naming_what_changed(self, api, alice, project):
        api(alice).patch(
            f"/api/projects/{project.pk}/",
            {"phase": "discovery"},
            HTTP_IF_MATCH=f'"project-{project.pk}-v1"',
        )
        revision = ProjectRevision.objects.get(project=project, number=2)
        assert revision.changed_fields == ["phase"]
        assert revision.author == alice

    def test_member_of_another_borough_cannot_edit_a_network_project(
        self, api, alice, charlie, camden
    ):
        project = make_project(alice, camden, visibility=Visibility.NETWORK)
        response = api(charlie).patch(
            f"/api/projects/{project.pk}/",
            {"title": "X"},
            HTTP_IF_MATCH=f'"project-{project.pk}-v1"',
        )
        assert response.status_code == 403

    def test_outsider_gets_404_when_editing_a_private_project(self, api, charlie, project):
        response = api(charlie).patch(
            f"/api/projects/{project.pk}/",
            {"title": "X"},
            HTTP_IF_MATCH=f'"project-{project.pk}-v1"',
        )
        assert response.status_code == 404

    def test_group_grant_lets_a_whole_borough_see_a_private_project(
        self, api, charlie, hackney, project
    ):
        assign_perm("projects.view_project", hackney.group, project)
        assert api(charlie).get(f"/api/projects/{project.pk}/").status_code == 200


class TestSearch:
    def test_search_finds_by_title_over_summary_and_only_visible(self, api, alice, charlie, camden):
        make_project(
            alice,
            camden,
            title="Damp and mould sensors",
            summary="Housing repairs.",
            visibility=Visibility.NETWORK,
        )
        make_project(
            alice,
            camden,
            title="Repairs portal",
            summary="Report damp online.",
            visibility=Visibility.NETWORK,
        )
        make_project(alice, camden, title="Secret damp work", summary="Private.")
        response = api(charlie).get("/api/projects/", {"search": "damp"})
        assert [row["title"] for row in response.json()["results"]] == [
            "Damp and mould sensors",
            "Repairs portal",
        ]


def test_an_edit_cannot_empty_the_summary(alice, camden):
    project = services.project_create(
        acting_user=alice, lead_organisation=camden, title="Pilot", summary="Sensors."
    )

    with pytest.raises(ApplicationError) as refused:
        services.project_update(
            acting_user=alice, project=project, expected_version=1, changes={"summary": "  "}
        )

    assert "summary" in refused.value.fields
    project.refresh_from_db()
    assert (project.summary, project.version) == ("Sensors.", 1)


def test_a_budget_given_without_pence_is_recorded_as_saved(alice, camden):
    from decimal import Decimal

    from projects.selectors import revisions_compare

    project = services.project_create(
        acting_user=alice,
        lead_organisation=camden,
        title="Pilot",
        summary="Sensors.",
        budget=Decimal("25000"),
    )
    project.refresh_from_db()
    services.project_update(
        acting_user=alice, project=project, expected_version=1, changes={"title": "Pilot 2"}
    )

    changes = revisions_compare(project=project, older=1, newer=2)

    assert [change["field"] for change in changes] == ["title"]
