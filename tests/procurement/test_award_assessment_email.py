"""At the award every bidder is e-mailed its own full assessment summary: its scores
and the winner's, per criterion, with the reasons, and when the standstill period ends.
Account mail: it arrives whatever the person's tender e-mail preference."""

from __future__ import annotations

import pytest
from django.core import mail

from loti.notifications.models import Category, Frequency
from loti.notifications.outbox import outbox_send_pending
from loti.notifications.services import preferences_update
from procurement import services
from procurement.models import Tender
from tests.factories import SupplierFactory, UserFactory, member_of
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import in_evaluation, submitted_bid

pytestmark = pytest.mark.django_db

# quality and social value marks out of 5, the price, and the moderator's reasons.
MARKS = {
    "acme": (5, 4, 50_000, "Acme: six boroughs served"),
    "beta": (3, 3, 40_000, "Beta: a thin method statement"),
    "gamma": (2, 1, 60_000, "Gamma: no delivery plan"),
}


@pytest.fixture
def eve(db):
    return UserFactory(email="eve.evaluator@gmail.com")


@pytest.fixture
def gamma_user(db):
    gamma = SupplierFactory(slug="gamma-test", name="Gamma (test)")
    return member_of(gamma, email="gus@gamma-test.example")


@pytest.fixture
def awarded(alice, eve, supplier_user, acme, beta_user, beta, gamma_user, tender):
    """Acme wins with 92 points; Beta scores 72, Gamma 46 (the weights are quality 60,
    price 30, social value 10; the lowest price, Beta's, scores full marks)."""
    bids = {
        "acme": submitted_bid(supplier_user, acme, tender, price=MARKS["acme"][2]),
        "beta": submitted_bid(beta_user, beta, tender, price=MARKS["beta"][2]),
        "gamma": submitted_bid(
            gamma_user,
            gamma_user.memberships.get().organisation,
            tender,
            price=MARKS["gamma"][2],
        ),
    }
    in_evaluation(alice, eve, tender)
    services.evaluator_declare(acting_user=eve, tender=tender, conflicts={})
    for name, bid in bids.items():
        quality, social, _, why = MARKS[name]
        marks = [
            {"criterion": "quality", "score": quality},
            {"criterion": "social-value", "score": social},
        ]
        services.bid_score(acting_user=eve, bid=bid, scores=marks)
        services.bid_moderate(
            acting_user=alice,
            bid=bid,
            scores=[{**mark, "rationale": f"{why} ({mark['criterion']})."} for mark in marks],
        )
    services.tender_award(acting_user=alice, tender=tender, bid=bids["acme"])
    outbox_send_pending()
    return Tender.objects.get(pk=tender.pk), bids


def award_mail(address):
    [message] = [
        m for m in mail.outbox if m.to == [address] and "your bid was" in m.subject.lower()
    ]
    return message.subject, message.body, message.alternatives[0][0]


def standstill_end(tender):
    day = tender.standstill_ends_on
    return f"11:59pm on {day.day} {day:%B %Y}, London time"


def test_an_unsuccessful_bidder_gets_its_scores_beside_the_winners_with_reasons(awarded, beta_user):
    tender, bids = awarded

    subject, body, html = award_mail(beta_user.email)

    assert subject == f"{tender.title}: your bid was unsuccessful"
    assert "Beta (test)'s bid for Digital inclusion support service was not successful." in body
    assert "Camden (test) has decided to award the contract to Acme (test)." in body
    assert f"The standstill period ends at {standstill_end(tender)}." in body
    assert "Quality (weight 60%)" in body
    assert "- Your score: 36.00 out of 60. Beta: a thin method statement (quality)." in body
    assert "- Acme (test)'s score: 60.00 out of 60. Acme: six boroughs served (quality)." in body
    assert "Social value (weight 10%)" in body
    assert "- Your score: 6.00 out of 10. Beta: a thin method statement (social-value)." in body
    assert "- Acme (test)'s score: 8.00 out of 10. Acme: six boroughs served (social-value)." in (
        body
    )
    # Price is worked out by the stated formula, which is the reason given.
    assert (
        "- Your score: 30.00 out of 30. Scored by the stated formula: the lowest price "
        "received \N{DIVISION SIGN} your price (\N{POUND SIGN}40,000.00) "
        "\N{MULTIPLICATION SIGN} 30."
    ) in body
    assert "the winning price (\N{POUND SIGN}50,000.00)" in body
    assert "Total: 72.00 out of 100. Acme (test): 92.00 out of 100." in body
    assert f"http://testserver/bids/{bids['beta'].pk}/assessment/" in body
    # The HTML alternative says the same.
    assert "Beta: a thin method statement (quality)." in html
    assert "Acme: six boroughs served (quality)." in html
    assert standstill_end(tender) in html


def test_no_bidder_learns_another_unsuccessful_bidders_scores(awarded, beta_user, gamma_user):
    _, body, html = award_mail(beta_user.email)
    for leak in ("Gamma", "46.00", "24.00 out of 60", "60,000"):
        assert leak not in body and leak not in html, leak

    _, body, html = award_mail(gamma_user.email)
    assert "- Your score: 24.00 out of 60. Gamma: no delivery plan (quality)." in body
    assert "Total: 46.00 out of 100. Acme (test): 92.00 out of 100." in body
    for leak in ("Beta", "72.00", "36.00 out of 60", "40,000"):
        assert leak not in body and leak not in html, leak


def test_the_winner_gets_a_different_mail_with_its_own_scores(
    acme_colleague, awarded, supplier_user
):
    tender, _ = awarded
    for person in (supplier_user, acme_colleague):
        subject, body, html = award_mail(person.email)

        assert subject == f"{tender.title}: your bid was successful"
        assert "Acme (test)'s bid for Digital inclusion support service was successful." in body
        assert "Camden (test) has decided to award the contract to Acme (test)." in body
        assert f"The standstill period ends at {standstill_end(tender)}." in body
        assert "- Your score: 60.00 out of 60. Acme: six boroughs served (quality)." in body
        assert "Total: 92.00 out of 100." in body
        assert "'s score:" not in body and "question the decision" not in body
        for leak in ("Beta", "Gamma", "72.00", "46.00"):
            assert leak not in body and leak not in html, leak


@pytest.fixture
def tender_mail_off(supplier_user, beta_user):
    for person in (supplier_user, beta_user):
        preferences_update(acting_user=person, changes={Category.TENDERS: Frequency.OFF})


def test_the_summary_arrives_even_with_tender_emails_turned_off(
    tender_mail_off, awarded, supplier_user, beta_user
):
    for person in (supplier_user, beta_user):
        _, body, _ = award_mail(person.email)
        assert "Your score:" in body
        # Account mail carries no unsubscribe link: it cannot be turned off.
        assert "Stop e-mails" not in body


def test_the_buyer_and_the_evaluator_get_no_assessment(awarded, alice, bob, eve):
    for person in (alice, bob, eve):
        assert not [m for m in mail.outbox if m.to == [person.email]]


def test_the_assessment_page_and_api_give_the_same_reasons(api, client, awarded, beta_user):
    tender, bids = awarded

    body = api(beta_user).get(f"/api/bids/{bids['beta'].pk}/assessment/").json()
    client.force_login(beta_user)
    page = text(client.get(f"/bids/{bids['beta'].pk}/assessment/"))

    quality = body["criteria"][0]
    assert quality["your_reason"] == "Beta: a thin method statement (quality)."
    assert quality["winning_reason"] == "Acme: six boroughs served (quality)."
    assert (body["your_price"], body["winning_price"]) == ("40000.00", "50000.00")
    assert "Beta: a thin method statement (quality)." in page
    assert "Acme: six boroughs served (quality)." in page
    assert f"The standstill period ends at {standstill_end(tender)}." in page
    assert "Gamma" not in page and "Gamma" not in str(body)
