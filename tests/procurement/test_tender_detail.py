from __future__ import annotations

import pytest

from tests.procurement.helpers import assert_error, close

pytestmark = pytest.mark.django_db


class TestDraftVisibility:
    def test_owner_and_colleague_see_the_draft(self, api, alice, bob, draft):
        for user in (alice, bob):
            response = api(user).get(f"/api/tenders/{draft.pk}/")
            assert response.status_code == 200
            assert response.json()["status"] == "draft"

    def test_joint_buyer_sees_the_draft(self, api, alice, camden, charlie, hackney, cpv):
        from tests.procurement.helpers import make_tender

        joint = make_tender(alice, camden, participating_boroughs=[hackney.slug])
        assert api(charlie).get(f"/api/tenders/{joint.pk}/").status_code == 200

    def test_outsider_and_anonymous_get_404(self, api, charlie, supplier_user, draft):
        for user in (charlie, supplier_user, None):
            response = api(user).get(f"/api/tenders/{draft.pk}/")
            assert_error(response, 404)

    def test_drafts_are_not_listed_for_outsiders(self, api, alice, charlie, draft):
        assert [t["id"] for t in api(alice).get("/api/tenders/").json()["results"]] == [draft.pk]
        assert api(charlie).get("/api/tenders/").json()["results"] == []
        assert api(None).get("/api/tenders/").json()["results"] == []


class TestPublishedVisibility:
    def test_anyone_sees_a_published_tender(self, api, charlie, supplier_user, tender):
        for user in (charlie, supplier_user, None):
            response = api(user).get(f"/api/tenders/{tender.pk}/")
            assert response.status_code == 200
            assert response.json()["status"] == "published"
            assert response.json()["is_open"] is True

    def test_status_becomes_closed_by_the_database_clock_without_a_job(self, api, tender):
        close(tender)
        body = api(None).get(f"/api/tenders/{tender.pk}/").json()
        assert body["status"] == "closed"
        assert body["is_open"] is False
        assert body["questions_open"] is False


class TestEditDraft:
    def test_owner_edits_the_draft(self, api, alice, draft):
        response = api(alice).patch(
            f"/api/tenders/{draft.pk}/", {"title": "Better title", "cpv_codes": ["48000000-8"]}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["title"] == "Better title"
        assert [c["code"] for c in response.json()["cpv_codes"]] == ["48000000"]

    def test_colleague_in_the_buyer_borough_edits_too(self, api, bob, draft):
        assert api(bob).patch(f"/api/tenders/{draft.pk}/", {"title": "Bob's"}).status_code == 200

    def test_bad_edit_changes_nothing(self, api, alice, draft):
        response = api(alice).patch(
            f"/api/tenders/{draft.pk}/", {"title": "New", "value_min": "999999999"}
        )
        assert_error(response, 400, "value_min", "value_max")
        draft.refresh_from_db()
        assert draft.title == "Digital inclusion support service"

    def test_joint_buyer_may_see_but_not_edit(self, api, alice, camden, charlie, hackney, cpv):
        from tests.procurement.helpers import make_tender

        joint = make_tender(alice, camden, participating_boroughs=[hackney.slug])
        assert_error(api(charlie).patch(f"/api/tenders/{joint.pk}/", {"title": "X"}), 403)

    def test_outsider_gets_404(self, api, charlie, draft):
        assert_error(api(charlie).patch(f"/api/tenders/{draft.pk}/", {"title": "X"}), 404)

    def test_anonymous_cannot_edit(self, api, tender):
        assert api(None).patch(f"/api/tenders/{tender.pk}/", {"title": "X"}).status_code in {
            401,
            403,
        }

    def test_a_published_tender_is_amended_not_edited(self, api, alice, tender):
        assert_error(api(alice).patch(f"/api/tenders/{tender.pk}/", {"title": "X"}), 409, "status")

    def test_a_supplier_cannot_edit_a_published_tender(self, api, supplier_user, tender):
        assert_error(api(supplier_user).patch(f"/api/tenders/{tender.pk}/", {"title": "X"}), 403)
