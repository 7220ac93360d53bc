"""The policy string is built once, but follows the setting when it changes."""

from __future__ import annotations

from django.test import override_settings


def test_a_changed_policy_setting_is_the_one_sent(client, db):
    before = client.get("/healthz")["Content-Security-Policy"]
    policy = {"DIRECTIVES": {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}}

    with override_settings(CONTENT_SECURITY_POLICY=policy):
        during = client.get("/healthz")["Content-Security-Policy"]

    assert "script-src 'self'" in before
    assert sorted(during.split("; ")) == ["default-src 'none'", "frame-ancestors 'none'"]
    assert client.get("/healthz")["Content-Security-Policy"] == before
