"""Every list endpoint in projects/ costs the same number of queries for a few rows as
for many: nothing is fetched per row."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from loti.accounts.models import User
from loti.visibility import Visibility
from projects import collaboration, outcomes_links, playbooks, services
from projects.models import Playbook, Project
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_playbook, make_project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assert_queries_do_not_grow(
    client: APIClient, url: str, add_rows: Callable[[], None], *, rows: int, expected: int
) -> None:
    """GET url before and after add_rows; the second response has `rows` rows, and both
    cost `expected` queries. The SQL is printed when they do not."""
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()) == rows
    sql = "\n".join(q["sql"] for q in many.captured_queries)
    assert (len(few), len(many)) == (expected, expected), sql


@pytest.fixture
def project(alice: User, camden) -> Project:
    return make_project(alice, camden, visibility=Visibility.PUBLIC)


def test_revisions(api, alice, project):
    # Project with its lead (1), shared_with, partners, outcomes, links (4); membership
    # of its organisations for the change permission is not asked; revisions with
    # authors (1): 6.
    def edit() -> None:
        for n in range(5):
            current = Project.objects.get(pk=project.pk)
            services.project_update(
                acting_user=alice,
                project=current,
                expected_version=current.version,
                changes={"summary": f"Summary {n}."},
            )

    url = f"/api/projects/{project.pk}/revisions/"
    assert_queries_do_not_grow(api(alice), url, edit, rows=6, expected=6)


def test_comments(api, alice, charlie, project):
    # Project with lead and four prefetches (5); comments with authors (1): 6.
    def comment() -> None:
        for n in range(5):
            collaboration.comment_add(acting_user=charlie, project=project, body=f"Comment {n}")

    url = f"/api/projects/{project.pk}/comments/"
    assert_queries_do_not_grow(api(alice), url, comment, rows=5, expected=6)


def test_feedback(api, alice, project):
    # Project with lead and four prefetches (5); is alice one of its organisations (1);
    # all its feedback, to moderate (1): 7.
    def send() -> None:
        for n in range(5):
            collaboration.feedback_submit(project=project, body=f"Note {n}")

    url = f"/api/projects/{project.pk}/feedback/"
    assert_queries_do_not_grow(api(alice), url, send, rows=5, expected=7)


def test_status_updates(api, alice, project):
    # Project with lead and four prefetches (5); updates with authors (1): 6.
    def post() -> None:
        for n in range(5):
            collaboration.status_update_add(acting_user=alice, project=project, body=f"Week {n}")

    url = f"/api/projects/{project.pk}/updates/"
    assert_queries_do_not_grow(api(alice), url, post, rows=5, expected=6)


def test_adoptions(api, alice, project):
    # Project with lead and four prefetches (5); copies alice may see, with leads (1): 6.
    def adopt() -> None:
        for _ in range(5):
            borough = OrganisationFactory.create()
            services.project_adopt(
                acting_user=member_of(borough), project=project, organisation=borough
            )
        # Copies start private to the adopter; shared with the network, alice sees them.
        Project.objects.filter(adopted_from=project).update(visibility=Visibility.NETWORK)

    url = f"/api/projects/{project.pk}/adoptions/"
    assert_queries_do_not_grow(api(alice), url, adopt, rows=5, expected=6)


def test_attachments(api, alice, project, tmp_path, settings):
    # Project with lead and four prefetches (5); attachments (1): 6.
    settings.MEDIA_ROOT = tmp_path

    def upload() -> None:
        for n in range(5):
            services.attachment_add(
                acting_user=alice,
                project=project,
                upload=SimpleUploadedFile(f"plan-{n}.pdf", PDF),
            )

    url = f"/api/projects/{project.pk}/attachments/"
    assert_queries_do_not_grow(api(alice), url, upload, rows=5, expected=6)


def test_outcomes(api, alice, charlie, project):
    # Project with lead and four prefetches (5), the outcomes among them: 5.
    def add() -> None:
        for n in range(5):
            outcomes_links.outcome_add(
                acting_user=alice,
                project=Project.objects.get(pk=project.pk),
                measure=f"Measure {n}",
                target=Decimal(n * 100),
            )

    url = f"/api/projects/{project.pk}/outcomes/"
    assert_queries_do_not_grow(api(charlie), url, add, rows=5, expected=5)


def test_links(api, alice, charlie, project):
    # Project with lead and four prefetches (5), the links among them: 5.
    def add() -> None:
        for n in range(5):
            outcomes_links.link_add(
                acting_user=alice,
                project=Project.objects.get(pk=project.pk),
                title=f"Report {n}",
                url=f"https://example.org/report-{n}",
            )

    url = f"/api/projects/{project.pk}/links/"
    assert_queries_do_not_grow(api(charlie), url, add, rows=5, expected=5)


def test_playbook_versions(api, alice, charlie, camden):
    # Playbook visible to charlie, with owner and adoption count (1); charlie's
    # organisations, as a subquery, add none; versions with publishers (1): 2.
    playbook = make_playbook(alice, camden)

    def publish() -> None:
        for n in range(4):
            current = Playbook.objects.get(pk=playbook.pk)
            playbooks.playbook_draft_update(
                acting_user=alice, playbook=current, changes={"title": f"Chatbots, take {n}"}
            )
            playbooks.playbook_publish(acting_user=alice, playbook=current, change_note=f"{n}")

    url = f"/api/playbooks/{playbook.pk}/versions/"
    assert_queries_do_not_grow(api(charlie), url, publish, rows=5, expected=2)


def test_search(api, alice, charlie, camden):
    # Matching projects with leads (1); matching playbooks with owners (1): 2.
    make_project(alice, camden, title="Chatbot for repairs", visibility=Visibility.NETWORK)

    def more() -> None:
        for n in range(4):
            make_project(alice, camden, title=f"Chatbot {n}", visibility=Visibility.NETWORK)
            make_playbook(alice, camden, title=f"Chatbot playbook {n}")

    assert_queries_do_not_grow(api(charlie), "/api/search/?q=chatbot", more, rows=9, expected=2)


def test_similar(api, alice, charlie, camden):
    # Matching projects with leads (1); matching playbooks with owners (1): 2.
    make_project(alice, camden, title="Chatbot for repairs", visibility=Visibility.NETWORK)

    def more() -> None:
        for n in range(4):
            make_project(alice, camden, title=f"Chatbot {n}", visibility=Visibility.NETWORK)

    url = "/api/projects/similar/?text=a+chatbot+for+parking"
    # similar_to shows the best five.
    assert_queries_do_not_grow(api(charlie), url, more, rows=5, expected=2)
