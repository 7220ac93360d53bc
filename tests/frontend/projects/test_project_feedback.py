from __future__ import annotations

from projects.models import PublicFeedback
from tests.frontend.helpers import read


def url(project) -> str:
    return f"/projects/{project.pk}/feedback/"


def test_anyone_may_send_feedback_on_a_public_project(client, public_project):
    response = client.post(
        url(public_project), {"feedback-body": "Useful!", "feedback-name": "Sam"}
    )

    assert response["Location"] == f"/projects/{public_project.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Thank you for your feedback." in html
    # Not shown until moderated.
    assert "Useful!" not in html
    feedback = PublicFeedback.objects.get()
    assert (feedback.name, feedback.status) == ("Sam", "pending")


def test_feedback_on_a_project_that_is_not_public_is_refused(client, ivy, project):
    assert client.post(url(project), {"feedback-body": "Hi"}).status_code == 404
    client.force_login(ivy)

    response = client.post(url(project), {"feedback-body": "Hi"})

    assert read(response).summary[0][1] == "Feedback is taken on public projects only."
    assert not PublicFeedback.objects.exists()


def test_empty_feedback_is_named(client, public_project):
    response = client.post(url(public_project), {"feedback-body": ""})

    assert read(response).summary == [("#id_feedback-body", "Enter your feedback")]
    assert not PublicFeedback.objects.exists()


def test_feedback_is_a_post(client, public_project):
    assert client.get(url(public_project)).status_code == 405


def test_anonymous_feedback_shares_the_apis_limit(client, public_project):
    # Five an hour from one address, whether sent through the API or this page.
    for n in range(3):
        client.post(f"/api/projects/{public_project.pk}/feedback/", {"body": f"API {n}"})
    codes = [
        client.post(url(public_project), {"feedback-body": f"Page {n}"}).status_code
        for n in range(3)
    ]

    assert codes == [302, 302, 429]
    assert PublicFeedback.objects.count() == 5
