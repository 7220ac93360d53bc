from __future__ import annotations

import pytest

from projects import collaboration, services
from projects.models import PublicFeedback
from tests.factories import member_of
from tests.frontend.projects.helpers import sign_in_url


@pytest.fixture
def feedback(public_project):
    return collaboration.feedback_submit(project=public_project, body="Please add large print.")


def url(feedback) -> str:
    return f"/feedback/{feedback.pk}/moderate/"


def test_it_checks_ownership(client, alice, bob, charlie, feedback):
    for user, status in ((charlie, 404), (bob, 302)):
        client.force_login(user)
        assert client.post(url(feedback), {"decision": "approve"}).status_code == status, user
    feedback.refresh_from_db()
    assert (feedback.status, feedback.moderated_by) == ("approved", bob)


def test_anonymous_person_is_sent_to_sign_in(client, feedback):
    response = client.post(url(feedback), {"decision": "approve"})

    assert response["Location"] == sign_in_url(url(feedback))
    feedback.refresh_from_db()
    assert feedback.status == "pending"


def test_published_feedback_is_shown_to_everyone(client, alice, feedback, public_project):
    client.force_login(alice)

    response = client.post(url(feedback), {"decision": "approve"})

    assert "Feedback published" in client.get(response["Location"]).content.decode()
    client.logout()
    assert (
        "Please add large print." in client.get(f"/projects/{public_project.pk}/").content.decode()
    )


def test_rejected_feedback_is_not_shown(client, alice, feedback, public_project):
    client.force_login(alice)

    client.post(url(feedback), {"decision": "reject"})

    assert PublicFeedback.objects.get().status == "rejected"
    client.logout()
    html = client.get(f"/projects/{public_project.pk}/").content.decode()
    assert "Please add large print." not in html


def test_moderating_twice_is_said(client, alice, feedback):
    client.force_login(alice)
    client.post(url(feedback), {"decision": "reject"})

    response = client.post(url(feedback), {"decision": "approve"})

    assert "already been moderated" in client.get(response["Location"]).content.decode()
    assert PublicFeedback.objects.get().status == "rejected"


def test_a_co_author_from_another_borough_does_not_moderate(
    client, alice, lambeth, public_project, feedback
):
    dana = member_of(lambeth, email="dana@lambeth-test.example")
    services.project_coauthor_add(acting_user=alice, project=public_project, user=dana)
    client.force_login(dana)

    page = client.get(f"/projects/{public_project.pk}/").content.decode()
    response = client.post(url(feedback), {"decision": "approve"})

    assert "Please add large print." not in page
    assert "Waiting for you to moderate" not in page
    assert response.status_code == 404
    feedback.refresh_from_db()
    assert feedback.status == "pending"


def test_published_feedback_is_not_moderated_again_by_a_co_author(
    client, alice, lambeth, public_project, feedback
):
    collaboration.feedback_moderate(acting_user=alice, feedback=feedback, approve=True)
    dana = member_of(lambeth, email="dana@lambeth-test.example")
    services.project_coauthor_add(acting_user=alice, project=public_project, user=dana)
    client.force_login(dana)

    response = client.post(url(feedback), {"decision": "reject"})

    assert response.status_code == 403
    feedback.refresh_from_db()
    assert feedback.status == "approved"
