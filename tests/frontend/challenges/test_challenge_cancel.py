from __future__ import annotations

from challenges.models import Challenge
from loti.notifications.models import Notification
from tests.challenges.helpers import submitted_entry
from tests.frontend.helpers import read


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/cancel/"


def test_it_checks_ownership(client, alice, bob, dora, supplier_user, challenge):
    for user, status in ((alice, 200), (bob, 200), (dora, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(challenge)).status_code == status, user


def test_the_reason_is_required(client, alice, challenge):
    client.force_login(alice)

    response = client.post(url(challenge), {"reason": " "})

    assert read(response).field_errors["id_reason"] == "Error: Give the reason for cancelling"
    assert Challenge.objects.get(pk=challenge.pk).status == "open"


def test_cancelling_tells_the_entrants_why_with_a_link_to_the_page(
    client, alice, supplier_user, acme, challenge
):
    submitted_entry(supplier_user, acme, challenge)
    client.force_login(alice)

    response = client.post(url(challenge), {"reason": "The budget was cut."})

    assert response["Location"] == f"/challenges/{challenge.pk}/"
    challenge.refresh_from_db()
    assert challenge.status == "cancelled" and challenge.cancel_reason == "The budget was cut."
    notice = Notification.objects.get(recipient=supplier_user, event="challenges.cancelled")
    assert notice.path == f"/challenges/{challenge.pk}/"
