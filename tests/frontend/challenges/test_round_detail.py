from __future__ import annotations

import re

from challenges import judging
from challenges.models import PanelMember, Round, RoundEntry
from loti.notifications.models import OutboundEmail
from tests.challenges.helpers import close, join_panel, make_round
from tests.factories import SupplierFactory, UserFactory
from tests.frontend.challenges.helpers import count_queries, text
from tests.frontend.challenges.test_assignments import entered_while_open
from tests.frontend.helpers import read


def url(round_) -> str:
    return f"/challenges/rounds/{round_.pk}/"


def test_it_is_for_the_owners_and_the_panel(client, alice, bob, dora, supplier_user, released):
    round_ = released.round
    for user, status in (
        (alice, 200),
        (bob, 200),
        (released.chair, 200),
        (released.judges[0], 200),
        (dora, 404),
        (supplier_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(round_)).status_code == status, user
    client.logout()
    assert client.get(url(round_)).status_code == 302


def test_a_judge_who_has_not_declared_is_sent_to_declare_first(client, alice, judging_round):
    newcomer = UserFactory.create(email="new@judges-c.example")
    join_panel(alice, judging_round.round, newcomer)
    client.force_login(newcomer)

    response = client.get(url(judging_round.round))

    assert response["Location"] == f"/challenges/rounds/{judging_round.round.pk}/declaration/"


def test_a_judge_sees_only_their_released_entries(client, alice, judging_round):
    judge = judging_round.judges[0]
    client.force_login(judge)
    assert "You have no entries to score yet" in text(client.get(url(judging_round.round)))


def test_a_judge_sees_what_is_left_to_score(client, released):
    client.force_login(released.judges[0])

    html = text(client.get(url(released.round)))

    for entry in released.entries.values():
        assert f'href="/challenges/rounds/{released.round.pk}/entries/{entry.pk}/"' in html
    assert html.count(">To score<") == 2


def test_the_owners_invite_a_judge_who_gets_a_link_to_the_invitation_page(client, alice, challenge):
    round_ = make_round(alice, challenge)
    client.force_login(alice)

    response = client.post(
        f"/challenges/rounds/{round_.pk}/panel/",
        {"email": "Judge@Example.org", "is_chair": "False"},
    )

    assert response["Location"] == url(round_)
    assert PanelMember.objects.get().email == "judge@example.org"
    email = OutboundEmail.objects.get(to_address="judge@example.org")
    assert re.search(r"http://testserver/challenges/judge-invitations/[^/\s]+/", email.body_text)


def test_a_bad_invitation_is_named_on_its_field(client, alice, challenge):
    round_ = make_round(alice, challenge)
    client.force_login(alice)

    response = client.post(f"/challenges/rounds/{round_.pk}/panel/", {"email": "not-an-address"})

    page = read(response)
    assert page.title.startswith("Error: ")
    assert page.field_errors["id_email"].startswith("Error: Enter an email address")
    assert not PanelMember.objects.exists()


def test_only_the_owners_invite(client, released):
    client.force_login(released.judges[0])
    response = client.post(
        f"/challenges/rounds/{released.round.pk}/panel/",
        {"email": "x@example.org", "is_chair": "True"},
    )
    assert response.status_code == 403
    assert not PanelMember.objects.filter(email="x@example.org").exists()


def test_starting_scoring_waits_for_the_deadline(client, alice, chair, challenge):
    round_ = make_round(alice, challenge)
    join_panel(alice, round_, chair, chair=True)
    client.force_login(alice)

    early = client.post(f"/challenges/rounds/{round_.pk}/start/")
    assert early.status_code == 409 and "once the challenge has closed" in text(early)
    close(challenge)
    started = client.post(f"/challenges/rounds/{round_.pk}/start/")

    assert started["Location"] == url(round_)
    assert Round.objects.get(pk=round_.pk).status == "scoring"


def test_the_chair_picks_the_method_before_any_score_is_in(client, released):
    round_ = released.round
    client.force_login(released.chair)
    assert f'action="/challenges/rounds/{round_.pk}/method/"' in text(client.get(url(round_)))

    client.post(f"/challenges/rounds/{round_.pk}/method/", {"method": "zscore"})

    assert Round.objects.get(pk=round_.pk).method == "zscore"


def test_the_method_is_fixed_once_a_score_is_in(client, released):
    from tests.challenges.helpers import score

    round_ = released.round
    score(released.judges[0], round_, released.entries["acme"], 3, 3)
    client.force_login(released.chair)

    html = text(client.get(url(round_)))
    response = client.post(f"/challenges/rounds/{round_.pk}/method/", {"method": "zscore"})

    assert "This is fixed now that scores are in." in html
    assert read(response).summary == [
        ("#method", "The ranking method is fixed once the first score is in.")
    ]
    assert Round.objects.get(pk=round_.pk).method == "raw"


def test_a_judge_cannot_pick_the_method(client, released):
    client.force_login(released.judges[0])
    response = client.post(f"/challenges/rounds/{released.round.pk}/method/", {"method": "zscore"})
    assert response.status_code == 403


def test_a_judges_entry_list_takes_the_same_queries_for_few_entries_or_many(
    client, alice, released
):
    judge = released.judges[0]
    client.force_login(judge)
    few = count_queries(client, url(released.round))
    for number in range(3):
        company = SupplierFactory.create(slug=f"more-{number}", name=f"More {number}")
        entry = entered_while_open(company, released.challenge)
        RoundEntry.objects.create(round=released.round, entry=entry)
        judging.assignment_add(
            acting_user=released.chair, round_=released.round, entry_id=entry.pk, judge_id=judge.pk
        )
    judging.assignments_release(acting_user=released.chair, round_=released.round)
    # session, user, notification count, the round (+ rubric), who the judge is on the
    # panel, whether scores are in, the entries with a scored flag: not per entry.
    assert count_queries(client, url(released.round)) == few
