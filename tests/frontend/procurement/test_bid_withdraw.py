from __future__ import annotations

from procurement.models import Bid
from tests.frontend.helpers import read, title
from tests.procurement.helpers import close, submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/withdraw/"


def test_it_checks_ownership(client, alice, supplier_user, beta_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    for user, status in ((supplier_user, 200), (alice, 404), (beta_user, 404)):
        client.force_login(user)
        assert client.get(url(bid)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)

    assert client.post(url(bid))["Location"].startswith("/sign-in/")
    assert Bid.objects.get().status == "submitted"


def test_the_bidder_withdraws_before_the_deadline(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)
    assert read(client.get(url(bid))).title == title("Withdraw your bid")

    response = client.post(url(bid))

    assert response["Location"] == f"/tenders/{tender.pk}/"
    assert Bid.objects.get().status == "withdrawn"


def test_no_withdrawal_after_the_deadline(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    close(tender)
    client.force_login(supplier_user)

    response = client.post(url(bid))

    [(_, message)] = read(response).summary
    assert "You can no longer withdraw your bid." in message
    assert Bid.objects.get().status == "submitted"
