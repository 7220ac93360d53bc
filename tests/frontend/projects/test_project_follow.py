from __future__ import annotations

from projects.models import Follow
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/follow/"


def test_it_checks_ownership(client, alice, ivy, charlie, project):
    for user, status in ((alice, 302), (ivy, 302), (charlie, 404)):
        client.force_login(user)
        assert client.post(url(project), {"follow": "yes"}).status_code == status, user
    assert set(Follow.objects.values_list("user__email", flat=True)) == {alice.email, ivy.email}


def test_anonymous_person_is_sent_to_sign_in(client, public_project):
    response = client.post(url(public_project), {"follow": "yes"})

    assert response["Location"] == sign_in_url(url(public_project))
    assert not Follow.objects.exists()


def test_follow_then_stop_following(client, ivy, project):
    client.force_login(ivy)

    followed = client.post(url(project), {"follow": "yes"})
    page = client.get(followed["Location"]).content.decode()
    assert "You follow this project. We will tell you when it changes." in page
    assert Follow.objects.filter(user=ivy, project=project).exists()

    client.post(url(project), {"follow": "no"})

    assert not Follow.objects.exists()


def test_following_is_a_post(client, ivy, project):
    client.force_login(ivy)

    assert client.get(url(project)).status_code == 405
