from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ProjectAttachment
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def upload(client, project, name, content):
    return client.post(
        f"/api/projects/{project.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_pdf_is_stored_under_a_generated_name_and_downloaded_as_attachment(api, alice, camden):
    project = make_project(alice, camden)
    response = upload(api(alice), project, "../../Plan <final>.pdf", PDF)
    assert response.status_code == 201, response.json()
    attachment = ProjectAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "Plan final.pdf"
    assert "Plan" not in attachment.file.name
    download = api(alice).get(f"/api/projects/{project.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_disguised_file_is_refused(api, alice, camden):
    project = make_project(alice, camden)
    response = upload(api(alice), project, "report.pdf", b"MZ\x90\x00 this is a Windows program")
    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert not ProjectAttachment.objects.exists()


def test_html_called_csv_is_refused_but_real_csv_is_accepted(api, alice, camden):
    project = make_project(alice, camden)
    assert (
        upload(api(alice), project, "data.csv", b"ward,count\nCamden Town,12\n").status_code == 201
    )
    assert upload(api(alice), project, "evil.html", b"<script>alert(1)</script>").status_code == 400


def test_oversized_file_is_refused(api, alice, camden, settings):
    settings.UPLOAD_MAX_BYTES = 100
    project = make_project(alice, camden)
    response = upload(api(alice), project, "big.png", PNG * 3)
    assert response.status_code == 400
    assert "smaller than" in response.json()["message"]


def test_outsider_cannot_upload_or_download(api, alice, charlie, camden):
    project = make_project(alice, camden)
    upload(api(alice), project, "plan.pdf", PDF)
    attachment = ProjectAttachment.objects.get()
    assert upload(api(charlie), project, "x.pdf", PDF).status_code == 404
    assert (
        api(charlie).get(f"/api/projects/{project.pk}/attachments/{attachment.pk}/").status_code
        == 404
    )
    assert (
        api(None).get(f"/api/projects/{project.pk}/attachments/{attachment.pk}/").status_code == 404
    )
