from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from loti.accounts.models import Membership
from projects import collaboration, outcomes_links, services
from projects.models import Project
from tests.factories import MembershipFactory
from tests.frontend.helpers import read, title


def url(project) -> str:
    return f"/projects/{project.pk}/"


def test_it_checks_ownership(client, alice, ivy, dana, charlie, project):
    for user, status in ((alice, 200), (ivy, 200), (dana, 200), (charlie, 404)):
        client.force_login(user)
        assert client.get(url(project)).status_code == status, user


def test_anonymous_person_gets_404_for_a_private_project(client, project):
    response = client.get(url(project))

    assert response.status_code == 404
    assert read(response).h1 == ["Page not found"]


def test_missing_project_is_the_same_404_as_a_hidden_one(client, charlie, project):
    client.force_login(charlie)

    assert client.get(url(project)).status_code == client.get("/projects/99999/").status_code == 404


def test_shows_what_the_project_is(client, ivy, project, alice):
    outcomes_links.outcome_add(
        acting_user=alice,
        project=project,
        measure="Repairs reported each month",
        baseline=Decimal("1250.5"),
        target=Decimal(1500),
    )
    outcomes_links.link_add(
        acting_user=alice, project=project, title="Service design", url="https://example.org"
    )
    services.project_update(
        acting_user=alice,
        project=Project.objects.get(pk=project.pk),
        expected_version=3,
        changes={
            "budget": Decimal("25000"),
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2027, 3, 31),
        },
    )
    collaboration.status_update_add(acting_user=alice, project=project, body="Pilot started.")
    collaboration.comment_add(acting_user=alice, project=project, body="Ask Islington too.")
    client.force_login(ivy)

    response = client.get(url(project))

    page = read(response)
    assert page.title == title("Chatbot for housing repairs")
    assert page.h1 == ["Chatbot for housing repairs"]
    assert ["Repairs reported each month", "1,250.5", "1,500", "\N{EN DASH}"] in page.rows
    html = response.content.decode()
    for text in (
        "Residents report repairs by chat, any time of day.",
        "Idea",
        "Shared: the owners and the organisations named",
        "Islington (test)",
        "Housing",
        "0 of 6 parts complete.",
        "£25,000.00",
        "From 1 April 2026 to 31 March 2027",
        'href="https://example.org"',
        "Pilot started.",
        "Ask Islington too.",
    ):
        assert text in html, text


def test_attachments_are_listed_with_download_links(client, alice, project):
    attachment = services.attachment_add(
        acting_user=alice,
        project=project,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client.force_login(alice)

    html = client.get(url(project)).content.decode()

    assert f'href="/api/projects/{project.pk}/attachments/{attachment.pk}/"' in html
    assert "plan.pdf" in html


def test_editors_are_offered_to_add_and_change_outcomes_and_links(client, alice, dana, project):
    outcome = outcomes_links.outcome_add(acting_user=alice, project=project, measure="Calls")
    link = outcomes_links.link_add(
        acting_user=alice, project=project, title="Report", url="https://example.org/r"
    )

    for person in (alice, dana):
        client.force_login(person)
        html = client.get(url(project)).content.decode()

        assert f'href="/projects/{project.pk}/outcomes/new/"' in html, person
        assert f'href="/projects/{project.pk}/outcomes/{outcome.pk}/"' in html, person
        assert f'href="/projects/{project.pk}/links/new/"' in html, person
        assert f'href="/projects/{project.pk}/links/{link.pk}/"' in html, person


def test_readers_see_outcomes_and_links_but_no_way_to_change_them(client, alice, ivy, project):
    outcomes_links.outcome_add(acting_user=alice, project=project, measure="Calls answered")
    outcomes_links.link_add(
        acting_user=alice, project=project, title="Report", url="https://example.org/r"
    )
    client.force_login(ivy)

    html = client.get(url(project)).content.decode()

    assert "Calls answered" in html
    assert 'href="https://example.org/r"' in html
    assert f"/projects/{project.pk}/outcomes/" not in html
    assert f"/projects/{project.pk}/links/" not in html


def test_readers_are_not_shown_empty_outcomes_or_links(client, ivy, alice, project):
    client.force_login(ivy)
    reader = client.get(url(project)).content.decode()
    client.force_login(alice)
    editor = client.get(url(project)).content.decode()

    assert 'id="outcomes"' not in reader and 'id="links"' not in reader
    assert "No outcomes yet." in editor and "No links yet." in editor


def test_owner_is_offered_every_action_of_the_lead(client, alice, project):
    client.force_login(alice)

    html = client.get(url(project)).content.decode()

    assert f'href="/projects/{project.pk}/edit/"' in html
    assert f'action="/projects/{project.pk}/updates/"' in html
    assert f'action="/projects/{project.pk}/coauthors/"' in html
    assert f'action="/projects/{project.pk}/attachments/"' in html
    assert f'action="/projects/{project.pk}/comments/"' in html
    # Its own organisation neither adopts nor asks to join its own project.
    assert f'action="/projects/{project.pk}/adopt/"' not in html
    assert f'action="/projects/{project.pk}/interest/"' not in html


def test_officer_of_a_borough_it_is_shared_with_may_adopt_or_ask_to_join(client, ivy, project):
    client.force_login(ivy)

    html = client.get(url(project)).content.decode()

    assert "Adopt this project for Islington (test)" in html
    assert "Ask to join for Islington (test)" in html
    assert f'href="/projects/{project.pk}/edit/"' not in html
    assert f'action="/projects/{project.pk}/updates/"' not in html
    assert f'action="/projects/{project.pk}/coauthors/"' not in html


def test_someone_in_several_public_bodies_chooses_which_adopts(client, ivy, hackney, project):
    MembershipFactory.create(user=ivy, organisation=hackney)
    client.force_login(ivy)

    html = client.get(url(project)).content.decode()

    assert 'name="adopt-organisation"' in html
    assert 'name="interest-organisation"' in html


def test_co_author_may_edit_but_not_post_status_updates(client, dana, project):
    client.force_login(dana)

    html = client.get(url(project)).content.decode()

    assert f'href="/projects/{project.pk}/edit/"' in html
    assert f'action="/projects/{project.pk}/attachments/"' in html
    assert f'action="/projects/{project.pk}/updates/"' not in html


def test_anonymous_person_reads_a_public_project_and_may_only_give_feedback(client, public_project):
    response = client.get(url(public_project))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="/projects/{public_project.pk}/feedback/"' in html
    assert f"/sign-in/?next=/projects/{public_project.pk}/" in html
    for action in ("comments", "follow", "adopt", "interest", "updates", "attachments"):
        assert f'action="/projects/{public_project.pk}/{action}/"' not in html, action


def test_feedback_waits_for_moderation_by_the_projects_organisations(
    client, alice, charlie, public_project
):
    collaboration.feedback_submit(project=public_project, body="Please add large print.")
    approved = collaboration.feedback_submit(project=public_project, body="Very useful.")
    collaboration.feedback_moderate(acting_user=alice, feedback=approved, approve=True)

    client.force_login(charlie)
    outsider = client.get(url(public_project)).content.decode()
    client.force_login(alice)
    owner = client.get(url(public_project)).content.decode()

    assert "Very useful." in outsider
    assert "Please add large print." not in outsider
    assert "Please add large print." in owner
    assert "Waiting for you to moderate" in owner


def test_lead_sees_requests_to_join_and_may_answer_them(client, alice, ivy, islington, project):
    interest = collaboration.interest_request(
        acting_user=ivy, project=project, organisation=islington, message="We have data."
    )
    client.force_login(alice)

    html = client.get(url(project)).content.decode()

    assert "We have data." in html
    assert f'action="/interests/{interest.pk}/answer/"' in html


def test_the_copy_shows_where_it_was_adopted_from(client, alice, ivy, islington, project):
    copy = services.project_adopt(acting_user=ivy, project=project, organisation=islington)
    client.force_login(ivy)

    html = client.get(url(copy)).content.decode()
    original = client.get(url(project)).content.decode()

    assert "Adopted from" in html
    assert f'href="/projects/{project.pk}/"' in html
    assert "Adopted by 1 organisation" in original
    assert f'href="/projects/{copy.pk}/"' in original


def test_lineage_to_a_project_the_viewer_cannot_see_is_not_linked(
    client, alice, ivy, islington, project
):
    copy = services.project_adopt(acting_user=ivy, project=project, organisation=islington)
    services.project_update(
        acting_user=alice,
        project=project,
        expected_version=project.version,
        changes={"visibility": "private"},
    )
    client.force_login(ivy)

    html = client.get(url(copy)).content.decode()

    assert "which you cannot see" in html
    assert f'href="/projects/{project.pk}/"' not in html


def test_followers_are_offered_to_stop_following(client, ivy, project):
    collaboration.project_follow(acting_user=ivy, project=project)
    client.force_login(ivy)

    html = client.get(url(project)).content.decode()

    assert "You follow this project." in html
    assert 'name="follow" value="no"' in html


def test_former_member_is_an_outsider(client, alice, bob, project):
    Membership.objects.filter(user=bob).update(ended_at="2024-01-01T00:00Z")
    client.force_login(bob)

    assert client.get(url(project)).status_code == 404
