from __future__ import annotations

from decimal import Decimal

from procurement import services
from procurement.models import ModeratedScore
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import in_evaluation, scores, submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/moderate/"


def scored_bid(alice, eve, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    services.evaluator_declare(acting_user=eve, tender=tender, conflicts={})
    services.bid_score(acting_user=eve, bid=bid, scores=scores(4, 2))
    return bid


def test_it_checks_ownership(
    client, alice, bob, charlie, eve, beta_user, supplier_user, acme, tender
):
    bid = scored_bid(alice, eve, supplier_user, acme, tender)
    for user, status in ((alice, 200), (bob, 200), (eve, 403), (charlie, 404), (beta_user, 404)):
        client.force_login(user)
        assert client.get(url(bid)).status_code == status, user


def test_the_moderator_sees_the_evaluators_scores_and_agrees_them(
    client, alice, eve, supplier_user, acme, tender
):
    bid = scored_bid(alice, eve, supplier_user, acme, tender)
    client.force_login(alice)
    page = client.get(url(bid))
    assert read(page).title == title("Agree the scores for Acme (test)")
    assert "Eve Evaluator" in text(page) and "mean 4.00" in text(page)

    response = client.post(
        url(bid),
        {
            "score_quality": "4",
            "rationale_quality": "Strong case studies.",
            "score_social-value": "3",
            "rationale_social-value": "Some apprentices.",
        },
    )

    assert response["Location"] == f"/tenders/{tender.pk}/evaluation/"
    agreed = {m.criterion.key: m.score for m in ModeratedScore.objects.select_related("criterion")}
    assert agreed == {"quality": Decimal("4.00"), "social-value": Decimal("3.00")}


def test_each_agreed_score_needs_a_reason_and_a_valid_score(
    client, alice, eve, supplier_user, acme, tender
):
    bid = scored_bid(alice, eve, supplier_user, acme, tender)
    client.force_login(alice)

    response = client.post(url(bid), {"score_quality": "9", "score_social-value": "x"})

    assert read(response).summary == [
        ("#id_rationale_quality", "Give the reason for the agreed score for quality"),
        ("#id_score_social-value", "The score for social value must be a number from 0 to 5"),
        ("#id_rationale_social-value", "Give the reason for the agreed score for social value"),
    ]
    assert not ModeratedScore.objects.exists()


def test_an_out_of_range_score_is_refused_by_the_service(
    client, alice, eve, supplier_user, acme, tender
):
    bid = scored_bid(alice, eve, supplier_user, acme, tender)
    client.force_login(alice)

    response = client.post(
        url(bid),
        {
            "score_quality": "9",
            "rationale_quality": "R",
            "score_social-value": "3",
            "rationale_social-value": "R",
        },
    )

    assert read(response).summary == [("#id_score_quality", "Scores run from 0 to 5.")]
    assert not ModeratedScore.objects.exists()
