from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ProjectAttachment
from tests.frontend.helpers import read
from tests.frontend.projects.helpers import sign_in_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(project) -> str:
    return f"/projects/{project.pk}/attachments/"


def upload(client, project, name="plan.pdf", content=PDF):
    return client.post(url(project), {"attachment-upload": SimpleUploadedFile(name, content)})


def test_it_checks_ownership(client, alice, ivy, dana, charlie, project):
    for user, status in ((ivy, 403), (charlie, 404), (alice, 302), (dana, 302)):
        client.force_login(user)
        assert upload(client, project).status_code == status, user
    assert ProjectAttachment.objects.count() == 2


def test_anonymous_person_is_sent_to_sign_in(client, public_project):
    response = upload(client, public_project)

    assert response["Location"] == sign_in_url(url(public_project))
    assert not ProjectAttachment.objects.exists()


def test_uploaded_file_is_listed_with_its_download_link(client, alice, project):
    client.force_login(alice)

    response = upload(client, project, name="Repairs plan.pdf")

    html = client.get(response["Location"]).content.decode()
    attachment = ProjectAttachment.objects.get()
    assert "Repairs plan.pdf has been uploaded" in html
    assert f'href="/api/projects/{project.pk}/attachments/{attachment.pk}/"' in html
    download = client.get(f"/api/projects/{project.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF


def test_a_file_whose_content_is_not_allowed_is_named_on_the_field(client, alice, project):
    client.force_login(alice)

    response = upload(client, project, name="report.pdf", content=b"MZ\x90\x00 a program")

    page = read(response)
    assert page.summary[0][0] == "#id_attachment-upload"
    assert page.summary[0][1].startswith("This file's content is not an allowed type.")
    assert "govuk-file-upload--error" in response.content.decode()
    assert not ProjectAttachment.objects.exists()


def test_a_file_too_large_is_named_on_the_field(client, alice, project, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(alice)

    response = upload(client, project)

    assert read(response).summary == [
        ("#id_attachment-upload", "The file must be smaller than 0 MB.")
    ]
    assert not ProjectAttachment.objects.exists()


def test_no_file_is_named(client, alice, project):
    client.force_login(alice)

    response = client.post(url(project), {})

    assert read(response).summary == [("#id_attachment-upload", "Select a file")]
