"""The CPV 2008 vocabulary, read from the shared CSV (columns: code, description)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CPV_FILE_NAME = "cpv-2008.csv"
# Eight digits, optionally followed by the check digit as printed in notices: 72000000-5.
CPV_INPUT = re.compile(r"^\s*(\d{8})(?:-\d)?\s*$")


def cpv_file() -> Path:
    return Path(settings.SHARED_DATA_DIR) / CPV_FILE_NAME


def cpv_rows(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        raise ImproperlyConfigured(
            f"The CPV codes file is missing: {path}. Set LOTI_SHARED_DIR to the folder "
            f"holding {CPV_FILE_NAME}."
        )
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [(row["code"].strip(), row["description"].strip()) for row in csv.DictReader(handle)]
    bad = [code for code, _ in rows if not re.fullmatch(r"\d{8}", code)]
    if bad:
        raise ImproperlyConfigured(f"{path} has codes that are not 8 digits: {bad[:5]}")
    return rows


def cpv_codes_load(model: Any, path: Path | None = None) -> int:
    """Insert or update every code from the file; running it again changes nothing.
    `model` is CpvCode, or the historical model when a migration calls this."""
    rows = cpv_rows(path or cpv_file())
    model.objects.bulk_create(
        [
            model(code=code, description=description, division=code[:2])
            for code, description in rows
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["description", "division"],
    )
    return len(rows)


def cpv_normalise(value: str) -> str | None:
    """'72000000' or '72000000-5' → '72000000'; anything else → None."""
    match = CPV_INPUT.match(value)
    return match.group(1) if match else None
