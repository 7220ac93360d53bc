"""Serving a bid's documents: always as a download, never rendered by the browser."""

from __future__ import annotations

from django.http import FileResponse

from procurement.models import BidAttachment


def attachment_response(attachment: BidAttachment) -> FileResponse:
    """The file as an attachment, under the name the supplier gave it. nosniff stops a
    browser second-guessing the checked content type."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
