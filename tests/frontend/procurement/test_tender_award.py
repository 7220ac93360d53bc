from __future__ import annotations

from procurement import services
from procurement.models import Bid, Tender, TenderStatus
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import in_evaluation, scores, submitted_bid


def url(tender) -> str:
    return f"/tenders/{tender.pk}/evaluation/award/"


def moderated(alice, eve, tender, *bids):
    tender = in_evaluation(alice, eve, tender)
    services.evaluator_declare(acting_user=eve, tender=tender, conflicts={})
    for bid in bids:
        services.bid_score(acting_user=eve, bid=bid, scores=scores(4, 3))
        services.bid_moderate(acting_user=alice, bid=bid, scores=scores(4, 3, "rationale"))
    return tender


def test_it_checks_ownership(client, alice, bob, charlie, eve, supplier_user, acme, tender):
    moderated(alice, eve, tender, submitted_bid(supplier_user, acme, tender))
    for user, status in (
        (alice, 200),
        (bob, 200),
        (charlie, 403),
        (supplier_user, 403),
        (eve, 403),
    ):
        client.force_login(user)
        assert client.get(url(tender)).status_code == status, user


def test_the_buyer_chooses_the_winner_and_the_standstill_starts(
    client, alice, eve, supplier_user, acme, beta_user, beta, tender
):
    acme_bid = submitted_bid(supplier_user, acme, tender, price=50_000)
    beta_bid = submitted_bid(beta_user, beta, tender, price=40_000)
    moderated(alice, eve, tender, acme_bid, beta_bid)
    client.force_login(alice)
    form = client.get(url(tender))
    assert read(form).title == title("Award the contract")
    assert "Beta (test): 84.00 points, rank 1" in text(form)
    assert "Acme (test): 78.00 points, rank 2" in text(form)

    response = client.post(url(tender), {"bid": str(beta_bid.pk)})

    assert response["Location"] == f"/tenders/{tender.pk}/evaluation/"
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL
    assert tender.winning_bid_id == beta_bid.pk
    assert Bid.objects.get(pk=acme_bid.pk).outcome == "unsuccessful"
    public = text(client.get(f"/tenders/{tender.pk}/"))
    assert "Awarded to Beta (test)" in public and "standstill period" in public


def test_choosing_nothing_is_named(client, alice, eve, supplier_user, acme, tender):
    moderated(alice, eve, tender, submitted_bid(supplier_user, acme, tender))
    client.force_login(alice)

    response = client.post(url(tender), {})

    assert read(response).summary == [("#id_bid", "Choose the winning bid")]
    assert Tender.objects.get().status == TenderStatus.EVALUATION


def test_bids_without_agreed_scores_block_the_award(
    client, alice, eve, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    client.force_login(alice)

    response = client.post(url(tender), {"bid": str(bid.pk)})

    assert read(response).summary == [
        ("#id_bid", "1 bid(s) still need agreed scores before the award.")
    ]
    assert Tender.objects.get().status == TenderStatus.EVALUATION


def test_before_the_deadline_the_award_page_reveals_nothing(
    client, alice, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    client.force_login(alice)

    response = client.get(url(tender))

    assert response.status_code == 403
    assert "Acme" not in text(response)
