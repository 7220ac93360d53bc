"""Checking uploaded files by what they contain, not what they are called."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from loti.api.errors import ApplicationError

# Types a borough or supplier sends as documents, by content. Text formats have no
# signature, so they are accepted only when they decode as UTF-8 text.
ALLOWED_BINARY = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
}
ALLOWED_TEXT = {".csv": "text/csv", ".txt": "text/plain", ".md": "text/markdown"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    safe_name: str


def safe_filename(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._ -]", "", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    name = name.strip(" .") or "file"
    return name[:150]


def upload_check(upload: UploadedFile, *, field: str = "file") -> CheckedUpload:
    """Refuse a file that is too large or whose content is not an allowed type."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ApplicationError(
            f"The file must be smaller than {limit // (1024 * 1024)} MB.", field=field
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        digest.update(chunk)
    upload.seek(0)
    name = safe_filename(upload.name or "file")
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED_BINARY:
        content_type = kind.mime
    else:
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if kind is not None or extension not in ALLOWED_TEXT or not _is_text(head):
            allowed = ", ".join([*ALLOWED_BINARY.values(), "CSV", "plain text"])
            raise ApplicationError(
                f"This file's content is not an allowed type. Upload one of: {allowed}.",
                field=field,
            )
        content_type = ALLOWED_TEXT[extension]
    return CheckedUpload(
        content_type=content_type, size=upload.size, sha256=digest.hexdigest(), safe_name=name
    )


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True
