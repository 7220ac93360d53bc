from __future__ import annotations

from tests.frontend.challenges.helpers import text


def test_challenges_is_in_the_service_navigation_and_marked_on_its_pages(client, challenge):
    home = text(client.get("/"))
    assert '<a class="govuk-service-navigation__link" href="/challenges/">' in home

    page = text(client.get(f"/challenges/{challenge.pk}/"))
    assert (
        'href="/challenges/" aria-current="true"> <strong '
        'class="govuk-service-navigation__active-fallback">Challenges</strong>'
    ) in page
