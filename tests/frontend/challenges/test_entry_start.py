from __future__ import annotations

from challenges.models import Audience, Entry
from tests.challenges.helpers import close, published
from tests.factories import MembershipFactory, SupplierFactory
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/enter/"


def test_anonymous_visitor_is_sent_to_sign_in(client, challenge):
    response = client.post(url(challenge), {"title": "Sensors"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_an_officer_is_not_a_supplier(client, alice, challenge):
    # An owner has a part in the challenge, so is told why.
    client.force_login(alice)
    response = client.get(url(challenge))
    assert response.status_code == 403
    assert "Only members of a supplier organisation can enter challenges." in text(response)


def test_an_outsider_who_cannot_enter_gets_not_found(client, dora, challenge):
    client.force_login(dora)
    assert client.get(url(challenge)).status_code == 404


def test_a_supplier_starts_a_draft_entry(client, supplier_user, acme, challenge):
    client.force_login(supplier_user)

    response = client.post(url(challenge), {"title": "Damp sensors"})

    entry = Entry.objects.get()
    assert response["Location"] == f"/challenges/entries/{entry.pk}/"
    assert (entry.title, entry.supplier, entry.status) == ("Damp sensors", acme, "draft")


def test_someone_in_two_companies_chooses_which_enters(client, supplier_user, acme, challenge):
    other = SupplierFactory.create(slug="other-test", name="Other (test)")
    MembershipFactory.create(user=supplier_user, organisation=other)
    client.force_login(supplier_user)

    missing = client.post(url(challenge), {"title": "Damp sensors"})
    chosen = client.post(url(challenge), {"title": "Damp sensors", "supplier": other.slug})

    assert read(missing).field_errors["id_supplier"] == "Error: Choose your company"
    assert chosen.status_code == 302 and Entry.objects.get().supplier == other


def test_a_second_live_entry_is_refused_on_the_page(client, supplier_user, challenge):
    client.force_login(supplier_user)
    client.post(url(challenge), {"title": "First"})

    response = client.post(url(challenge), {"title": "Second"})

    assert "already has an entry for this challenge" in text(response)
    assert Entry.objects.count() == 1


def test_an_uninvited_supplier_cannot_enter_an_invite_only_challenge(
    client, alice, camden, acme, beta_user
):
    challenge = published(alice, camden, audience=Audience.INVITE, invited=[acme.slug])
    client.force_login(beta_user)
    assert client.post(url(challenge), {"title": "Sneaky"}).status_code == 404
    assert not Entry.objects.exists()


def test_no_entries_after_the_database_clock_passes_the_deadline(client, supplier_user, challenge):
    close(challenge)
    client.force_login(supplier_user)

    response = client.post(url(challenge), {"title": "Late"})

    assert "This challenge closed at" in text(response)
    assert not Entry.objects.exists()
