from __future__ import annotations

import hashlib
import json

import pytest

from loti.audit.models import AuditEvent
from procurement.models import Bid, BidSubmission
from tests.procurement.helpers import RESPONSES, assert_error, close

pytestmark = pytest.mark.django_db


def start(client, tender, **data):
    data.setdefault("price", "45000")
    data.setdefault("responses", RESPONSES)
    return client.post(f"/api/tenders/{tender.pk}/bids/", data)


class TestDraftBid:
    def test_supplier_starts_a_draft(self, api, supplier_user, acme, tender):
        response = start(api(supplier_user), tender)
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"] == "draft"
        assert body["supplier"]["slug"] == acme.slug
        assert body["receipt"] is None

    def test_a_second_live_bid_is_refused(self, api, supplier_user, acme_colleague, tender):
        start(api(supplier_user), tender)
        assert_error(start(api(acme_colleague), tender), 409, "supplier")
        assert Bid.objects.count() == 1

    def test_after_withdrawing_a_new_bid_may_be_started(self, api, supplier_user, tender):
        first = start(api(supplier_user), tender).json()
        api(supplier_user).post(f"/api/bids/{first['id']}/withdraw/")
        assert start(api(supplier_user), tender).status_code == 201

    def test_unknown_criterion_is_refused(self, api, supplier_user, tender):
        response = start(api(supplier_user), tender, responses={"astrology": "x"})
        assert_error(response, 400, "responses")
        assert not Bid.objects.exists()

    def test_no_bid_on_a_draft_tender(self, api, supplier_user, draft):
        assert_error(start(api(supplier_user), draft), 404)

    def test_no_bid_on_a_closed_tender(self, api, supplier_user, tender):
        close(tender)
        assert_error(start(api(supplier_user), tender), 409, "closes_at")
        assert not Bid.objects.exists()

    def test_officers_and_anonymous_cannot_bid(self, api, alice, charlie, tender):
        assert_error(start(api(alice), tender), 403, "supplier")
        assert_error(start(api(charlie), tender), 403, "supplier")
        assert start(api(None), tender).status_code in {401, 403}


class TestSubmit:
    def test_receipt_has_database_time_and_sha256_of_canonical_content(
        self, api, supplier_user, tender
    ):
        bid = start(api(supplier_user), tender).json()
        response = api(supplier_user).post(f"/api/bids/{bid['id']}/submit/")
        assert response.status_code == 201, response.json()
        receipt = response.json()
        canonical = json.dumps(
            receipt["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
        assert receipt["sha256"] == hashlib.sha256(canonical).hexdigest()
        assert receipt["content"]["price"] == "45000.00"
        assert receipt["content"]["responses"] == RESPONSES
        assert receipt["submitted_at_london"].endswith("London time")
        stored = BidSubmission.objects.get(bid_id=bid["id"])
        assert stored.sha256 == receipt["sha256"]
        assert stored.submitted_at < tender.closes_at
        assert AuditEvent.objects.filter(verb="bid.submitted", target_id=str(bid["id"])).exists()

    def test_colleague_edits_and_resubmits_with_a_new_receipt(
        self, api, supplier_user, acme_colleague, tender
    ):
        bid = start(api(supplier_user), tender).json()
        first = api(supplier_user).post(f"/api/bids/{bid['id']}/submit/").json()
        edited = api(acme_colleague).patch(f"/api/bids/{bid['id']}/", {"price": "39000"})
        assert edited.status_code == 200, edited.json()
        second = api(acme_colleague).post(f"/api/bids/{bid['id']}/submit/").json()
        assert second["number"] == 2
        assert second["sha256"] != first["sha256"]
        assert second["content"]["price"] == "39000.00"
        assert BidSubmission.objects.filter(bid_id=bid["id"]).count() == 2

    def test_incomplete_bid_cannot_be_submitted(self, api, supplier_user, tender):
        bid = start(api(supplier_user), tender, responses={"quality": "Yes"}, price=None).json()
        response = api(supplier_user).post(f"/api/bids/{bid['id']}/submit/")
        assert_error(response, 400, "responses", "price")
        assert not BidSubmission.objects.exists()

    def test_submitting_after_the_deadline_is_refused(self, api, supplier_user, tender):
        bid = start(api(supplier_user), tender).json()
        close(tender)
        body = assert_error(
            api(supplier_user).post(f"/api/bids/{bid['id']}/submit/"), 409, "closes_at"
        )
        assert "London time" in body["message"]
        assert Bid.objects.get(pk=bid["id"]).status == "draft"

    def test_editing_after_the_deadline_is_refused(self, api, supplier_user, tender):
        bid = start(api(supplier_user), tender).json()
        close(tender)
        response = api(supplier_user).patch(f"/api/bids/{bid['id']}/", {"price": "1"})
        assert_error(response, 409, "closes_at")


class TestWithdraw:
    def test_supplier_withdraws_before_the_deadline(self, api, supplier_user, tender):
        bid = start(api(supplier_user), tender).json()
        api(supplier_user).post(f"/api/bids/{bid['id']}/submit/")
        response = api(supplier_user).post(f"/api/bids/{bid['id']}/withdraw/")
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"
        assert BidSubmission.objects.filter(bid_id=bid["id"]).count() == 1  # kept on record
        assert AuditEvent.objects.filter(verb="bid.withdrawn").exists()

    def test_withdrawing_after_the_deadline_is_refused(self, api, supplier_user, tender):
        bid = start(api(supplier_user), tender).json()
        close(tender)
        assert_error(api(supplier_user).post(f"/api/bids/{bid['id']}/withdraw/"), 409, "closes_at")


class TestOwnership:
    def test_another_supplier_gets_404_on_every_bid_endpoint(
        self, api, supplier_user, beta_user, tender
    ):
        bid = start(api(supplier_user), tender).json()
        client = api(beta_user)
        assert_error(client.get(f"/api/bids/{bid['id']}/"), 404)
        assert_error(client.patch(f"/api/bids/{bid['id']}/", {"price": "1"}), 404)
        assert_error(client.post(f"/api/bids/{bid['id']}/submit/"), 404)
        assert_error(client.post(f"/api/bids/{bid['id']}/withdraw/"), 404)
        assert client.get(f"/api/tenders/{tender.pk}/bids/").json() == []

    def test_colleague_at_the_supplier_sees_the_bid(
        self, api, supplier_user, acme_colleague, tender
    ):
        bid = start(api(supplier_user), tender).json()
        assert api(acme_colleague).get(f"/api/bids/{bid['id']}/").status_code == 200
        listed = api(acme_colleague).get(f"/api/tenders/{tender.pk}/bids/").json()
        assert [row["id"] for row in listed] == [bid["id"]]

    def test_anonymous_gets_nothing(self, api, supplier_user, tender):
        bid = start(api(supplier_user), tender).json()
        assert api(None).get(f"/api/bids/{bid['id']}/").status_code in {401, 403}
        assert api(None).get(f"/api/tenders/{tender.pk}/bids/").status_code in {401, 403}
