from __future__ import annotations

import pytest

from loti.notifications.models import Notification
from procurement import services
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db


def told(user, event: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, event=event).values_list("title", flat=True)
    )


def follow(client, tender):
    return client.post(f"/api/tenders/{tender.pk}/interest/")


def test_followers_and_bidders_are_told_of_answers_without_the_asker(
    api, alice, supplier_user, acme, beta_user, charlie, tender
):
    assert follow(api(beta_user), tender).status_code == 204
    assert follow(api(charlie), tender).status_code == 204
    services.bid_create(acting_user=supplier_user, tender=tender, supplier=acme)
    question = services.question_ask(
        acting_user=supplier_user, tender=tender, supplier=acme, question="Acme asks: TUPE?"
    )
    services.question_answer(
        acting_user=alice, question=question, answer="No TUPE.", published_question="TUPE?"
    )
    for user in (beta_user, charlie, supplier_user):
        assert told(user, "procurement.question_answered") == [
            f"A clarification answer was published for {tender.title}"
        ]
    from loti.notifications.models import OutboundEmail

    for email in OutboundEmail.objects.all():
        assert "Acme" not in email.body_text


def test_followers_are_told_of_amendments_and_withdrawal(api, alice, beta_user, tender):
    follow(api(beta_user), tender)
    services.tender_amend(
        acting_user=alice, tender=tender, rationale="Clearer scope.", changes={"title": "New"}
    )
    services.tender_withdraw(acting_user=alice, tender=tender, reason="No budget.")
    assert told(beta_user, "procurement.tender_amended") == ["New has been amended"]
    assert told(beta_user, "procurement.tender_ended") == ["New: withdrawn"]


def test_unfollowing_stops_the_news(api, alice, beta_user, tender):
    follow(api(beta_user), tender)
    assert api(beta_user).delete(f"/api/tenders/{tender.pk}/interest/").status_code == 204
    services.tender_withdraw(acting_user=alice, tender=tender, reason="No budget.")
    assert told(beta_user, "procurement.tender_ended") == []


def test_drafts_cannot_be_followed_by_outsiders_or_anonymous(api, alice, charlie, draft):
    assert_error(follow(api(charlie), draft), 404)
    assert follow(api(None), draft).status_code in {401, 403}
    assert_error(follow(api(alice), draft), 409, "tender")
