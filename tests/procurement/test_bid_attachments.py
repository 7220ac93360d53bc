"""A bid's documents: checked by content, stored under generated names, downloaded as
attachments, sealed like the bid, and covered by the receipt's SHA-256."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loti.audit.models import AuditEvent
from procurement import services
from procurement.models import BidAttachment
from procurement.services import canonical_json
from tests.factories import member_of
from tests.procurement.helpers import RESPONSES, assert_error, assert_queries, close

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bid(supplier_user, acme, tender):
    return services.bid_create(
        acting_user=supplier_user, tender=tender, supplier=acme, price=45_000, responses=RESPONSES
    )


def upload(client, bid, name, content):
    return client.post(
        f"/api/bids/{bid.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def download(client, bid, attachment):
    return client.get(f"/api/bids/{bid.pk}/attachments/{attachment.pk}/")


def test_pdf_is_stored_under_a_generated_name_and_downloaded_as_an_attachment(
    api, supplier_user, bid
):
    response = upload(api(supplier_user), bid, "../../Method <statement>.pdf", PDF)

    assert response.status_code == 201, response.json()
    attachment = BidAttachment.objects.get()
    assert attachment.original_name == "Method statement.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.file.name.startswith(f"bids/{bid.pk}/")
    assert "Method" not in attachment.file.name
    got = download(api(supplier_user), bid, attachment)
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith("attachment;")
    assert 'filename="Method statement.pdf"' in got["Content-Disposition"]
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content) == PDF
    assert AuditEvent.objects.filter(verb="bid.attachment_added").exists()


def test_a_program_called_pdf_is_refused_by_its_content(api, supplier_user, bid):
    response = upload(api(supplier_user), bid, "method.pdf", b"MZ\x90\x00 a Windows program")

    assert_error(response, 400, "file")
    assert not BidAttachment.objects.exists()


def test_an_oversized_file_is_refused(api, supplier_user, bid, settings):
    settings.UPLOAD_MAX_BYTES = 100

    response = upload(api(supplier_user), bid, "big.png", PNG * 3)

    body = assert_error(response, 400, "file")
    assert "smaller than" in body["message"]
    assert not BidAttachment.objects.exists()


def test_only_the_bidder_uploads(api, alice, beta_user, bid):
    assert_error(upload(api(alice), bid, "x.pdf", PDF), 404)
    assert_error(upload(api(beta_user), bid, "x.pdf", PDF), 404)
    assert not BidAttachment.objects.exists()


def test_receipt_hash_covers_each_documents_name_and_sha256(api, supplier_user, bid):
    upload(api(supplier_user), bid, "method.pdf", PDF)
    upload(api(supplier_user), bid, "plan.png", PNG)

    receipt = api(supplier_user).post(f"/api/bids/{bid.pk}/submit/").json()

    listed = [(a["name"], a["sha256"]) for a in receipt["content"]["attachments"]]
    assert listed == [
        ("method.pdf", hashlib.sha256(PDF).hexdigest()),
        ("plan.png", hashlib.sha256(PNG).hexdigest()),
    ]
    assert receipt["sha256"] == hashlib.sha256(canonical_json(receipt["content"])).hexdigest()


def test_changing_a_document_changes_the_receipt_hash(api, supplier_user, bid):
    upload(api(supplier_user), bid, "method.pdf", PDF)
    first = api(supplier_user).post(f"/api/bids/{bid.pk}/submit/").json()
    attachment = BidAttachment.objects.get()

    removed = api(supplier_user).delete(f"/api/bids/{bid.pk}/attachments/{attachment.pk}/")
    upload(api(supplier_user), bid, "method.pdf", PDF + b"% revised\n")
    second = api(supplier_user).post(f"/api/bids/{bid.pk}/submit/").json()

    assert removed.status_code == 204
    assert second["sha256"] != first["sha256"]
    # The file the first submission was sealed with is kept.
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.file.storage.exists(attachment.file.name)


def test_buyer_cannot_download_a_sealed_document_before_the_deadline(
    api, alice, supplier_user, bid, tender
):
    upload(api(supplier_user), bid, "method.pdf", PDF)
    api(supplier_user).post(f"/api/bids/{bid.pk}/submit/")
    attachment = BidAttachment.objects.get()

    assert_error(download(api(alice), bid, attachment), 404)

    close(tender)
    assert download(api(alice), bid, attachment).status_code == 200


def test_after_close_the_buyer_gets_only_the_documents_that_were_submitted(
    api, alice, supplier_user, bid, tender
):
    upload(api(supplier_user), bid, "method.pdf", PDF)
    api(supplier_user).post(f"/api/bids/{bid.pk}/submit/")
    upload(api(supplier_user), bid, "afterthought.png", PNG)  # never submitted
    sealed, late = BidAttachment.objects.order_by("id")
    close(tender)

    assert download(api(alice), bid, sealed).status_code == 200
    assert_error(download(api(alice), bid, late), 404)
    assert download(api(supplier_user), bid, late).status_code == 200


def test_outsiders_never_download(api, beta_user, charlie, supplier_user, bid, tender):
    upload(api(supplier_user), bid, "method.pdf", PDF)
    api(supplier_user).post(f"/api/bids/{bid.pk}/submit/")
    attachment = BidAttachment.objects.get()
    close(tender)

    for user in (beta_user, charlie):
        assert_error(download(api(user), bid, attachment), 404)
    assert download(api(None), bid, attachment).status_code in {401, 403}


def test_no_documents_are_added_after_the_deadline(api, supplier_user, bid, tender):
    close(tender)

    response = upload(api(supplier_user), bid, "method.pdf", PDF)

    assert_error(response, 409, "closes_at")
    assert not BidAttachment.objects.exists()


def test_the_document_list_is_the_bidders_alone(
    api, alice, beta_user, charlie, supplier_user, acme, bid
):
    upload(api(supplier_user), bid, "method.pdf", PDF)
    colleague = member_of(acme)
    url = f"/api/bids/{bid.pk}/attachments/"

    for user in (supplier_user, colleague):
        response = api(user).get(url)
        assert response.status_code == 200
        assert [row["original_name"] for row in response.json()] == ["method.pdf"]
    for user in (alice, beta_user, charlie):
        assert_error(api(user).get(url), 404)
    assert api(None).get(url).status_code in {401, 403}


def test_document_list_query_count(api, supplier_user, bid):
    # 1 the bid + tender + buyer + supplier + latest submission (visibility as
    # subqueries), 2 is the user a member of the supplier (write access), 3 the documents.
    client = api(supplier_user)
    upload(client, bid, "method-0.pdf", PDF)
    with assert_queries(3):
        client.get(f"/api/bids/{bid.pk}/attachments/")
    for n in range(1, 5):
        upload(client, bid, f"method-{n}.pdf", PDF)
    with assert_queries(3):
        assert len(client.get(f"/api/bids/{bid.pk}/attachments/").json()) == 5
