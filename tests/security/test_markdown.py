"""Markdown people write (project descriptions, playbook steps) is shown as HTML with
only plain formatting left: no script, no event handlers, no javascript: links."""

from __future__ import annotations

import pytest

from projects.markdown import render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">click me</a>',
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))">hi</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<a href="https://example.org/" onclick="alert(1)">ok</a>',
    "<form action='https://evil.example/'><input name='password'></form>",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_nothing_that_runs_survives(text):
    html = str(render_markdown(text)).lower()

    for dangerous in ("<script", "onerror", "onload", "onclick", "javascript:", "data:"):
        assert dangerous not in html
    for tag in ("<iframe", "<svg", "<img", "<form", "<input", "style="):
        assert tag not in html


def test_plain_formatting_and_safe_links_are_kept():
    html = str(render_markdown("**Bold** and [LOTI](https://loti.london/)\n\n- one\n- two"))

    assert "<strong>Bold</strong>" in html
    assert '<a href="https://loti.london/" rel="noopener noreferrer">LOTI</a>' in html
    assert "<li>one</li>" in html
