from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from challenges import services
from challenges.models import EntryAttachment
from tests.challenges.helpers import close
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def upload(name="plan.txt", body=b"Sensors in every flat."):
    return SimpleUploadedFile(name, body, content_type="text/plain")


def test_the_entrant_uploads_downloads_and_removes_a_document(
    client, supplier_user, acme, challenge
):
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )
    client.force_login(supplier_user)

    response = client.post(f"/challenges/entries/{entry.pk}/documents/", {"upload": upload()})

    attachment = EntryAttachment.objects.get()
    assert response["Location"] == f"/challenges/entries/{entry.pk}/"
    download = client.get(f"/challenges/entries/{entry.pk}/documents/{attachment.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="plan.txt"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"Sensors in every flat."

    client.post(f"/challenges/entries/{entry.pk}/documents/{attachment.pk}/remove/")

    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    html = text(client.get(f"/challenges/entries/{entry.pk}/"))
    assert "plan.txt is removed from your draft." in html
    assert "download>plan.txt</a>" not in html and "No documents yet." in html


def test_outsiders_can_neither_download_nor_upload(
    client, supplier_user, acme, beta_user, challenge
):
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )
    attachment = services.entry_attachment_add(
        acting_user=supplier_user, entry=entry, upload=upload()
    )
    client.force_login(beta_user)

    assert (
        client.get(f"/challenges/entries/{entry.pk}/documents/{attachment.pk}/").status_code == 404
    )
    response = client.post(f"/challenges/entries/{entry.pk}/documents/", {"upload": upload()})
    assert response.status_code == 404
    assert EntryAttachment.objects.count() == 1


def test_a_missing_or_unacceptable_file_is_named_on_the_field(
    client, supplier_user, acme, challenge
):
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )
    client.force_login(supplier_user)
    url = f"/challenges/entries/{entry.pk}/documents/"

    missing = client.post(url, {})
    bad = client.post(url, {"upload": upload("run.exe", b"MZ\x90\x00binary")})

    assert read(missing).field_errors["id_upload"] == "Error: Choose a file to upload"
    assert read(missing).title.startswith("Error: ")
    assert "id_upload" in read(bad).field_errors
    assert not EntryAttachment.objects.exists()


def test_no_uploads_after_the_deadline(client, supplier_user, acme, challenge):
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )
    close(challenge)
    client.force_login(supplier_user)

    response = client.post(f"/challenges/entries/{entry.pk}/documents/", {"upload": upload()})

    assert read(response).summary[0][0] == "#entry-status"
    assert not EntryAttachment.objects.exists()


def test_the_owners_download_only_what_was_submitted(client, alice, supplier_user, acme, challenge):
    entry = services.entry_create(
        acting_user=supplier_user,
        challenge=challenge,
        supplier=acme,
        title="Damp sensors",
        summary="Sensors.",
        description="We fit sensors.",
        declaration={"confirmed": True},
    )
    sealed = services.entry_attachment_add(
        acting_user=supplier_user, entry=entry, upload=upload("plan.txt")
    )
    services.entry_submit(acting_user=supplier_user, entry=entry)
    later = services.entry_attachment_add(
        acting_user=supplier_user, entry=entry, upload=upload("budget.txt")
    )
    client.force_login(alice)

    screening = text(client.get(f"/challenges/entries/{entry.pk}/screening/"))

    assert "plan.txt" in screening and "budget.txt" not in screening
    base = f"/challenges/entries/{entry.pk}/documents/"
    assert client.get(f"{base}{sealed.pk}/").status_code == 200
    assert client.get(f"{base}{later.pk}/").status_code == 404
    client.force_login(supplier_user)
    assert client.get(f"{base}{later.pk}/").status_code == 200
