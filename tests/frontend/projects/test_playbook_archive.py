from __future__ import annotations

from projects.models import Playbook
from tests.frontend.projects.helpers import sign_in_url
from tests.projects.helpers import make_playbook


def url(playbook) -> str:
    return f"/playbooks/{playbook.pk}/archive/"


def test_it_checks_ownership(client, alice, bob, ivy, charlie, camden):
    playbook = make_playbook(alice, camden)
    for user, status in ((ivy, 403), (charlie, 403)):
        client.force_login(user)
        assert client.post(url(playbook)).status_code == status, user
    assert Playbook.objects.get().status == "published"

    client.force_login(bob)
    response = client.post(url(playbook))

    assert response["Location"] == f"/playbooks/{playbook.pk}/"
    assert Playbook.objects.get().status == "archived"
    assert "It can no longer be adopted." in client.get(response["Location"]).content.decode()


def test_anonymous_person_is_sent_to_sign_in(client, alice, camden):
    playbook = make_playbook(alice, camden)

    assert client.post(url(playbook))["Location"] == sign_in_url(url(playbook))
    assert Playbook.objects.get().status == "published"


def test_outsider_gets_404_for_a_private_playbook(client, alice, charlie, camden):
    from loti.visibility import Visibility

    playbook = make_playbook(alice, camden, visibility=Visibility.PRIVATE)
    client.force_login(charlie)

    assert client.post(url(playbook)).status_code == 404
    assert Playbook.objects.get().status == "published"
