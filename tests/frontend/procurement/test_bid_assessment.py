from __future__ import annotations

from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import evaluate_and_award, submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/assessment/"


def test_bidders_see_their_scores_beside_the_winners_after_the_award(
    client, alice, eve, supplier_user, acme, beta_user, beta, tender
):
    acme_bid = submitted_bid(supplier_user, acme, tender, price=50_000)
    beta_bid = submitted_bid(beta_user, beta, tender, price=40_000)
    tender = evaluate_and_award(alice, eve, tender, beta_bid)
    client.force_login(supplier_user)

    response = client.get(url(acme_bid))

    assert read(response).title == title("Your assessment")
    html = text(response)
    assert "was <strong>not successful</strong>" in html and "Beta (test)" in html
    assert f"{tender.standstill_ends_on.day} " in html
    rows = read(response).rows
    assert rows[0][0] == "Quality" and rows[-1][0] == "Total"
    client.force_login(beta_user)
    assert "was <strong>successful</strong>" in text(client.get(url(beta_bid)))


def test_before_the_award_there_is_no_assessment(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.get(url(bid))

    assert response.status_code == 409
    assert "once the award is decided" in text(response)


def test_only_the_bidder_sees_its_assessment(
    client, alice, eve, supplier_user, acme, beta_user, beta, tender
):
    acme_bid = submitted_bid(supplier_user, acme, tender)
    submitted_bid(beta_user, beta, tender)
    evaluate_and_award(alice, eve, tender, acme_bid)

    client.force_login(beta_user)
    assert client.get(url(acme_bid)).status_code == 404
    client.force_login(alice)
    assert client.get(url(acme_bid)).status_code == 403
    client.logout()
    assert client.get(url(acme_bid))["Location"].startswith("/sign-in/")
