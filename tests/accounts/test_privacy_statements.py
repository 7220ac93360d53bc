"""The accessibility statement and the privacy notice, linked from every page's footer."""

from __future__ import annotations

import pytest

from tests.frontend.helpers import read, title

PAGES_FOR_EVERYONE = ["/", "/sign-in/", "/accessibility/", "/privacy/", "/no-such-page/"]


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/"])
def test_anyone_may_read_the_statements(client, db, path):
    response = client.get(path)

    page = read(response)
    assert response.status_code == 200
    assert len(page.h1) == 1
    assert page.inline_scripts == 0
    assert b' style="' not in response.content


def test_accessibility_statement_has_the_parts_govuk_services_publish(client, db, settings):
    settings.SUPPORT_EMAIL = "help@loti.example"

    response = client.get("/accessibility/")

    page = read(response)
    text = response.content.decode()
    assert page.title == title("Accessibility statement")
    assert page.h1 == ["Accessibility statement for LOTI Workspace"]
    for heading in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service's accessibility",
        "Compliance status",
        "Non-accessible content",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in text, heading
    assert "partially compliant with the" in text
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "This statement was prepared on 26 November 2026." in text
    assert 'href="mailto:help@loti.example"' in text


def test_privacy_notice_describes_the_data_and_the_rights(client, db, settings):
    settings.SESSION_COOKIE_NAME = "__Host-session"

    response = client.get("/privacy/")

    text = response.content.decode()
    assert read(response).title == title("Privacy notice")
    for part in (
        "What we hold about you",
        "Who can see it",
        "How long we keep it",
        "Your rights",
        "Cookies",
    ):
        assert f">{part}</h2>" in text, part
    assert 'href="/account/your-data/"' in text
    assert 'href="/account/delete/"' in text
    assert "Former user" in text
    assert "<code>__Host-session</code>" in text
    assert "https://ico.org.uk/make-a-complaint/" in text


def test_every_page_links_to_both_in_its_footer(client, bob):
    pages = [client.get(path) for path in PAGES_FOR_EVERYONE]
    client.force_login(bob)
    pages += [client.get(path) for path in ("/account/", "/account/your-data/", "/account/delete/")]

    for response in pages:
        footer = response.content.decode().split('<footer class="govuk-template__footer">')[1]
        assert 'href="/accessibility/">Accessibility statement</a>' in footer
        assert 'href="/privacy/">Privacy and cookies</a>' in footer
