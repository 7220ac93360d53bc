from __future__ import annotations

from challenges.models import Audience
from tests.challenges.helpers import close, published
from tests.frontend.challenges.helpers import count_queries, draft, text
from tests.frontend.helpers import read, title

URL = "/challenges/"


def test_anyone_sees_public_challenges_but_not_drafts(client, alice, camden, challenge):
    hidden = draft(alice, camden, title="Still a draft")

    response = client.get(URL)

    page = read(response)
    assert page.title == title("Challenges") and page.h1 == ["Challenges"]
    assert challenge.title in text(response)
    assert hidden.title not in text(response)
    assert page.inline_scripts == 0


def test_officers_see_their_own_drafts_and_co_owners_theirs(
    client, alice, bob, charlie, dora, joint
):
    for user, sees in ((alice, True), (bob, True), (charlie, True), (dora, False)):
        client.force_login(user)
        assert (joint.title in text(client.get(URL))) is sees, user


def test_invite_only_challenges_show_to_the_invited_only(
    client, alice, camden, acme, supplier_user, beta_user
):
    invited = published(
        alice, camden, title="Invite only", audience=Audience.INVITE, invited=[acme.slug]
    )
    for user, sees in ((None, False), (beta_user, False), (supplier_user, True)):
        client.logout()
        if user:
            client.force_login(user)
        assert (invited.title in text(client.get(URL))) is sees, user


def test_each_challenge_shows_owner_prizes_and_london_closing_time(client, challenge):
    html = text(client.get(URL))

    assert 'Run by</dt> <dd class="govuk-summary-list__value">Camden (test)' in html
    assert "First place: £20,000; Second place: £10,000; Highly commended" in html
    assert "London time" in html
    assert '<strong class="govuk-tag govuk-tag--green">Open for entries</strong>' in html


def test_the_database_clock_marks_a_challenge_closed(client, challenge):
    close(challenge)

    html = text(client.get(URL))

    assert "Closed for entries" in html and "Open for entries" not in html


def test_only_officers_of_public_bodies_are_offered_to_create_one(client, alice, supplier_user):
    assert "Create a challenge" not in text(client.get(URL))
    client.force_login(supplier_user)
    assert "Create a challenge" not in text(client.get(URL))
    client.force_login(alice)
    assert "Create a challenge" in text(client.get(URL))


def test_the_list_takes_the_same_queries_for_one_challenge_or_many(client, alice, camden, hackney):
    client.force_login(alice)
    published(alice, camden, title="One", co_owners=[hackney.slug])
    one = count_queries(client, URL)
    for number in range(4):
        published(alice, camden, title=f"More {number}", co_owners=[hackney.slug])
    # session, user, notification count, public bodies of the user, challenges,
    # co-owners (prefetch), prizes (prefetch): the same for one row or five.
    assert count_queries(client, URL) == one
