from __future__ import annotations

import pytest

from projects import collaboration
from projects.models import PublicFeedback
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
