"""The OCDS 1.1 release package, validated against the OCDS 1.1.5 schemas kept in
../shared (never fetched: the schemas' URLs resolve from a local registry)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource

from procurement import services
from procurement.models import Tender
from procurement.ocds import release_package
from tests.procurement.helpers import assert_error, close, make_tender, publish, submitted_bid

pytestmark = pytest.mark.django_db

SECRET = "Confidential method statement 91c2"


def ocds_validator() -> Draft4Validator:
    folder = Path(settings.SHARED_DATA_DIR) / "ocds-1.1.5"
    resources = []
    for name in ("release-package-schema.json", "release-schema.json"):
        contents = json.loads((folder / name).read_text())
        resources.append((contents["id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    package = json.loads((folder / "release-package-schema.json").read_text())
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def assert_valid(package: dict) -> None:
    errors = sorted(ocds_validator().iter_errors(package), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def package(api) -> dict:
    response = api(None).get("/api/open-data/ocds/")
    assert response.status_code == 200
    return response.json()


def tags(body, tender) -> list[str]:
    return [
        release["tag"][0]
        for release in body["releases"]
        if release["ocid"] == f"ocds-loti01-{tender.pk}"
    ]


def test_validator_follows_the_reference_into_the_release_schema(api, tender):
    body = package(api)
    assert_valid(body)
    del body["releases"][0]["initiationType"]
    errors = list(ocds_validator().iter_errors(body))
    assert [e.message for e in errors] == ["'initiationType' is a required property"]


def test_no_package_until_a_tender_is_published(api, draft):
    # The release package schema requires at least one release: an empty package would
    # be invalid, so there is none to serve yet.
    response = api(None).get("/api/open-data/ocds/")
    assert_error(response, 404)
    assert response.json()["message"] == "No tenders have been published yet."
    with pytest.raises(AssertionError, match=r"\[.releases.\]: \[\] should be non-empty"):
        assert_valid(release_package(releases=[], published=timezone.now()))


def test_drafts_never_appear_and_publishing_writes_a_tender_release(api, draft, alice, camden):
    other = make_tender(alice, camden, title="Another tender")
    publish(alice, other)
    assert tags(package(api), draft) == []
    publish(alice, draft)
    body = package(api)
    assert_valid(body)
    assert tags(body, draft) == ["tender"]
    release = body["releases"][0]
    assert release["ocid"] == f"ocds-loti01-{draft.pk}"
    assert release["tender"]["items"][0]["classification"] == {
        "scheme": "CPV",
        "id": "72000000",
        "description": release["tender"]["items"][0]["classification"]["description"],
    }
    assert release["tender"]["tenderPeriod"]["endDate"].startswith(str(draft.closes_at.year))


def test_amendment_and_cancellation_releases(api, alice, tender):
    services.tender_amend(
        acting_user=alice,
        tender=tender,
        rationale="More time for SMEs.",
        changes={"closes_at": tender.closes_at + timedelta(days=7)},
    )
    services.tender_cancel(acting_user=alice, tender=tender, reason="Need has changed.")
    body = package(api)
    assert_valid(body)
    assert tags(body, tender) == ["tender", "tenderAmendment", "tenderCancellation"]
    cancelled = body["releases"][-1]["tender"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["amendments"][-1]["rationale"] == "Need has changed."
    assert len({r["id"] for r in body["releases"]}) == 3


def test_withdrawal_and_no_award_are_published(api, alice, camden, cpv, tender):
    services.tender_withdraw(acting_user=alice, tender=tender, reason="Budget cut.")
    other = publish(alice, make_tender(alice, camden, title="Second"))
    close(other)
    services.tender_evaluation_start(acting_user=alice, tender=other)
    services.tender_no_award(acting_user=alice, tender=other, reason="No suitable bids.")
    body = package(api)
    assert_valid(body)
    assert body["releases"][1]["tender"]["status"] == "withdrawn"
    assert body["releases"][-1]["tender"]["status"] == "unsuccessful"


def test_award_releases_carry_the_winner_but_never_bid_content(
    api, alice, eve_evaluator, supplier_user, acme, tender
):
    bid = submitted_bid(
        supplier_user, acme, tender, price=42_000, quality=SECRET, **{"social-value": SECRET}
    )
    services.evaluator_add(acting_user=alice, tender=tender, evaluator=eve_evaluator)
    close(tender)
    services.tender_evaluation_start(acting_user=alice, tender=tender)
    services.evaluator_declare(acting_user=eve_evaluator, tender=tender, conflicts={})
    marks = [{"criterion": "quality", "score": 4}, {"criterion": "social-value", "score": 4}]
    services.bid_score(acting_user=eve_evaluator, bid=bid, scores=marks)
    services.bid_moderate(
        acting_user=alice, bid=bid, scores=[{**m, "rationale": "Agreed."} for m in marks]
    )
    services.tender_award(acting_user=alice, tender=tender, bid=bid)
    Tender.objects.filter(pk=tender.pk).update(standstill_ends_on=date.today() - timedelta(days=1))
    services.tender_contract_award(acting_user=alice, tender=tender)

    body = package(api)
    assert_valid(body)
    assert tags(body, tender) == ["tender", "award", "awardUpdate"]
    award = body["releases"][-1]["awards"][0]
    assert award["status"] == "active"
    assert award["value"] == {"amount": 42000.0, "currency": "GBP"}
    assert award["suppliers"] == [{"id": acme.slug, "name": acme.name}]
    assert body["releases"][1]["awards"][0]["status"] == "pending"
    assert SECRET not in json.dumps(body)


def test_ocid_prefix_is_a_setting(api, settings, tender):
    settings.OCDS_OCID_PREFIX = "ocds-test99"
    body = package(api)
    assert body["releases"][0]["ocid"] == f"ocds-test99-{tender.pk}"


def test_package_query_count_does_not_grow(api, alice, camden, cpv, django_assert_num_queries):
    publish(alice, make_tender(alice, camden))
    # 1 SELECT of the releases (joined to their tenders' published_at), 2 the planned
    # re-procurements from the contracts register (tests/procurement/contracts).
    with django_assert_num_queries(2):
        package(api)
    for n in range(5):
        publish(alice, make_tender(alice, camden, title=f"Tender {n}"))
    with django_assert_num_queries(2):
        assert len(package(api)["releases"]) == 6


@pytest.fixture
def eve_evaluator(db):
    from tests.factories import UserFactory

    return UserFactory(email="eve.evaluator@gmail.com")
