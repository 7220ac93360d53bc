from __future__ import annotations

from loti.visibility import Visibility
from projects import playbooks
from tests.factories import MembershipFactory
from tests.frontend.helpers import read, title
from tests.projects.helpers import make_playbook


def url(playbook) -> str:
    return f"/playbooks/{playbook.pk}/"


def test_it_checks_ownership(client, alice, camden, bob, ivy, islington, charlie, supplier_user):
    playbook = make_playbook(
        alice, camden, visibility=Visibility.SHARED, shared_with=[islington.slug]
    )
    for user, status in (
        (alice, 200),
        (bob, 200),
        (ivy, 200),
        (charlie, 404),
        (supplier_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(playbook)).status_code == status, user


def test_anonymous_person_sees_a_public_playbook_only(client, alice, camden):
    public = make_playbook(alice, camden, visibility=Visibility.PUBLIC)
    network = make_playbook(alice, camden)

    assert client.get(url(public)).status_code == 200
    assert client.get(url(network)).status_code == 404


def test_shows_the_latest_published_version_in_markdown(client, alice, camden, charlie):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_draft_update(
        acting_user=alice,
        playbook=playbook,
        changes={"steps": [{"key": "users", "title": "Unpublished wording"}]},
    )
    client.force_login(charlie)

    response = client.get(url(playbook))

    page = read(response)
    assert page.title == title("Running a chatbot discovery")
    html = response.content.decode()
    assert "Version 1" in html
    assert "First version." in html
    assert "Interview <strong>ten</strong> people." in html
    assert "Unpublished wording" not in html


def test_markdown_cannot_carry_a_script(client, alice, camden, charlie):
    playbook = make_playbook(
        alice,
        camden,
        steps=[{"title": "Sneaky", "body": "<script>alert(1)</script> [x](javascript:alert(1))"}],
    )
    client.force_login(charlie)

    html = client.get(url(playbook)).content.decode()

    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_adopters_are_listed_and_an_officer_of_another_borough_may_adopt(
    client, alice, camden, charlie, hackney, ivy, islington
):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_adopt(acting_user=ivy, playbook=playbook, organisation=islington)
    client.force_login(charlie)

    html = client.get(url(playbook)).content.decode()

    assert "Adopted by 1 organisation" in html
    assert "Islington (test)" in html
    assert "Adopt this playbook for Hackney (test)" in html


def test_an_organisation_that_adopted_is_linked_to_its_progress(
    client, alice, camden, ivy, islington
):
    playbook = make_playbook(alice, camden)
    adoption = playbooks.playbook_adopt(acting_user=ivy, playbook=playbook, organisation=islington)
    client.force_login(ivy)

    html = client.get(url(playbook)).content.decode()

    assert f'href="/adoptions/{adoption.pk}/"' in html
    assert "Adopt this playbook" not in html


def test_someone_in_several_public_bodies_chooses_which_adopts(client, alice, camden, ivy, hackney):
    playbook = make_playbook(alice, camden)
    MembershipFactory.create(user=ivy, organisation=hackney)
    client.force_login(ivy)

    html = client.get(url(playbook)).content.decode()

    assert 'name="adopt-organisation"' in html


def test_owners_members_may_edit_publish_and_archive(client, alice, bob, camden, charlie):
    playbook = make_playbook(alice, camden)
    client.force_login(bob)

    html = client.get(url(playbook)).content.decode()

    assert f'href="/playbooks/{playbook.pk}/edit/"' in html
    assert f'action="/playbooks/{playbook.pk}/publish/"' in html
    assert f'action="/playbooks/{playbook.pk}/archive/"' in html
    assert "Adopt this playbook" not in html
    client.force_login(charlie)
    html = client.get(url(playbook)).content.decode()
    assert f'action="/playbooks/{playbook.pk}/publish/"' not in html
    assert f'href="/playbooks/{playbook.pk}/edit/"' not in html


def test_owner_is_told_when_the_draft_is_not_published(client, alice, camden):
    playbook = make_playbook(alice, camden)
    client.force_login(alice)
    assert (
        "The draft has changes that are not published"
        not in client.get(url(playbook)).content.decode()
    )

    playbooks.playbook_draft_update(
        acting_user=alice, playbook=playbook, changes={"title": "A new title"}
    )

    assert (
        "The draft has changes that are not published" in client.get(url(playbook)).content.decode()
    )


def test_an_unpublished_draft_says_so(client, alice, camden):
    playbook = make_playbook(alice, camden, publish=False)
    client.force_login(alice)

    html = client.get(url(playbook)).content.decode()

    assert "This playbook has not been published yet." in html
    assert "Look at contact data" in html
    assert "Publish the first version" in html


def test_an_archived_playbook_cannot_be_adopted(client, alice, camden, charlie):
    playbook = make_playbook(alice, camden)
    playbooks.playbook_archive(acting_user=alice, playbook=playbook)
    client.force_login(charlie)

    html = client.get(url(playbook)).content.decode()

    assert "Archived" in html
    assert "Adopt this playbook" not in html
