from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from procurement import services
from procurement.models import BidAttachment
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import RESPONSES, close

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def draft_bid(supplier_user, acme, tender):
    return services.bid_create(
        acting_user=supplier_user, tender=tender, supplier=acme, price=45_000, responses=RESPONSES
    )


def upload(client, bid, name="method.pdf", content=PDF):
    return client.post(f"/bids/{bid.pk}/documents/", {"upload": SimpleUploadedFile(name, content)})


def test_a_document_is_uploaded_listed_and_downloaded_as_an_attachment(
    client, supplier_user, acme, tender
):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = upload(client, bid)

    assert response["Location"] == f"/bids/{bid.pk}/"
    attachment = BidAttachment.objects.get()
    page = text(client.get(f"/bids/{bid.pk}/"))
    assert "method.pdf is added. Submit your bid to seal it." in page
    download = client.get(f"/bids/{bid.pk}/documents/{attachment.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="method.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_an_allowed_type_is_named_on_the_upload(
    client, supplier_user, acme, tender
):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = upload(client, bid, "evil.html", b"<script>alert(1)</script>")

    page = read(response)
    assert page.title == "Error: " + title("Your bid")
    [(anchor, message)] = page.summary
    assert anchor == "#id_upload"
    assert message.startswith("This file's content is not an allowed type.")
    assert not BidAttachment.objects.exists()


def test_no_file_chosen_is_named(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.post(f"/bids/{bid.pk}/documents/", {})

    assert read(response).summary == [("#id_upload", "Choose a file to upload")]


def test_a_document_is_removed_from_the_draft(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)
    upload(client, bid)
    attachment = BidAttachment.objects.get()

    response = client.post(f"/bids/{bid.pk}/documents/{attachment.pk}/remove/")

    assert response["Location"] == f"/bids/{bid.pk}/"
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert "method.pdf" not in text(client.get(f"/bids/{bid.pk}/")).split("is removed")[1]


def test_sealed_documents_are_never_downloaded_by_the_buyer_before_close(
    client, alice, supplier_user, acme, tender
):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)
    upload(client, bid)
    client.post(f"/bids/{bid.pk}/submit/")
    attachment = BidAttachment.objects.get()
    client.force_login(alice)

    assert client.get(f"/bids/{bid.pk}/documents/{attachment.pk}/").status_code == 404

    close(tender)
    assert client.get(f"/bids/{bid.pk}/documents/{attachment.pk}/").status_code == 200
    assert "method.pdf" in text(client.get(f"/bids/{bid.pk}/"))


def test_outsiders_and_anonymous_people_cannot_upload_or_download(
    client, beta_user, charlie, supplier_user, acme, tender
):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)
    upload(client, bid)
    attachment = BidAttachment.objects.get()
    for user in (beta_user, charlie):
        client.force_login(user)
        assert upload(client, bid).status_code == 404
        assert client.get(f"/bids/{bid.pk}/documents/{attachment.pk}/").status_code == 404
    client.logout()
    assert upload(client, bid)["Location"].startswith("/sign-in/")
    download = client.get(f"/bids/{bid.pk}/documents/{attachment.pk}/")
    assert download["Location"].startswith("/sign-in/")
    assert BidAttachment.objects.count() == 1
