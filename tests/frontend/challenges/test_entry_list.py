from __future__ import annotations

from challenges import services
from tests.challenges.helpers import submitted_entry
from tests.factories import SupplierFactory, member_of
from tests.frontend.challenges.helpers import count_queries, text


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/entries/"


def test_it_is_for_the_owners_only(client, alice, bob, dora, supplier_user, challenge):
    for user, status in ((alice, 200), (bob, 200), (dora, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(challenge)).status_code == status, user
    client.logout()
    assert client.get(url(challenge)).status_code == 302


def test_the_owners_see_submitted_entries_and_not_drafts(
    client, alice, supplier_user, acme, beta, beta_user, challenge
):
    submitted_entry(supplier_user, acme, challenge, title="Damp sensors", partners=[beta.slug])
    services.entry_create(
        acting_user=beta_user, challenge=challenge, supplier=beta, title="Half done"
    )
    client.force_login(alice)

    html = text(client.get(url(challenge)))

    assert "Damp sensors" in html and "with Beta (test)" in html
    assert "Half done" not in html
    assert "Not screened yet" in html


def test_the_list_takes_the_same_queries_for_one_entry_or_many(
    client, alice, supplier_user, acme, challenge
):
    client.force_login(alice)
    submitted_entry(supplier_user, acme, challenge)
    one = count_queries(client, url(challenge))
    for number in range(4):
        company = SupplierFactory.create(slug=f"company-{number}", name=f"Company {number}")
        submitted_entry(member_of(company), company, challenge, partners=[acme.slug])
    # session, user, notification count, the challenge (+ co-owners, invited and
    # prizes prefetched), is-owner, entries, partners (prefetch): not one per entry.
    assert count_queries(client, url(challenge)) == one
