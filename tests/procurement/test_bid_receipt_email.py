"""On submit the supplier gets a receipt by e-mail: the time and the SHA-256 of what
was sealed, whatever their notification preferences."""

from __future__ import annotations

import pytest

from loti.notifications.models import Category, Frequency, OutboundEmail
from loti.notifications.services import preferences_update
from tests.procurement.helpers import submitted_bid

pytestmark = pytest.mark.django_db


def test_every_member_of_the_bidder_gets_the_receipt_with_time_and_hash(
    supplier_user, acme_colleague, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    submission = bid.latest_submission
    for person in (supplier_user, acme_colleague):
        email = OutboundEmail.objects.get(to_address=person.email, event="procurement.bid_receipt")
        assert submission.sha256 in email.body_text
        assert "London time" in email.body_text
        assert f"/bids/{bid.pk}/receipt/" in email.body_text


def test_receipt_is_sent_even_when_tender_mail_is_off(supplier_user, acme, tender):
    preferences_update(acting_user=supplier_user, changes={Category.TENDERS: Frequency.OFF})
    submitted_bid(supplier_user, acme, tender)
    assert OutboundEmail.objects.filter(
        to_address=supplier_user.email, event="procurement.bid_receipt"
    ).exists()


def test_the_buyer_is_not_told_of_a_submission(alice, supplier_user, acme, tender):
    submitted_bid(supplier_user, acme, tender)
    assert not OutboundEmail.objects.filter(to_address=alice.email).exists()
