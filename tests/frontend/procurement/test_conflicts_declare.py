from __future__ import annotations

from procurement.models import BidConflict, EvaluatorDeclaration
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import in_evaluation, submitted_bid


def url(tender) -> str:
    return f"/tenders/{tender.pk}/conflicts/"


def test_only_evaluators_and_buyers_may_see_who_bid(
    client, alice, bob, charlie, eve, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    for user, status in ((eve, 200), (alice, 200), (charlie, 403), (supplier_user, 403)):
        client.force_login(user)
        assert client.get(url(tender)).status_code == status, user


def test_nobody_sees_who_bid_before_the_deadline(client, alice, eve, supplier_user, acme, tender):
    from procurement import services

    submitted_bid(supplier_user, acme, tender)
    services.evaluator_add(acting_user=alice, tender=tender, evaluator=eve)
    client.force_login(eve)

    response = client.get(url(tender))

    assert response.status_code == 403
    assert "Acme" not in text(response)


def test_the_evaluator_declares_a_conflict_and_that_bid_is_hidden(
    client, alice, eve, supplier_user, acme, beta_user, beta, tender
):
    acme_bid = submitted_bid(supplier_user, acme, tender)
    beta_bid = submitted_bid(beta_user, beta, tender)
    in_evaluation(alice, eve, tender)
    client.force_login(eve)
    page = client.get(url(tender))
    assert read(page).title == title("Declare conflicts of interest")
    assert "Conflict of interest with Acme (test)" in text(page)

    response = client.post(url(tender), {f"bid_{beta_bid.pk}": "I used to work there."})

    assert response["Location"] == f"/tenders/{tender.pk}/evaluate/"
    assert EvaluatorDeclaration.objects.filter(evaluator=eve).exists()
    assert BidConflict.objects.get().bid_id == beta_bid.pk
    listed = text(client.get(response["Location"]))
    assert "Acme (test)" in listed and "Beta (test)" not in listed
    assert client.get(f"/bids/{beta_bid.pk}/score/").status_code == 404
    assert client.get(f"/bids/{acme_bid.pk}/score/").status_code == 200


def test_declaring_twice_goes_straight_to_the_bids(client, alice, eve, supplier_user, acme, tender):
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    client.force_login(eve)
    client.post(url(tender), {})

    assert client.get(url(tender))["Location"] == f"/tenders/{tender.pk}/evaluate/"


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.get(url(tender))["Location"].startswith("/sign-in/")
