"""The buyer's documents page (upload, replace, remove; an amendment once published)
and the document list, with sizes, on the tender page that anyone may download from."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement import services
from procurement.models import Bid, TenderAmendment, TenderDocument
from tests.factories import member_of
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.helpers import close, make_tender, submitted_bid

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * 2000
WHY = "Suppliers asked for the pricing schedule."


def url(tender) -> str:
    return f"/tenders/{tender.pk}/documents/"


def upload(client, tender, name="Specification.pdf", content=PDF, **fields):
    fields.setdefault("document_type", "technicalSpecifications")
    return client.post(url(tender), {"upload": SimpleUploadedFile(name, content), **fields})


def add(user, tender, name="Specification.pdf", **fields):
    fields.setdefault("document_type", "technicalSpecifications")
    return services.tender_document_add(
        acting_user=user, tender=tender, upload=SimpleUploadedFile(name, PDF), **fields
    )


def test_it_checks_ownership(client, alice, bob, charlie, supplier_user, camden, tender):
    draft = make_tender(alice, camden, title="Still a draft")
    for user, on_draft, on_published, uploaded in (
        (alice, 200, 200, 302),
        (bob, 200, 200, 302),
        (charlie, 404, 403, 403),
        (supplier_user, 404, 403, 403),
    ):
        client.force_login(user)
        assert client.get(url(draft)).status_code == on_draft, user
        assert client.get(url(tender)).status_code == on_published, user
        assert upload(client, tender, rationale=WHY).status_code == uploaded, user
    assert set(TenderDocument.objects.values_list("uploaded_by", flat=True)) == {alice.pk, bob.pk}


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.get(url(tender))["Location"].startswith("/sign-in/")
    assert upload(client, tender)["Location"].startswith("/sign-in/")
    assert not TenderDocument.objects.exists()


def test_officer_uploads_to_a_draft_and_it_is_listed_with_its_size(client, alice, draft):
    client.force_login(alice)

    response = upload(client, draft, "Pricing.pdf", title="Pricing schedule")

    assert response["Location"] == url(draft)
    page = client.get(url(draft))
    assert read(page).title == title("Tender documents")
    assert (
        "\N{LEFT SINGLE QUOTATION MARK}Pricing schedule\N{RIGHT SINGLE QUOTATION MARK} is added."
        in (text(page))
    )
    assert "rationale" not in page.context["form"].fields
    # The first table on the tender page is its documents'.
    assert read(client.get(f"/tenders/{draft.pk}/")).rows[0] == [
        "Pricing schedule",
        "Specification",
        "PDF, 2.0 KB",
    ]
    assert not TenderAmendment.objects.exists()


def test_a_disguised_file_is_named_on_the_upload(client, alice, draft):
    client.force_login(alice)

    response = upload(client, draft, "spec.pdf", b"MZ\x90\x00 a Windows program")

    page = read(response)
    assert page.title == "Error: " + title("Tender documents")
    [(anchor, message)] = page.summary
    assert anchor == "#id_upload"
    assert message.startswith("This file's content is not an allowed type.")
    assert not TenderDocument.objects.exists()


def test_an_oversized_file_is_named_on_the_upload(client, alice, draft, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(alice)

    response = upload(client, draft)

    [(anchor, message)] = read(response).summary
    assert anchor == "#id_upload" and "smaller than" in message
    assert not TenderDocument.objects.exists()


def test_missing_file_and_kind_are_both_named(client, alice, draft):
    client.force_login(alice)

    response = client.post(url(draft), {})

    assert read(response).summary == [
        ("#id_upload", "Choose a file to upload"),
        ("#id_document_type", "Choose what kind of document it is"),
    ]


def test_after_publishing_an_upload_is_an_amendment_with_a_reason(
    client, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    client.force_login(alice)
    assert "amendment" in text(client.get(url(tender)))

    refused = upload(client, tender)
    assert read(refused).summary == [("#id_rationale", "Say why you are making this change")]
    assert not TenderDocument.objects.exists()

    response = upload(client, tender, "Pricing.pdf", document_type="billOfQuantity", rationale=WHY)

    assert response["Location"] == url(tender)
    assert "It is published as an amendment, and suppliers have been told." in text(
        client.get(url(tender))
    )
    assert TenderAmendment.objects.get().rationale == WHY
    assert Bid.objects.get(pk=bid.pk).needs_reconfirmation
    detail = text(client.get(f"/tenders/{tender.pk}/"))
    assert (
        "Documents: \N{LEFT SINGLE QUOTATION MARK}Pricing.pdf\N{RIGHT SINGLE QUOTATION MARK} added"
        in (detail)
    )
    assert WHY in detail


def test_a_new_version_replaces_a_document(client, alice, tender):
    first = add(alice, tender, title="Specification", rationale=WHY)
    client.force_login(alice)

    response = upload(client, tender, "Spec v2.pdf", replaces=str(first.pk), rationale="Typo.")

    assert response.status_code == 302, read(response).summary
    [current] = TenderDocument.objects.filter(removed_at__isnull=True)
    assert current.title == "Specification" and current.original_name == "Spec v2.pdf"
    assert "replaced by" in text(client.get(f"/tenders/{tender.pk}/"))


def test_officer_removes_a_published_document_with_a_reason(client, alice, tender):
    document = add(alice, tender, title="Old terms", rationale=WHY)
    remove = f"/tenders/{tender.pk}/documents/{document.pk}/remove/"
    client.force_login(alice)

    assert read(client.get(remove)).h1 == ["Remove Old terms"]
    refused = client.post(remove, {})
    assert read(refused).summary == [("#id_rationale", "Say why you are making this change")]
    response = client.post(remove, {"rationale": "Replaced by the contract."})

    assert response["Location"] == url(tender)
    document.refresh_from_db()
    assert document.removed_at is not None
    assert TenderAmendment.objects.latest("number").rationale == "Replaced by the contract."


def test_removing_is_for_the_buyers_officers(client, alice, bob, charlie, supplier_user, tender):
    document = add(alice, tender, rationale=WHY)
    remove = f"/tenders/{tender.pk}/documents/{document.pk}/remove/"
    for user in (charlie, supplier_user):
        client.force_login(user)
        assert client.post(remove, {"rationale": "x"}).status_code == 403
    client.logout()
    assert client.post(remove, {"rationale": "x"})["Location"].startswith("/sign-in/")
    client.force_login(bob)
    assert client.post(remove, {"rationale": "Bob's reason."}).status_code == 302


def test_once_closed_the_page_says_documents_no_longer_change(client, alice, tender):
    add(alice, tender, rationale=WHY)
    close(tender)
    client.force_login(alice)

    page = text(client.get(url(tender)))
    assert "its documents can no longer change" in page
    assert "Upload the document" not in page and "Remove" not in page

    refused = upload(client, tender, rationale=WHY)
    [(anchor, message)] = read(refused).summary
    assert anchor == "#id_upload" and "You can no longer change its documents." in message
    assert TenderDocument.objects.count() == 1


def test_anyone_downloads_a_published_tenders_documents_from_its_page(
    client, alice, camden, tender
):
    document = add(alice, tender, rationale=WHY)
    draft = make_tender(alice, camden, title="Still a draft")
    hidden = add(alice, draft, "Draft.pdf")

    page = client.get(f"/tenders/{tender.pk}/")
    assert read(page).rows[0] == ["Specification.pdf", "Specification", "PDF, 2.0 KB"]
    download = client.get(f"/tenders/{tender.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="Specification.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/tenders/{draft.pk}/documents/{hidden.pk}/").status_code == 404


def test_a_joint_buyer_reads_the_drafts_documents_but_does_not_change_them(
    client, alice, camden, lambeth, cpv
):
    joint = make_tender(alice, camden, participating_boroughs=[lambeth.slug])
    document = add(alice, joint)
    client.force_login(member_of(lambeth))

    assert client.get(f"/tenders/{joint.pk}/documents/{document.pk}/").status_code == 200
    assert client.get(url(joint)).status_code == 403


def test_the_tender_page_query_count_does_not_grow_with_documents(client, alice, tender):
    add(alice, tender, rationale=WHY)
    first = count_queries(client, f"/tenders/{tender.pk}/")
    for n in range(4):
        add(alice, tender, f"Annex {n}.pdf", rationale=WHY, document_type="contractSchedule")
    assert count_queries(client, f"/tenders/{tender.pk}/") == first
