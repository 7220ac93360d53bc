"""Closing scoring from the round page: the owners (or the chair)."""

from __future__ import annotations

from challenges import judging
from challenges.models import Round, ScoreSheet
from tests.challenges.helpers import score
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(released) -> str:
    return f"/challenges/rounds/{released.round.pk}/close/"


def test_the_owners_close_scoring_from_the_round_page(client, alice, released):
    client.force_login(alice)
    page = text(client.get(f"/challenges/rounds/{released.round.pk}/"))
    assert f'action="{url(released)}"' in page
    assert "Once scoring is closed no judge can score or change a score" in page

    response = client.post(url(released))

    assert response["Location"] == f"/challenges/rounds/{released.round.pk}/results/"
    assert Round.objects.get(pk=released.round.pk).status == "closed"
    after = text(client.get(f"/challenges/rounds/{released.round.pk}/"))
    assert "Scoring closed at" in after and "Add the next round" in after


def test_a_judge_cannot_score_once_closed(client, alice, released):
    jo = released.judges[0]
    entry = released.entries["acme"]
    score(jo, released.round, entry, 2, 2)
    judging.round_close(acting_user=alice, round_=released.round)
    client.force_login(jo)
    entry_url = f"/challenges/rounds/{released.round.pk}/entries/{entry.pk}/"

    page = text(client.get(entry_url))
    response = client.post(entry_url, {"score_impact": "5", "score_feasibility": "5"})

    assert "Submit your scores" not in page and "Save your changed scores" not in page
    assert "scores can no longer be given or changed" in page
    refusal = read(response)
    assert refusal.title.startswith("Error: ")
    assert refusal.summary == [("#round-status", "You cannot score while the round is closed.")]
    assert ScoreSheet.objects.get(judge=jo).scores == {"impact": 2, "feasibility": 2}


def test_who_may_close(client, dora, supplier_user, released):
    for user, status in ((released.judges[0], 403), (dora, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.post(url(released)).status_code == status, user
    client.logout()
    assert client.post(url(released))["Location"].startswith("/sign-in/")
    assert Round.objects.get(pk=released.round.pk).status == "scoring"
