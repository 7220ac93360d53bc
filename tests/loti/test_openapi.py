"""The OpenAPI schema: complete, valid, and generated without warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

from loti.accounts.models import User

PATHS = {
    "/api/auth/token/",
    "/api/me/",
    "/api/organisations/",
    "/api/organisations/{slug}/",
    "/api/organisations/{slug}/members/",
    "/api/organisations/{slug}/members/{user_id}/",
    "/api/organisations/{slug}/invitations/",
    "/api/organisations/{slug}/invitations/{invitation_id}/",
    "/api/invitations/{token}/",
    "/api/invitations/{token}/accept/",
    "/api/suppliers/register/",
    "/api/audit-events/",
}


@pytest.fixture(autouse=True)
def _fresh_generator_stats() -> Iterator[None]:
    # drf-spectacular keeps its warnings in a process-wide cache and prints each once.
    GENERATOR_STATS.reset()
    yield
    GENERATOR_STATS.reset()


def test_schema_lists_every_endpoint(api: Callable[[User | None], APIClient], db: None):
    response = api(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    assert "OrganisationKindEnum" in schema["components"]["schemas"]


def test_accounts_and_audit_views_generate_no_schema_warnings(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    call_command("spectacular", "--file", str(tmp_path / "schema.yaml"))

    ours = [str(Path(settings.BASE_DIR) / "loti" / app) for app in ("accounts", "audit", "api")]
    stderr = capsys.readouterr().err.splitlines()
    assert [line for line in stderr if any(path in line for path in ours)] == []
    # A name collision names no file; the organisation's kind must not be part of one.
    assert [line for line in stderr if 'fields named "kind"' in line] == []


def test_schema_validates_without_warnings(db: None, tmp_path: Path):
    # --fail-on-warn turns any drf-spectacular warning (say, a view it cannot type)
    # into an error; --validate checks the result against the OpenAPI 3 schema.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi:")
