"""Documents attached to a bid, a challenge entry, a project or a tender: the fields
they share, adding one (checked by its content), removing one, and serving one as a
download.

Removing only marks a document removed: a sealed submission may still name it, and
its receipt's hash covers the document's SHA-256.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils import timezone

from loti.accounts.models import User
from loti.api.errors import ApplicationError, Conflict
from loti.uploads import ALLOWED_BINARY, ALLOWED_TEXT, upload_check

# A download answers with the type its content was checked as, for the API schema.
DOWNLOAD_RESPONSES: dict[Any, Any] = {
    (200, content_type): bytes for content_type in [*ALLOWED_BINARY, *ALLOWED_TEXT.values()]
}


class Attachment(models.Model):
    """The shared fields. A concrete model adds the parent foreign key and `file`, whose
    upload_to names the parent's folder."""

    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    file: FieldFile

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


A = TypeVar("A", bound=Attachment)


def attachment_add(
    model: type[A],
    upload: UploadedFile,
    *,
    acting_user: User,
    now: datetime,
    limit: int,
    too_many: str,
    details: Mapping[str, Any] | None = None,
    **parent: Any,
) -> A:
    """Store the upload against the parent (e.g. `bid=bid`) once its content is checked.
    The caller has locked the parent, so the count of live documents cannot race.
    `details` are the concrete model's own fields (a title, say): set on the new row,
    but not part of the parent whose documents are counted."""
    if model._default_manager.filter(removed_at__isnull=True, **parent).count() >= limit:
        raise ApplicationError(too_many, field="file")
    checked = upload_check(upload)
    attachment = model(
        **parent,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user,
        created_at=now,
        **(details or {}),
    )
    attachment.file.save(checked.safe_name, upload, save=False)
    attachment.save()
    return attachment


def attachment_remove(attachment: Attachment, *, now: datetime) -> None:
    """Mark the document removed; the file stays. A conditional UPDATE, so a second
    request (or a race) is a 409 rather than a second audit row."""
    removed = (
        type(attachment)
        ._default_manager.filter(pk=attachment.pk, removed_at__isnull=True)
        .update(removed_at=now)
    )
    if not removed:
        raise Conflict("This document was already removed.", field="file")


def attachment_response(attachment: Attachment, filename: str = "") -> FileResponse:
    """The file as a download (never rendered), under the name it was uploaded with
    unless another is given. nosniff stops a browser second-guessing the checked
    content type."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=filename or attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
