from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from loti.audit.models import AuditEvent
from procurement.models import OcdsRelease, Tender
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_owner_publishes_and_it_becomes_public(api, alice, draft):
    response = api(alice).post(f"/api/tenders/{draft.pk}/publish/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "published"
    assert body["visibility"] == "public"
    assert body["published_at"]
    assert OcdsRelease.objects.filter(tender=draft, tag="tender").count() == 1
    assert AuditEvent.objects.filter(verb="tender.published", target_id=str(draft.pk)).exists()


def test_colleague_may_publish(api, bob, draft):
    assert api(bob).post(f"/api/tenders/{draft.pk}/publish/").status_code == 200


def test_publishing_twice_is_a_conflict(api, alice, tender):
    assert_error(api(alice).post(f"/api/tenders/{tender.pk}/publish/"), 409, "status")


def test_a_draft_whose_closing_time_has_passed_cannot_be_published(api, alice, draft):
    Tender.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert_error(api(alice).post(f"/api/tenders/{draft.pk}/publish/"), 400, "closes_at")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_outsider_gets_404_and_anonymous_is_refused(api, charlie, draft):
    assert_error(api(charlie).post(f"/api/tenders/{draft.pk}/publish/"), 404)
    assert api(None).post(f"/api/tenders/{draft.pk}/publish/").status_code in {401, 403}
