from __future__ import annotations

from challenges.models import Entry
from tests.challenges.helpers import close, submitted_entry
from tests.frontend.helpers import read


def test_the_entrant_withdraws_before_the_deadline(
    client, supplier_user, acme, beta_user, challenge
):
    entry = submitted_entry(supplier_user, acme, challenge)
    url = f"/challenges/entries/{entry.pk}/withdraw/"
    client.force_login(beta_user)
    assert client.post(url).status_code == 404
    client.force_login(supplier_user)

    response = client.post(url)

    assert response["Location"] == f"/challenges/{challenge.pk}/"
    assert Entry.objects.get(pk=entry.pk).status == "withdrawn"


def test_no_withdrawing_after_the_deadline(client, supplier_user, acme, challenge):
    entry = submitted_entry(supplier_user, acme, challenge)
    close(challenge)
    client.force_login(supplier_user)

    response = client.post(f"/challenges/entries/{entry.pk}/withdraw/")

    assert read(response).summary[0][1].startswith("This challenge closed at")
    assert Entry.objects.get(pk=entry.pk).status == "submitted"
