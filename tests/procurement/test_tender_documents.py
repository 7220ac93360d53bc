"""The buyer's own tender documents: checked by content, stored under generated names,
downloaded as attachments; changed freely in a draft, by amendment once published,
never after the tender closes."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loti.audit.models import AuditEvent
from loti.notifications.models import Notification
from procurement import services
from procurement.models import Bid, Tender, TenderAmendment, TenderDocument, TenderInterest
from tests.factories import UserFactory, member_of
from tests.procurement.helpers import (
    assert_error,
    assert_queries,
    close,
    evaluate_and_award,
    make_tender,
    publish,
    submitted_bid,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSV = b"item,quantity,unit price\nlaptops,20,\n"
WHY = "Suppliers asked for the pricing schedule."


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def eve(db):
    return UserFactory(email="eve.evaluator@gmail.com")


@pytest.fixture
def lambeth_officer(lambeth):
    return member_of(lambeth, email="lee@lambeth-test.example")


@pytest.fixture
def joint_draft(cpv, alice, camden, lambeth):
    """A draft Camden buys jointly with Lambeth, whose officers may see it."""
    return make_tender(alice, camden, participating_boroughs=[lambeth.slug])


def upload(client, tender, name="Specification.pdf", content=PDF, **fields):
    fields.setdefault("document_type", "technicalSpecifications")
    return client.post(
        f"/api/tenders/{tender.pk}/documents/",
        {"file": SimpleUploadedFile(name, content), **fields},
        format="multipart",
    )


def document_url(tender, document):
    return f"/api/tenders/{tender.pk}/documents/{document.pk}/"


def add(user, tender, name="Specification.pdf", content=PDF, **fields):
    """A document added through the service, as the buyer's page or API would."""
    fields.setdefault("document_type", "technicalSpecifications")
    return services.tender_document_add(
        acting_user=user, tender=tender, upload=SimpleUploadedFile(name, content), **fields
    )


# Drafts ----------------------------------------------------------------------------------


def test_a_draft_document_is_stored_under_a_generated_name_without_an_amendment(api, alice, draft):
    response = upload(api(alice), draft, "../Spec <v1>.pdf", title="Specification")

    assert response.status_code == 201, response.json()
    body = response.json()
    document = TenderDocument.objects.get()
    assert body["title"] == "Specification"
    assert body["original_name"] == "Spec v1.pdf"
    assert body["document_type_label"] == "Specification"
    assert body["size"] == len(PDF)
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["url"] == document_url(draft, document)
    assert document.file.name.startswith(f"tenders/{draft.pk}/")
    assert "Spec" not in document.file.name
    assert not TenderAmendment.objects.exists()
    assert AuditEvent.objects.filter(verb="tender.document_added").exists()


def test_without_a_title_the_file_name_is_the_title(api, alice, draft):
    body = upload(api(alice), draft, "Pricing schedule.csv", CSV, document_type="billOfQuantity")
    assert body.json()["title"] == "Pricing schedule.csv"
    assert body.json()["content_type"] == "text/csv"


def test_draft_documents_are_read_only_by_those_who_can_see_the_draft(
    api, alice, bob, lambeth_officer, charlie, supplier_user, joint_draft
):
    document = add(alice, joint_draft)
    list_url = f"/api/tenders/{joint_draft.pk}/documents/"

    # The buyer's officers and the joint buyer's; nobody else learns the draft exists.
    for user in (alice, bob, lambeth_officer):
        assert [d["id"] for d in api(user).get(list_url).json()] == [document.pk]
        assert api(user).get(document_url(joint_draft, document)).status_code == 200
    for user in (charlie, supplier_user, None):
        assert_error(api(user).get(list_url), 404)
        assert_error(api(user).get(document_url(joint_draft, document)), 404)


def test_only_the_buyers_officers_add_and_remove_documents(
    api, alice, bob, lambeth_officer, charlie, supplier_user, joint_draft
):
    assert upload(api(bob), joint_draft).status_code == 201
    document = TenderDocument.objects.get()

    # The joint buyer sees the draft but does not run it.
    assert_error(upload(api(lambeth_officer), joint_draft), 403)
    assert_error(api(lambeth_officer).delete(document_url(joint_draft, document)), 403)
    for user in (charlie, supplier_user):
        assert_error(upload(api(user), joint_draft), 404)
        assert_error(api(user).delete(document_url(joint_draft, document)), 404)
    assert upload(api(None), joint_draft).status_code == 401
    assert api(None).delete(document_url(joint_draft, document)).status_code == 401
    assert TenderDocument.objects.count() == 1

    assert api(alice).delete(document_url(joint_draft, document)).status_code == 204
    document.refresh_from_db()
    assert document.removed_at is not None
    assert not TenderAmendment.objects.exists()
    assert_error(api(alice).get(document_url(joint_draft, document)), 404)


def test_draft_documents_are_published_with_the_tender(api, alice, draft):
    document = add(alice, draft)

    publish(alice, draft)

    got = api(None).get(document_url(draft, document))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert not TenderAmendment.objects.exists()


# Published tenders: reading ------------------------------------------------------------------


def test_anyone_downloads_a_published_document_as_an_attachment(
    api, alice, supplier_user, charlie, tender
):
    document = add(alice, tender, '../"Terms" & conditions.pdf', rationale=WHY)

    for user in (None, supplier_user, charlie, alice):
        got = api(user).get(document_url(tender, document))
        assert got.status_code == 200
        assert got["Content-Disposition"] == 'attachment; filename="Terms  conditions.pdf"'
        assert got["Content-Type"] == "application/pdf"
        assert got["X-Content-Type-Options"] == "nosniff"
    listed = api(None).get(f"/api/tenders/{tender.pk}/documents/").json()
    assert [(d["title"], d["size"]) for d in listed] == [("Terms  conditions.pdf", len(PDF))]


def test_a_removed_document_is_no_longer_downloaded(api, alice, tender):
    document = add(alice, tender, rationale=WHY)
    services.tender_document_remove(acting_user=alice, document=document, rationale="Withdrawn.")

    assert_error(api(None).get(document_url(tender, document)), 404)
    assert api(None).get(f"/api/tenders/{tender.pk}/documents/").json() == []


def test_document_list_query_count(api, alice, tender):
    # 1 the tender (visibility, clock) + buyer + winning bid, 2-5 its prefetches (joint
    # buyers, locations, CPV codes, criteria), 6 the documents.
    add(alice, tender, rationale=WHY)
    client = api(None)
    with assert_queries(6):
        client.get(f"/api/tenders/{tender.pk}/documents/")
    for n in range(5):
        add(alice, tender, f"Annex {n}.pdf", rationale=WHY, document_type="contractSchedule")
    with assert_queries(6):
        assert len(client.get(f"/api/tenders/{tender.pk}/documents/").json()) == 6


# Published tenders: amendments ------------------------------------------------------------------


def test_adding_a_document_after_publishing_is_an_amendment_everyone_involved_hears_of(
    api, alice, supplier_user, acme_colleague, acme, beta_user, beta, charlie, tender
):
    TenderInterest.objects.create(user=charlie, tender=tender)
    submitted = submitted_bid(supplier_user, acme, tender)
    draft_bid = services.bid_create(acting_user=beta_user, tender=tender, supplier=beta)

    response = upload(
        api(alice), tender, "Pricing.csv", CSV, document_type="billOfQuantity", rationale=WHY
    )

    assert response.status_code == 201, response.json()
    amendment = TenderAmendment.objects.get()
    assert amendment.rationale == WHY
    assert amendment.changed_fields == ["documents"]
    assert amendment.before == {"documents": []}
    assert [d["name"] for d in amendment.after["documents"]] == ["Pricing.csv"]
    # A bid submitted before the amendment must be confirmed again; a draft need not.
    assert Bid.objects.get(pk=submitted.pk).needs_reconfirmation is True
    assert Bid.objects.get(pk=draft_bid.pk).needs_reconfirmation is False
    for person in (charlie, supplier_user, acme_colleague, beta_user):
        [notice] = Notification.objects.filter(recipient=person, event="procurement.tender_amended")
        assert notice.title == f"{tender.title} has been amended"
        assert "\N{LEFT SINGLE QUOTATION MARK}Pricing.csv\N{RIGHT SINGLE QUOTATION MARK} added" in (
            notice.body
        )
        assert WHY in notice.body
    assert not Notification.objects.filter(recipient=alice).exists()
    assert api(None).get(f"/api/tenders/{tender.pk}/amendments/").json()[0]["number"] == 1
    assert AuditEvent.objects.filter(verb="tender.amended").exists()


def test_replacing_a_document_is_one_amendment_and_keeps_its_title(
    api, alice, supplier_user, acme, tender
):
    first = add(alice, tender, "Spec.pdf", title="Specification", rationale=WHY)
    bid = submitted_bid(supplier_user, acme, tender)

    response = upload(
        api(alice), tender, "Spec v2.pdf", PDF + b"% v2\n", replaces=first.pk, rationale="Typo."
    )

    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "Specification"
    assert response.json()["replaces"] == first.pk
    listed = api(None).get(f"/api/tenders/{tender.pk}/documents/").json()
    assert [d["original_name"] for d in listed] == ["Spec v2.pdf"]
    latest = TenderAmendment.objects.get(number=2)
    assert latest.rationale == "Typo."
    assert Bid.objects.get(pk=bid.pk).needs_reconfirmation is True
    notice = Notification.objects.filter(recipient=supplier_user).latest("id")
    assert "Specification\N{RIGHT SINGLE QUOTATION MARK} replaced by" in notice.body


def test_removing_a_document_after_publishing_is_an_amendment(
    api, alice, supplier_user, acme, tender
):
    document = add(alice, tender, title="Pricing schedule", rationale=WHY)
    bid = submitted_bid(supplier_user, acme, tender)

    response = api(alice).delete(document_url(tender, document), {"rationale": "Not needed."})

    assert response.status_code == 204
    amendment = TenderAmendment.objects.get(number=2)
    assert amendment.rationale == "Not needed."
    assert amendment.after == {"documents": []}
    assert Bid.objects.get(pk=bid.pk).needs_reconfirmation is True
    assert AuditEvent.objects.filter(verb="tender.document_removed").exists()


def test_a_change_after_publishing_needs_a_reason_and_saves_nothing_without_one(
    api, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)

    assert_error(upload(api(alice), tender), 400, "rationale")
    assert not TenderDocument.objects.exists()

    document = add(alice, tender, rationale=WHY)
    Bid.objects.filter(pk=bid.pk).update(needs_reconfirmation=False)
    assert_error(api(alice).delete(document_url(tender, document)), 400, "rationale")
    document.refresh_from_db()
    assert document.removed_at is None
    assert TenderAmendment.objects.count() == 1
    assert Bid.objects.get(pk=bid.pk).needs_reconfirmation is False


@pytest.mark.parametrize("user", ["charlie", "supplier_user"])
def test_people_who_can_read_a_published_tender_cannot_change_its_documents(
    api, alice, tender, user, request
):
    document = add(alice, tender, rationale=WHY)
    client = api(request.getfixturevalue(user))

    assert_error(upload(client, tender, rationale=WHY), 403)
    assert_error(client.delete(document_url(tender, document), {"rationale": "x"}), 403)
    assert TenderDocument.objects.filter(removed_at__isnull=True).count() == 1
    assert TenderAmendment.objects.count() == 1


# Bad input ------------------------------------------------------------------------------------


def test_a_program_called_pdf_is_refused_by_its_content(api, alice, tender):
    response = upload(
        api(alice), tender, "spec.pdf", b"MZ\x90\x00 a Windows program", rationale=WHY
    )

    assert_error(response, 400, "file")
    assert not TenderDocument.objects.exists()
    assert not TenderAmendment.objects.exists()


def test_an_oversized_document_is_refused(api, alice, tender, settings):
    settings.UPLOAD_MAX_BYTES = 100

    response = upload(api(alice), tender, "spec.pdf", PDF * 5, rationale=WHY)

    body = assert_error(response, 400, "file")
    assert "smaller than" in body["message"]
    assert not TenderDocument.objects.exists()
    assert not TenderAmendment.objects.exists()


def test_an_unknown_kind_of_document_is_refused(api, alice, draft):
    assert_error(upload(api(alice), draft, document_type="secretPlans"), 400, "document_type")
    assert not TenderDocument.objects.exists()


def test_replacing_a_document_that_is_not_the_tenders_is_refused(api, alice, camden, draft):
    elsewhere = add(alice, make_tender(alice, camden, title="Another tender"))

    assert_error(upload(api(alice), draft, replaces=elsewhere.pk), 400, "replaces")
    assert TenderDocument.objects.count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.removed_at is None


def test_no_document_changes_once_the_tender_has_closed(api, alice, tender):
    document = add(alice, tender, rationale=WHY)
    close(tender)

    assert_error(upload(api(alice), tender, rationale=WHY), 409, "closes_at")
    assert_error(
        api(alice).delete(document_url(tender, document), {"rationale": "x"}), 409, "closes_at"
    )
    assert TenderDocument.objects.filter(removed_at__isnull=True).count() == 1
    assert TenderAmendment.objects.count() == 1
    # Still public: suppliers and the public keep what the tender was run on.
    assert api(None).get(document_url(tender, document)).status_code == 200


def test_no_document_changes_on_an_awarded_tender(api, alice, eve, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    evaluate_and_award(alice, eve, tender, bid)

    assert_error(upload(api(alice), tender, rationale=WHY), 409, "tender")
    assert not TenderDocument.objects.exists()
    assert Tender.objects.get(pk=tender.pk).status == "standstill"
