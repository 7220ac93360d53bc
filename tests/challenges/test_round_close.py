"""Closing a round's scoring: the owners (or the chair) close it; after that no score
is accepted or changed, the ranking is recorded, and the next round can start."""

from __future__ import annotations

import pytest

from challenges import judging
from challenges.models import Round, ScoreSheet
from loti.audit.models import AuditEvent
from tests.challenges.helpers import assert_error, join_panel, make_round, score

pytestmark = pytest.mark.django_db


def close_url(round_: Round) -> str:
    return f"/api/rounds/{round_.pk}/close/"


def test_the_owners_close_scoring_and_the_ranking_is_recorded(api, alice, released):
    jo, kim = released.judges
    acme, beta = released.entries["acme"], released.entries["beta"]
    score(jo, released.round, acme, 5, 5)
    score(kim, released.round, beta, 1, 1)

    response = api(alice).post(close_url(released.round))

    assert response.status_code == 200
    assert response.json()["status"] == "closed" and response.json()["closed_at"]
    closed = AuditEvent.objects.get(verb="round.closed")
    assert closed.actor == alice
    assert closed.detail["ranking"] == [acme.pk, beta.pk]
    assert closed.detail["seed"] == released.round.draw_seed


def test_no_score_is_accepted_or_changed_after_closing(api, alice, released):
    jo = released.judges[0]
    acme, beta = released.entries["acme"], released.entries["beta"]
    score(jo, released.round, acme, 2, 2)
    api(alice).post(close_url(released.round))
    url = f"/api/rounds/{released.round.pk}/entries/"
    body = {"scores": {"impact": 5, "feasibility": 5}}

    changed = api(jo).put(f"{url}{acme.pk}/score/", body)
    added = api(jo).put(f"{url}{beta.pk}/score/", body)

    assert_error(changed, 409, "status")
    assert "while the round is closed" in changed.json()["message"]
    assert_error(added, 409, "status")
    sheet = ScoreSheet.objects.get(judge=jo)
    assert (sheet.entry_id, sheet.scores, sheet.version) == (
        acme.pk,
        {"impact": 2, "feasibility": 2},
        1,
    )


def test_closing_twice_is_refused(api, alice, released):
    api(alice).post(close_url(released.round))
    assert_error(api(alice).post(close_url(released.round)), 409, "status")
    assert AuditEvent.objects.filter(verb="round.closed").count() == 1


def test_a_round_being_set_up_cannot_be_closed(api, alice, challenge):
    round_ = make_round(alice, challenge)
    assert_error(api(alice).post(close_url(round_)), 409, "status")
    assert Round.objects.get(pk=round_.pk).status == "setup"


def test_a_judge_cannot_close_scoring(api, released):
    response = api(released.judges[0]).post(close_url(released.round))
    assert response.status_code == 403
    assert Round.objects.get(pk=released.round.pk).status == "scoring"


def test_the_next_round_starts_only_once_this_one_is_closed(api, alice, released):
    final = make_round(alice, released.challenge, name="Final pitches", kind="final")
    join_panel(alice, final, released.chair, chair=True)
    start = f"/api/rounds/{final.pk}/start/"

    early = api(alice).post(start)
    api(alice).post(close_url(released.round))
    judging.entries_advance(
        acting_user=released.chair, round_=released.round, entry_ids=[released.entries["acme"].pk]
    )
    started = api(alice).post(start)

    assert_error(early, 409, "round")
    assert "Close the previous round first." in early.json()["message"]
    assert started.status_code == 200 and started.json()["status"] == "scoring"
