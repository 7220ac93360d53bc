from __future__ import annotations

from projects.models import Playbook
from tests.factories import MembershipFactory
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import sign_in_url

URL = "/playbooks/new/"
VALID = {"title": "Running a pilot", "summary": "How to pilot safely.", "visibility": "network"}


def test_anonymous_person_is_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"] == sign_in_url(URL)
    assert client.post(URL, VALID)["Location"] == sign_in_url(URL)
    assert not Playbook.objects.exists()


def test_supplier_cannot_write_a_playbook(client, supplier_user):
    client.force_login(supplier_user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403
    assert not Playbook.objects.exists()


def test_creating_leads_to_the_steps(client, alice, camden):
    client.force_login(alice)
    assert read(client.get(URL)).title == title("Write a playbook")

    response = client.post(URL, {**VALID, "themes": ["data"]})

    playbook = Playbook.objects.get()
    assert response["Location"] == f"/playbooks/{playbook.pk}/edit/"
    assert (playbook.owner, playbook.status, playbook.themes) == (camden, "draft", ["data"])
    assert "Add its steps, then publish it." in client.get(response["Location"]).content.decode()


def test_errors_are_named_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = client.post(URL, {"visibility": "shared"})

    assert read(response).summary == [
        ("#id_title", "Enter a playbook title"),
        ("#id_summary", "Enter a summary of the playbook"),
    ]
    assert not Playbook.objects.exists()


def test_service_refusal_is_named_on_the_field(client, alice):
    client.force_login(alice)

    response = client.post(URL, {**VALID, "visibility": "shared"})

    assert read(response).summary == [("#id_shared_with", "Name the organisations to share with.")]
    assert not Playbook.objects.exists()


def test_someone_in_several_public_bodies_chooses_the_owner(client, alice, hackney):
    MembershipFactory.create(user=alice, organisation=hackney)
    client.force_login(alice)

    missing = client.post(URL, VALID)
    assert read(missing).summary == [
        ("#id_owner", "Choose the organisation that writes the playbook")
    ]

    client.post(URL, {**VALID, "owner": "hackney-test"})

    assert Playbook.objects.get().owner == hackney
