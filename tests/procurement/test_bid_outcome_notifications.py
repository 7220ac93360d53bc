"""Every bidder hears how the tender ended for them: the award's outcome with a link to
their assessment, or the buyer's reason for ending without a contract."""

from __future__ import annotations

import pytest

from loti.notifications.models import Notification
from procurement import services
from tests.factories import UserFactory
from tests.procurement.helpers import close, evaluate_and_award, in_evaluation, submitted_bid

pytestmark = pytest.mark.django_db


@pytest.fixture
def bids(supplier_user, acme, beta_user, beta, tender):
    return {
        "acme": submitted_bid(supplier_user, acme, tender, price=50_000),
        "beta": submitted_bid(beta_user, beta, tender, price=40_000),
    }


@pytest.fixture
def eve(db):
    return UserFactory(email="eve.evaluator@gmail.com")


def notices(user, event):
    return list(Notification.objects.filter(recipient=user, event=event))


def test_each_bidder_is_told_their_own_outcome_with_a_link_to_their_assessment(
    alice, eve, supplier_user, acme_colleague, beta_user, bids, tender
):
    evaluate_and_award(alice, eve, tender, bids["acme"])

    for person in (supplier_user, acme_colleague):
        [notice] = notices(person, "procurement.bid_outcome")
        assert notice.title == f"{tender.title}: your bid was successful"
        assert notice.path == f"/bids/{bids['acme'].pk}/assessment/"
        assert "standstill period ends" in notice.body
    [notice] = notices(beta_user, "procurement.bid_outcome")
    assert notice.title == f"{tender.title}: your bid was unsuccessful"
    assert notice.path == f"/bids/{bids['beta'].pk}/assessment/"
    assert "Camden (test) chose another bid" in notice.body
    # Nobody is told about another supplier's bid, and the buyer is told nothing.
    assert "Acme" not in notice.body
    assert notices(alice, "procurement.bid_outcome") == []


def test_a_withdrawn_bidder_is_not_told_of_the_award(
    alice, eve, supplier_user, acme, beta_user, bids, tender
):
    services.bid_withdraw(acting_user=beta_user, bid=bids["beta"])

    evaluate_and_award(alice, eve, tender, bids["acme"])

    assert notices(beta_user, "procurement.bid_outcome") == []
    assert len(notices(supplier_user, "procurement.bid_outcome")) == 1


def test_bidders_are_told_of_no_award_with_the_reason(
    alice, eve, supplier_user, beta_user, bids, tender
):
    in_evaluation(alice, eve, tender)

    services.tender_no_award(acting_user=alice, tender=tender, reason="All bids over budget.")

    for person in (supplier_user, beta_user):
        [notice] = notices(person, "procurement.tender_ended")
        assert notice.title == f"{tender.title}: no contract awarded"
        assert notice.body == "Camden (test) gave this reason: All bids over budget."
        assert notice.path == f"/tenders/{tender.pk}/"


def test_bidders_are_told_of_cancellation_with_the_reason(
    alice, supplier_user, beta_user, bids, tender
):
    close(tender)

    services.tender_cancel(
        acting_user=alice, tender=tender, reason="The service is no longer needed."
    )

    for person in (supplier_user, beta_user):
        [notice] = notices(person, "procurement.tender_ended")
        assert notice.title == f"{tender.title}: cancelled"
        assert "The service is no longer needed." in notice.body
