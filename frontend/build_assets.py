"""Copy GOV.UK Frontend's compiled assets
from node_modules into frontend/static, where Django's staticfiles finds them.

GOV.UK Frontend's CSS names its images at /assets/…; they are rewritten to paths
relative to the stylesheet so they resolve under STATIC_URL. The GDS Transport font is
reserved for services on GOV.UK, so, as councils' services do, the stylesheet is
rewritten to Arial and the font files are left out.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
STATIC = HERE / "static"


def build() -> None:
    source = MODULES / "govuk-frontend" / "dist" / "govuk"
    if not source.exists():
        sys.exit("govuk-frontend is not installed: run `npm ci` in frontend/ first.")
    target = STATIC / "govuk"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(source / "assets" / "images", target / "assets" / "images")
    css = (source / "govuk-frontend.min.css").read_text()
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    css = css.replace("GDS Transport,arial,sans-serif", "arial,sans-serif")
    css = css.replace("url(/assets/", "url(assets/")
    (target / "govuk-frontend.min.css").write_text(css)
    shutil.copy(source / "govuk-frontend.min.js", target / "govuk-frontend.min.js")


if __name__ == "__main__":
    build()
