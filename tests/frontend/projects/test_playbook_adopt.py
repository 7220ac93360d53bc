from __future__ import annotations

from projects import playbooks
from projects.models import Adoption, AdoptionStep
from tests.factories import MembershipFactory
from tests.frontend.helpers import read
from tests.frontend.projects.helpers import sign_in_url
from tests.projects.helpers import make_playbook


def url(playbook) -> str:
    return f"/playbooks/{playbook.pk}/adopt/"


def test_it_checks_ownership(client, alice, ivy, supplier_user, camden):
    playbook = make_playbook(alice, camden)
    for user, status in ((supplier_user, 404), (alice, 403), (ivy, 302)):
        client.force_login(user)
        assert client.post(url(playbook)).status_code == status, user
    assert Adoption.objects.get().organisation.slug == "islington-test"


def test_anonymous_person_is_sent_to_sign_in(client, alice, camden):
    playbook = make_playbook(alice, camden)

    assert client.post(url(playbook))["Location"] == sign_in_url(url(playbook))
    assert not Adoption.objects.exists()


def test_adopting_lands_on_the_progress_page(client, alice, camden, charlie, hackney):
    playbook = make_playbook(alice, camden)
    client.force_login(charlie)

    response = client.post(url(playbook))

    adoption = Adoption.objects.get()
    assert response["Location"] == f"/adoptions/{adoption.pk}/"
    assert adoption.organisation == hackney
    assert set(AdoptionStep.objects.values_list("key", flat=True)) == {"users", "data"}
    html = client.get(response["Location"]).content.decode()
    assert "Hackney (test) has adopted this playbook" in html


def test_adopting_twice_is_said(client, alice, camden, charlie, hackney):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_adopt(acting_user=charlie, playbook=playbook, organisation=hackney)
    client.force_login(charlie)

    # The button is no longer offered; a second press from an old page is refused.
    response = client.post(url(playbook))

    assert read(response).summary == [
        ("#adopt-submit", "Hackney (test) has already adopted this playbook.")
    ]
    assert Adoption.objects.count() == 1


def test_someone_in_several_public_bodies_must_choose(client, alice, camden, ivy, hackney):
    playbook = make_playbook(alice, camden)
    MembershipFactory.create(user=ivy, organisation=hackney)
    client.force_login(ivy)

    response = client.post(url(playbook))

    assert read(response).summary == [("#id_adopt-organisation", "Choose an organisation")]
    assert not Adoption.objects.exists()


def test_a_draft_cannot_be_adopted(client, alice, camden, bob, charlie):
    playbook = make_playbook(alice, camden, publish=False)
    client.force_login(charlie)

    assert client.post(url(playbook)).status_code == 404
    assert not Adoption.objects.exists()
