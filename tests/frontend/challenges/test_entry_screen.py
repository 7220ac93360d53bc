from __future__ import annotations

from challenges.models import Entry
from tests.challenges.helpers import close, submitted_entry
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(entry) -> str:
    return f"/challenges/entries/{entry.pk}/screening/"


def test_it_is_for_the_owners(client, alice, bob, dora, supplier_user, acme, beta_user, challenge):
    entry = submitted_entry(supplier_user, acme, challenge)
    for user, status in ((alice, 200), (bob, 200), (dora, 404), (beta_user, 404)):
        client.force_login(user)
        assert client.get(url(entry)).status_code == status, user
    # The entrant reads the entry on its own page, not this one.
    client.force_login(supplier_user)
    assert client.get(url(entry)).status_code == 403


def test_the_owners_read_what_was_submitted(client, alice, supplier_user, acme, challenge):
    entry = submitted_entry(supplier_user, acme, challenge)
    client.force_login(alice)

    html = text(client.get(url(entry)))

    assert "Cheap humidity sensors in every flat." in html
    assert "Acme (test)" in html and "Confirmed" in html


def test_not_eligible_needs_a_reason_the_entrant_then_sees(
    client, alice, supplier_user, acme, challenge
):
    entry = submitted_entry(supplier_user, acme, challenge)
    close(challenge)
    client.force_login(alice)

    missing = client.post(url(entry), {"eligible": "False", "reason": ""})
    assert read(missing).field_errors["id_reason"] == "Error: Say why the entry is not eligible"
    assert Entry.objects.get(pk=entry.pk).eligibility == "pending"

    response = client.post(url(entry), {"eligible": "False", "reason": "Not a UK company."})

    assert response["Location"] == f"/challenges/{challenge.pk}/entries/"
    client.force_login(supplier_user)
    html = text(client.get(f"/challenges/entries/{entry.pk}/"))
    assert "Your entry is not eligible" in html and "Not a UK company." in html


def test_the_choice_is_required(client, alice, supplier_user, acme, challenge):
    entry = submitted_entry(supplier_user, acme, challenge)
    client.force_login(alice)

    response = client.post(url(entry), {})

    assert read(response).field_errors["id_eligible"] == "Error: Say whether the entry is eligible"
