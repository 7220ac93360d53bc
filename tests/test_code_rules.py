"""Rules of STYLE.md that a machine can check: API views and pages read through access
and selectors and write through services, never with the ORM directly."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEW_FILES = [
    path
    for pattern in ("*/api*.py", "*/*/api*.py", "frontend/views*.py")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
]
# Any query through a manager, except .none() (the empty queryset drf-spectacular
# inspects for the schema): reads belong in selectors and access, writes in services.
FORBIDDEN = re.compile(r"\.objects\.(?!none\(\))\w+\(|_default_manager\.|\.save\(|\.delete\(\)")


def test_there_are_view_files_to_check() -> None:
    assert len(VIEW_FILES) >= 6


def test_views_neither_query_nor_write_with_the_orm() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in VIEW_FILES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert offences == [], "Use access.py to fetch and services.py to write:\n" + "\n".join(
        offences
    )
