"""Headers every response carries: a strict Content Security Policy, no framing, no
content sniffing; and production settings that Django's deploy checks accept."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.frontend.helpers import read

ROOT = Path(__file__).resolve().parents[2]
# Templates the browser renders as pages. E-mail templates are not among them: mail
# clients read only inline styles, and no policy applies there.
PAGE_TEMPLATES = sorted((ROOT / "frontend" / "templates").rglob("*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize(
    "path", ["/", "/sign-in/", "/api/tenders/", "/healthz", "/no-such-page/", "/api/docs/"]
)
def test_every_kind_of_response_carries_the_policy_and_refuses_framing(client, db, path):
    response = client.get(path)

    policy = directives(response)
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_static_files_carry_the_policy_too(client, db):
    response = client.get("/static/js/supported.js")

    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_there_are_page_templates_to_check():
    assert len(PAGE_TEMPLATES) > 50


@pytest.mark.parametrize(
    "pattern", [INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER], ids=["script", "style", "on*="]
)
def test_no_page_template_has_inline_code(pattern):
    offences = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in PAGE_TEMPLATES
        for match in pattern.finditer(path.read_text())
    ]
    assert offences == []


def test_a_rendered_page_runs_only_scripts_from_files(client, alice):
    client.force_login(alice)

    page = read(client.get("/account/"))

    assert page.inline_scripts == 0


def test_the_api_documentation_loads_its_start_up_script_from_a_file(client, alice):
    client.force_login(alice)

    html = client.get("/api/docs/").content.decode()
    script = client.get("/api/docs/?script=")

    assert INLINE_SCRIPT.search(html) is None
    assert INLINE_STYLE.search(html) is None
    assert '<script src="/api/docs/?script="></script>' in html
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_production_settings_pass_the_deploy_checks():
    # Among them: HSTS for a year with subdomains, HTTPS redirect, Secure and HttpOnly
    # session cookie, Secure CSRF cookie, X-Frame-Options DENY (security.W004 to W019).
    # Not the browser tests' async override, which a deployment never sets.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "loti.settings.production",
        "SECRET_KEY": "check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/unused",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
