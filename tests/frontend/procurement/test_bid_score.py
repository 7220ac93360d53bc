from __future__ import annotations

from decimal import Decimal

from procurement import services
from procurement.models import EvaluatorScore
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import RESPONSES, in_evaluation, submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/score/"


def declared(alice, eve, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    services.evaluator_declare(acting_user=eve, tender=tender, conflicts={})
    return bid


def test_it_checks_ownership(client, alice, charlie, eve, supplier_user, beta_user, acme, tender):
    bid = declared(alice, eve, supplier_user, acme, tender)
    for user, status in ((eve, 200), (alice, 403), (charlie, 404), (beta_user, 404)):
        client.force_login(user)
        assert client.get(url(bid)).status_code == status, user


def test_the_evaluator_reads_the_bid_and_scores_it_with_comments(
    client, alice, eve, supplier_user, acme, tender
):
    bid = declared(alice, eve, supplier_user, acme, tender)
    client.force_login(eve)
    page = client.get(url(bid))
    assert read(page).title == title("Score the bid from Acme (test)")
    assert RESPONSES["quality"] in text(page)

    response = client.post(
        url(bid),
        {"score_quality": "4.5", "comment_quality": "Strong.", "score_social-value": "3"},
    )

    assert response["Location"] == f"/tenders/{tender.pk}/evaluate/"
    saved = {s.criterion.key: (s.score, s.comment) for s in EvaluatorScore.objects.all()}
    assert saved == {"quality": (Decimal("4.50"), "Strong."), "social-value": (Decimal("3.00"), "")}
    assert read(client.get(f"/tenders/{tender.pk}/evaluate/")).rows == [["Acme (test)", "Scored"]]
    again = text(client.get(url(bid)))
    assert 'value="4.5"' in again


def test_scoring_before_declaring_is_refused(client, alice, eve, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    client.force_login(eve)

    assert client.get(url(bid)).status_code == 404  # not readable until declared
    assert not EvaluatorScore.objects.exists()


def test_a_missing_score_is_named_and_nothing_is_saved(
    client, alice, eve, supplier_user, acme, tender
):
    bid = declared(alice, eve, supplier_user, acme, tender)
    client.force_login(eve)

    response = client.post(url(bid), {"score_quality": "4"})

    assert read(response).summary == [("#id_score_social-value", "Enter a score for social value")]
    assert not EvaluatorScore.objects.exists()
