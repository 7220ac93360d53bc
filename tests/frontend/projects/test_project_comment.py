from __future__ import annotations

from projects.models import Comment
from tests.frontend.helpers import read, text, title
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/comments/"


def test_it_checks_ownership(client, alice, ivy, dana, charlie, project):
    for user, status in ((alice, 302), (ivy, 302), (dana, 302), (charlie, 404)):
        client.force_login(user)
        assert client.post(url(project), {"comment-body": "Hello"}).status_code == status, user
    assert Comment.objects.count() == 3


def test_anonymous_person_is_sent_to_sign_in(client, public_project):
    response = client.post(url(public_project), {"comment-body": "Hello"})

    assert response["Location"] == sign_in_url(url(public_project))
    assert not Comment.objects.exists()


def test_comment_is_shown_on_the_project(client, ivy, project):
    client.force_login(ivy)

    response = client.post(url(project), {"comment-body": "  We tried this in 2023.  "})

    assert response["Location"] == f"/projects/{project.pk}/"
    html = text(client.get(response["Location"]))
    assert "Your comment has been added" in html
    assert "We tried this in 2023." in html
    assert ivy.full_name in html


def test_empty_comment_is_named_on_the_project_page(client, ivy, project):
    client.force_login(ivy)

    response = client.post(url(project), {"comment-body": ""})

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Error: Chatbot for housing repairs")
    assert page.summary == [("#id_comment-body", "Enter your comment")]
    assert not Comment.objects.exists()


def test_blank_comment_refused_by_the_service_is_named(client, ivy, project):
    client.force_login(ivy)

    response = client.post(url(project), {"comment-body": "   "})

    # The form strips the spaces, so it is the form that says it is missing.
    assert read(response).summary == [("#id_comment-body", "Enter your comment")]
    assert not Comment.objects.exists()
