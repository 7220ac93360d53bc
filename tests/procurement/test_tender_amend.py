from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from loti.api.errors import ApplicationError
from loti.audit.models import AuditEvent
from procurement import services
from procurement.models import Bid, TenderAmendment
from tests.procurement.helpers import assert_error, close, submitted_bid

pytestmark = pytest.mark.django_db


def amend(client, tender, **changes):
    return client.post(
        f"/api/tenders/{tender.pk}/amendments/",
        {"rationale": "Suppliers asked for more time.", "changes": changes},
    )


def test_amendment_records_what_changed(api, alice, tender):
    later = (tender.closes_at + timedelta(days=7)).isoformat()
    response = amend(api(alice), tender, closes_at=later, description="Now with training.")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1
    assert sorted(body["changed_fields"]) == ["closes_at", "description"]
    assert body["before"]["description"] == "Help residents get online and use council services."
    assert body["after"]["description"] == "Now with training."
    assert AuditEvent.objects.filter(verb="tender.amended").exists()
    listed = api(None).get(f"/api/tenders/{tender.pk}/amendments/").json()
    assert [a["number"] for a in listed] == [1]


def test_bids_submitted_before_an_amendment_need_reconfirming(
    api, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    assert amend(api(alice), tender, value_max="90000").status_code == 201
    bid.refresh_from_db()
    assert bid.needs_reconfirmation is True
    assert api(supplier_user).get(f"/api/bids/{bid.pk}/").json()["needs_reconfirmation"] is True
    # Submitting again against the amended tender confirms it.
    assert api(supplier_user).post(f"/api/bids/{bid.pk}/submit/").status_code == 201
    assert Bid.objects.get(pk=bid.pk).needs_reconfirmation is False


def test_draft_bids_are_not_flagged(api, alice, supplier_user, tender):
    created = api(supplier_user).post(f"/api/tenders/{tender.pk}/bids/", {"price": "1"})
    amend(api(alice), tender, value_max="90000")
    assert Bid.objects.get(pk=created.json()["id"]).needs_reconfirmation is False


def test_an_amendment_that_changes_nothing_is_refused(api, alice, tender):
    assert_error(amend(api(alice), tender, title=tender.title), 400, "changes")


def test_criteria_cannot_change_after_publishing(alice, tender):
    with pytest.raises(ApplicationError) as refused:
        services.tender_amend(
            acting_user=alice,
            tender=tender,
            rationale="Rebalance",
            changes={"criteria": [{"name": "Price", "kind": "price", "weight": 100}]},
        )
    assert set(refused.value.fields) == {"criteria"}
    assert tender.criteria.count() == 3


def test_closing_time_cannot_be_moved_into_the_past(api, alice, tender):
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert_error(amend(api(alice), tender, closes_at=past), 400, "closes_at")
    assert not TenderAmendment.objects.exists()


def test_a_closed_tender_cannot_be_amended(api, alice, tender):
    close(tender)
    assert_error(amend(api(alice), tender, title="Late change"), 409, "closes_at")


def test_who_may_amend(api, bob, charlie, supplier_user, tender):
    assert amend(api(bob), tender, title="Bob's change").status_code == 201
    assert_error(amend(api(charlie), tender, title="X"), 403)
    assert_error(amend(api(supplier_user), tender, title="X"), 403)
    assert amend(api(None), tender, title="X").status_code in {401, 403}


def test_amending_a_draft_is_refused(api, alice, draft):
    assert_error(amend(api(alice), draft, title="X"), 409, "tender")
