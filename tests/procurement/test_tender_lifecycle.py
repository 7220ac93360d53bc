from __future__ import annotations

import pytest

from loti.audit.models import AuditEvent
from tests.procurement.helpers import assert_error, close, submitted_bid

pytestmark = pytest.mark.django_db


def test_withdrawing_records_the_reason_and_never_opens_the_bids(
    api, alice, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    response = api(alice).post(
        f"/api/tenders/{tender.pk}/withdraw/", {"reason": "The budget was withdrawn."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    assert response.json()["end_reason"] == "The budget was withdrawn."
    close(tender)
    assert_error(api(alice).get(f"/api/tenders/{tender.pk}/bids/"), 403)
    assert AuditEvent.objects.filter(verb="tender.withdrawn").exists()


def test_withdrawing_needs_a_reason(api, alice, tender):
    assert_error(
        api(alice).post(f"/api/tenders/{tender.pk}/withdraw/", {"reason": " "}), 400, "reason"
    )


def test_withdrawing_after_the_deadline_is_refused(api, alice, tender):
    close(tender)
    response = api(alice).post(f"/api/tenders/{tender.pk}/withdraw/", {"reason": "Too late"})
    assert_error(response, 409, "closes_at")


def test_cancelling_after_close_records_the_reason(api, alice, tender):
    close(tender)
    response = api(alice).post(f"/api/tenders/{tender.pk}/cancel/", {"reason": "Merged."})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert AuditEvent.objects.filter(verb="tender.cancelled").exists()


def test_a_draft_cannot_be_cancelled(api, alice, draft):
    assert_error(
        api(alice).post(f"/api/tenders/{draft.pk}/cancel/", {"reason": "x"}), 409, "status"
    )


def test_who_may_withdraw_or_cancel(api, bob, charlie, supplier_user, tender):
    for user in (charlie, supplier_user):
        assert_error(api(user).post(f"/api/tenders/{tender.pk}/cancel/", {"reason": "x"}), 403)
    assert api(None).post(f"/api/tenders/{tender.pk}/cancel/", {"reason": "x"}).status_code in {
        401,
        403,
    }
    response = api(bob).post(f"/api/tenders/{tender.pk}/withdraw/", {"reason": "Bob's call."})
    assert response.status_code == 200
