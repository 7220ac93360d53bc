from __future__ import annotations

from procurement.models import Bid
from tests.frontend.helpers import read
from tests.procurement.helpers import close


def url(tender) -> str:
    return f"/tenders/{tender.pk}/bid/"


def test_a_supplier_starts_a_draft_bid_and_lands_on_it(client, supplier_user, acme, tender):
    client.force_login(supplier_user)

    response = client.post(url(tender), {"supplier": acme.slug})

    bid = Bid.objects.get()
    assert (bid.supplier, bid.status) == (acme, "draft")
    assert response["Location"] == f"/bids/{bid.pk}/"


def test_a_second_bid_for_the_same_supplier_is_refused(client, supplier_user, acme, tender):
    client.force_login(supplier_user)
    client.post(url(tender), {"supplier": acme.slug})

    response = client.post(url(tender), {"supplier": acme.slug})

    assert response.status_code == 409
    assert read(response).h1 == ["You cannot do this now"]
    assert "Acme (test) already has a bid for this tender" in response.content.decode()
    assert Bid.objects.count() == 1


def test_officers_cannot_bid(client, alice, tender):
    client.force_login(alice)

    response = client.post(url(tender), {})

    assert response.status_code == 403
    assert not Bid.objects.exists()


def test_no_bid_after_the_deadline(client, supplier_user, acme, tender):
    close(tender)
    client.force_login(supplier_user)

    response = client.post(url(tender), {"supplier": acme.slug})

    assert response.status_code == 409
    assert "This tender closed at" in response.content.decode()
    assert not Bid.objects.exists()


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.post(url(tender))["Location"].startswith("/sign-in/")
    assert not Bid.objects.exists()


def test_a_draft_tender_is_404_to_suppliers(client, supplier_user, acme, draft):
    client.force_login(supplier_user)

    assert client.post(url(draft), {"supplier": acme.slug}).status_code == 404
