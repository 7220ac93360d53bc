"""What every page shares: the GOV.UK template, one h1, its own title, no inline script."""

from __future__ import annotations

from collections import Counter

import pytest

from loti.accounts import services
from tests.frontend.helpers import read, title

ANONYMOUS_PAGES = ["/", "/sign-in/", "/password-reset/", "/password-reset/sent/"]
ANONYMOUS_PAGES += ["/password-reset/done/", "/suppliers/register/", "/invitations/bad/"]
SIGNED_IN_PAGES = ["/", "/account/", "/organisations/camden-test/members/", "/no-such-page/"]


@pytest.fixture
def pages(client, alice, camden):
    """Every page of the foundation, anonymous then signed in as an administrator."""
    invitation = services.invitation_create(
        acting_user=alice, organisation=camden, email="dana@camden-test.example"
    )
    invited = f"/invitations/{services.invitation_token(invitation)}/"
    rendered = {path: client.get(path) for path in [*ANONYMOUS_PAGES, invited]}
    client.force_login(alice)
    rendered |= {f"{path} (signed in)": client.get(path) for path in SIGNED_IN_PAGES}
    return rendered


def test_every_page_has_one_h1(pages):
    for path, response in pages.items():
        assert len(read(response).h1) == 1, path


def test_every_page_has_its_own_title(pages):
    titles = Counter(read(response).title for response in pages.values())
    # Home is the same page whether signed in or not.
    assert [name for name, count in titles.items() if count > 1] == [title("Home")]


def test_no_page_has_an_inline_script(pages):
    # A strict Content-Security-Policy (script-src 'self') is to come.
    for path, response in pages.items():
        assert read(response).inline_scripts == 0, path
        assert b" onclick=" not in response.content, path
        assert b' style="' not in response.content, path


def test_no_page_repeats_an_id(pages):
    for path, response in pages.items():
        repeated = [id_ for id_, count in Counter(read(response).ids).items() if count > 1]
        assert repeated == [], path


def test_every_page_has_the_govuk_frame(pages):
    for path, response in pages.items():
        html = response.content.decode()
        for part in (
            '<html lang="en-GB" class="govuk-template">',
            '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">',
            '<header class="govuk-template__header">',
            '<div class="govuk-generic-header">',
            '<section class="govuk-service-navigation" aria-label="Service information"',
            '<div class="govuk-phase-banner govuk-width-container">',
            '<main class="govuk-main-wrapper" id="main-content">',
            '<footer class="govuk-template__footer">',
            '<script type="module" src="/static/js/init.mjs"></script>',
        ):
            assert part in html, (path, part)


def test_sign_out_is_a_post_button_in_the_navigation(client, alice):
    client.force_login(alice)

    html = client.get("/account/").content.decode()

    navigation = html[html.index('<nav aria-label="Menu"') : html.index("</nav>")]
    assert '<form method="post" action="/sign-out/"' in navigation
    assert (
        '<button type="submit" class="govuk-service-navigation__link '
        'app-service-navigation__button">Sign out</button>'
    ) in navigation


def test_missing_page_is_a_govuk_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert read(response).h1 == ["Page not found"]
