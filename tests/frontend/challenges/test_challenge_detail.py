from __future__ import annotations

from challenges import services
from challenges.models import Audience
from procurement.dates import london_time
from tests.challenges.helpers import published, submitted_entry
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read, title


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/"


def test_it_checks_ownership_of_a_draft(client, alice, bob, charlie, dora, supplier_user, joint):
    for user, status in (
        (alice, 200),
        (bob, 200),
        (charlie, 200),
        (dora, 404),
        (supplier_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(joint)).status_code == status, user
    client.logout()
    assert client.get(url(joint)).status_code == 404


def test_missing_challenge_is_the_same_404_as_a_hidden_draft(client, dora, joint):
    client.force_login(dora)

    hidden, missing = client.get(url(joint)), client.get("/challenges/999999/")

    assert hidden.status_code == missing.status_code == 404
    assert read(hidden).h1 == read(missing).h1 == ["Page not found"]


def test_anonymous_visitor_reads_a_public_challenge_but_not_an_invite_only_one(
    client, alice, camden, acme, challenge
):
    invite_only = published(alice, camden, audience=Audience.INVITE, invited=[acme.slug])

    response = client.get(url(challenge))

    assert response.status_code == 200
    assert read(response).title == title(challenge.title)
    assert "Sign in" in text(response) and "register your company" in text(response)
    assert client.get(url(invite_only)).status_code == 404


def test_it_shows_problem_eligibility_prizes_timeline_and_charter(client, alice, camden):
    challenge = published(
        alice,
        camden,
        background="We tried annual surveys.",
        eligibility="Small companies based in the UK.",
        eligible_sizes=["micro", "small"],
        requires_london_based=True,
        charter_technology="Humidity sensors in flats.",
        charter_open_data=True,
    )

    html = text(client.get(url(challenge)))

    for phrase in (
        challenge.problem_statement,
        "We tried annual surveys.",
        "Small companies based in the UK.",
        "Micro, small",
        "<li>Based in London</li>",
        'First place</th> <td class="govuk-table__cell">Placed prize</td> '
        '<td class="govuk-table__cell govuk-table__cell--numeric">£20,000',
        "Highly commended</td>",
        f'Entries close</dt> <dd class="govuk-summary-list__value">'
        f"{london_time(challenge.closes_at)}",
        "London Emerging Technology Charter",
        "Humidity sensors in flats.",
        '<strong class="govuk-tag govuk-tag--green">Open for entries</strong>',
    ):
        assert phrase in html, phrase


def test_published_answers_are_shown_without_the_asker(
    client, alice, supplier_user, beta_user, challenge
):
    asked = services.question_ask(
        acting_user=supplier_user, challenge=challenge, question="Acme here: is TUPE in?"
    )
    services.question_ask(acting_user=supplier_user, challenge=challenge, question="Still waiting?")
    services.question_answer(
        acting_user=alice, question=asked, answer="No TUPE applies.", published_question="TUPE?"
    )

    for user in (None, beta_user, supplier_user):
        client.logout()
        if user:
            client.force_login(user)
        html = text(client.get(url(challenge)))
        assert "TUPE?" in html and "No TUPE applies." in html
        assert "Acme here" not in html and "sam@acme-test.example" not in html
        assert ("Still waiting?" in html) is (user == supplier_user)


def test_a_supplier_is_offered_to_enter_and_ask_and_then_to_continue(
    client, supplier_user, acme, challenge
):
    client.force_login(supplier_user)
    html = text(client.get(url(challenge)))
    assert f'href="/challenges/{challenge.pk}/enter/"' in html
    assert "Ask a clarification question" in html

    entry = submitted_entry(supplier_user, acme, challenge, title="Damp sensors")

    html = text(client.get(url(challenge)))
    assert f'href="/challenges/{challenge.pk}/enter/"' not in html
    assert f'<a class="govuk-link" href="/challenges/entries/{entry.pk}/">Damp sensors</a>' in html
    assert "Submitted at" in html and "London time" in html


def test_only_the_owners_see_how_to_run_it(client, alice, charlie, supplier_user, challenge):
    client.force_login(alice)
    assert "Run this challenge" in text(client.get(url(challenge)))
    for user in (charlie, supplier_user):
        client.force_login(user)
        assert "Run this challenge" not in text(client.get(url(challenge)))


def test_a_judge_is_shown_their_rounds(client, judging_round):
    client.force_login(judging_round.judges[0])

    html = text(client.get(url(judging_round.challenge)))

    assert "You are on the judging panel" in html
    assert f'href="/challenges/rounds/{judging_round.round.pk}/"' in html


def test_a_cancelled_challenge_says_why(client, alice, challenge):
    services.challenge_cancel(acting_user=alice, challenge=challenge, reason="The budget was cut.")

    html = text(client.get(url(challenge)))

    assert "Cancelled at" in html and "The budget was cut." in html


def test_a_judge_on_the_panel_sees_an_invite_only_challenge_and_others_do_not(
    client, alice, camden, acme, beta_user, judges
):
    from tests.challenges.helpers import join_panel, make_round

    challenge = published(alice, camden, audience=Audience.INVITE, invited=[acme.slug])
    join_panel(alice, make_round(alice, challenge), judges[0])

    client.force_login(judges[0])
    assert client.get(url(challenge)).status_code == 200
    for user in (judges[1], beta_user):
        client.force_login(user)
        assert client.get(url(challenge)).status_code == 404
