"""A sealed bid is invisible to the buyer (content, count and names of bidders) until
closes_at passes by the database clock, on every way in."""

from __future__ import annotations

import pytest
from guardian.shortcuts import assign_perm

from tests.procurement.helpers import assert_error, close, submitted_bid

pytestmark = pytest.mark.django_db

SECRET = "Our secret sauce is a unique marker 7f3a"


@pytest.fixture
def bid(supplier_user, acme, tender):
    return submitted_bid(
        supplier_user, acme, tender, quality=SECRET, **{"social-value": "Local jobs."}
    )


def everything_the_public_and_buyer_can_read(api, user, tender) -> str:
    client = api(user)
    pages = [
        client.get("/api/tenders/"),
        client.get("/api/tenders/", {"search": "digital"}),
        client.get("/api/tenders/facets/"),
        client.get(f"/api/tenders/{tender.pk}/"),
        client.get(f"/api/tenders/{tender.pk}/questions/"),
        client.get(f"/api/tenders/{tender.pk}/amendments/"),
        client.get("/api/open-data/ocds/"),
    ]
    assert all(page.status_code == 200 for page in pages)
    return " ".join(page.content.decode() for page in pages)


class TestBeforeClose:
    def test_buyer_gets_403_listing_bids(self, api, alice, bob, bid, tender):
        for user in (alice, bob):
            body = assert_error(api(user).get(f"/api/tenders/{tender.pk}/bids/"), 403)
            assert "sealed" in body["message"]
            assert "London time" in body["message"]

    def test_buyer_gets_404_for_the_bid_itself(self, api, alice, bid):
        assert_error(api(alice).get(f"/api/bids/{bid.pk}/"), 404)

    def test_evaluator_is_sealed_out_too(self, api, charlie, bid, tender):
        assign_perm("procurement.evaluate_tender", charlie, tender)
        assert_error(api(charlie).get(f"/api/tenders/{tender.pk}/bids/"), 403)
        assert_error(api(charlie).get(f"/api/tenders/{tender.pk}/bidders/"), 403)
        assert_error(api(charlie).get(f"/api/bids/{bid.pk}/"), 404)

    def test_nothing_readable_mentions_the_bid_or_its_bidder(self, api, alice, acme, bid, tender):
        for user in (alice, None):
            text = everything_the_public_and_buyer_can_read(api, user, tender)
            assert SECRET not in text
            assert acme.slug not in text
            assert acme.name not in text
            assert "numberOfTenderers" not in text
            assert "bid_count" not in text and "bids" not in text.replace("/bids/", "")

    def test_evaluation_summary_and_bidders_are_sealed(self, api, alice, bid, tender):
        assert_error(api(alice).get(f"/api/tenders/{tender.pk}/evaluation/"), 403)
        assert_error(api(alice).get(f"/api/tenders/{tender.pk}/bidders/"), 403)


class TestAfterClose:
    def test_buyer_sees_what_was_submitted(self, api, alice, supplier_user, acme, bid, tender):
        # A later edit to the working copy is the supplier's own, never the buyer's to see.
        api(supplier_user).patch(f"/api/bids/{bid.pk}/", {"responses": {"quality": "Draft 2"}})
        close(tender)
        rows = api(alice).get(f"/api/tenders/{tender.pk}/bids/").json()
        assert [row["supplier"]["slug"] for row in rows] == [acme.slug]
        assert rows[0]["submission"]["content"]["responses"]["quality"] == SECRET
        assert "Draft 2" not in str(rows)
        assert "responses" not in rows[0]  # no working copy
        detail = api(alice).get(f"/api/bids/{bid.pk}/").json()
        assert detail["submission"]["sha256"] == bid.latest_submission.sha256

    def test_draft_and_withdrawn_bids_are_never_shown_to_the_buyer(
        self, api, alice, beta_user, beta, acme_colleague, bid, tender
    ):
        api(beta_user).post(f"/api/tenders/{tender.pk}/bids/", {"price": "1"})
        api(acme_colleague).post(f"/api/bids/{bid.pk}/withdraw/")
        close(tender)
        assert api(alice).get(f"/api/tenders/{tender.pk}/bids/").json() == []

    def test_outsiders_still_see_nothing(self, api, charlie, beta_user, bid, tender):
        close(tender)
        assert api(charlie).get(f"/api/tenders/{tender.pk}/bids/").json() == []
        assert api(beta_user).get(f"/api/tenders/{tender.pk}/bids/").json() == []
        assert_error(api(charlie).get(f"/api/bids/{bid.pk}/"), 404)
        assert_error(api(beta_user).get(f"/api/bids/{bid.pk}/"), 404)

    def test_open_data_never_carries_bid_content(self, api, bid, tender):
        close(tender)
        text = api(None).get("/api/open-data/ocds/").content.decode()
        assert SECRET not in text
