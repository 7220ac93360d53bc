"""The whole journey through the API: publish, enter, submit, screen, judge in two
rounds, decide, announce, open data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from challenges import judging
from challenges.models import ChallengeStatus, Round, ScoreSheet
from loti.audit.models import AuditEvent
from loti.notifications.models import Notification
from tests.challenges.helpers import PRIZES, RUBRIC, close, join_panel

pytestmark = pytest.mark.django_db


def test_a_challenge_from_draft_to_published_results(
    api, alice, camden, acme, supplier_user, beta, beta_user, chair, judges
):
    now = timezone.now()
    owner = api(alice)
    created = owner.post(
        "/api/challenges/",
        {
            "title": "Damp and mould",
            "problem_statement": "Find damp early.",
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=7)).isoformat(),
            "prizes": PRIZES,
            "charter_technology": "Humidity sensors.",
        },
    )
    assert created.status_code == 201, created.json()
    challenge_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert api(None).get(f"/api/challenges/{challenge_id}/").status_code == 404
    assert owner.post(f"/api/challenges/{challenge_id}/publish/").json()["status"] == "open"
    assert api(None).get(f"/api/challenges/{challenge_id}/").status_code == 200

    entry_ids = {}
    for user, name in ((supplier_user, "acme"), (beta_user, "beta")):
        client = api(user)
        entry = client.post(
            f"/api/challenges/{challenge_id}/entries/",
            {
                "title": f"{name} sensors",
                "summary": "Sensors.",
                "description": "We fit sensors.",
                "declaration": {"confirmed": True},
            },
        )
        assert entry.status_code == 201, entry.json()
        receipt = client.post(f"/api/entries/{entry.json()['id']}/submit/")
        assert receipt.status_code == 201, receipt.json()
        assert len(receipt.json()["sha256"]) == 64
        entry_ids[name] = entry.json()["id"]
    assert Notification.objects.filter(event="challenges.entry_received").count() == 2

    from challenges.models import Challenge

    close(Challenge.objects.get(pk=challenge_id))
    for entry_id in entry_ids.values():
        screened = owner.post(f"/api/entries/{entry_id}/screening/", {"eligible": True})
        assert screened.json()["eligibility"] == "eligible"

    first = owner.post(
        f"/api/challenges/{challenge_id}/rounds/",
        {"name": "Shortlist", "kind": "shortlist", "criteria": RUBRIC, "judges_per_entry": 2},
    )
    assert first.status_code == 201, first.json()
    round_id = first.json()["id"]
    invite = owner.post(f"/api/rounds/{round_id}/panel/", {"email": chair.email, "is_chair": True})
    assert invite.status_code == 201
    round_ = Round.objects.get(pk=round_id)
    for person in judges:
        owner.post(f"/api/rounds/{round_id}/panel/", {"email": person.email})
    for member in round_.panel.all():
        token = judging.judge_invitation_token(member)
        person = (
            chair
            if member.email == chair.email
            else next(j for j in judges if j.email == member.email)
        )
        accepted = api(person).post(f"/api/judge-invitations/{token}/accept/", {})
        assert accepted.status_code == 201, accepted.json()
    assert owner.post(f"/api/rounds/{round_id}/start/").json()["status"] == "scoring"
    for person in (chair, *judges):
        declared = api(person).post(f"/api/rounds/{round_id}/declaration/", {})
        assert declared.status_code == 201, declared.json()

    batch = api(chair).post(f"/api/rounds/{round_id}/assignments/auto/")
    assert batch.status_code == 201, batch.json()
    assert len(batch.json()["assignments"]) == 4
    assert api(chair).post(f"/api/rounds/{round_id}/assignments/release/").json()["released"] == 4

    sheets = {"acme": (5, 4), "beta": (2, 3)}
    for assignment in api(chair).get(f"/api/rounds/{round_id}/assignments/").json():
        judge = next(p for p in (chair, *judges) if p.pk == assignment["judge"])
        name = next(n for n, pk in entry_ids.items() if pk == assignment["entry"])
        impact, feasibility = sheets[name]
        scored = api(judge).put(
            f"/api/rounds/{round_id}/entries/{assignment['entry']}/score/",
            {"scores": {"impact": impact, "feasibility": feasibility}, "feedback": "Good."},
        )
        assert scored.status_code == 200, scored.json()

    results = api(chair).get(f"/api/rounds/{round_id}/results/").json()
    assert [row["entry"] for row in results["rows"]] == [entry_ids["acme"], entry_ids["beta"]]
    assert results["rows"][0]["score"] == 92.0  # 60 x 5/5 + 40 x 4/5
    assert results["rows"][1]["score"] == 48.0  # 60 x 2/5 + 40 x 3/5
    assert api(chair).post(f"/api/rounds/{round_id}/close/").json()["status"] == "closed"

    final = owner.post(
        f"/api/challenges/{challenge_id}/rounds/",
        {"name": "Pitch", "kind": "final", "criteria": RUBRIC, "judges_per_entry": 1},
    )
    final_id = final.json()["id"]
    join_panel(alice, Round.objects.get(pk=final_id), chair, chair=True)
    advanced = api(chair).post(f"/api/rounds/{round_id}/advance/", {"entries": [entry_ids["acme"]]})
    assert advanced.status_code == 201, advanced.json()
    assert Notification.objects.filter(event="challenges.shortlisted").exists()
    assert owner.post(f"/api/rounds/{final_id}/start/").status_code == 200
    api(chair).post(f"/api/rounds/{final_id}/declaration/", {})
    api(chair).post(
        f"/api/rounds/{final_id}/assignments/", {"entry": entry_ids["acme"], "judge": chair.pk}
    )
    api(chair).post(f"/api/rounds/{final_id}/assignments/release/")
    api(chair).put(
        f"/api/rounds/{final_id}/entries/{entry_ids['acme']}/score/",
        {"scores": {"impact": 4, "feasibility": 4}, "feedback": "A strong pitch."},
    )
    api(chair).post(f"/api/rounds/{final_id}/close/")

    first_prize = next(p for p in created.json()["prizes"] if p["name"] == "First place")
    decided = api(chair).post(
        f"/api/challenges/{challenge_id}/decisions/",
        {
            "awards": [
                {"prize": first_prize["id"], "entry": entry_ids["acme"], "rationale": "Best."}
            ]
        },
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == ChallengeStatus.DECIDED
    assert api(None).get(f"/api/challenges/{challenge_id}/results/").status_code == 404
    assert api(supplier_user).get(f"/api/entries/{entry_ids['acme']}/feedback/").status_code == 409

    assert owner.post(f"/api/challenges/{challenge_id}/results/publish/").status_code == 200
    public = api(None).get(f"/api/challenges/{challenge_id}/results/").json()
    winners = next(p for p in public["prizes"] if p["name"] == "First place")["winners"]
    assert winners[0]["entry"]["entrant"]["slug"] == acme.slug
    assert [e["id"] for e in public["shortlisted"]] == [entry_ids["acme"]]
    feedback = api(supplier_user).get(f"/api/entries/{entry_ids['acme']}/feedback/").json()
    assert {"round": "Pitch", "feedback": "A strong pitch."} in feedback
    assert all("judge" not in item for item in feedback)
    assert Notification.objects.filter(event="challenges.results").count() == 2

    data = api(None).get(f"/api/challenges/{challenge_id}/open-data.json").json()
    assert data["winners"][0]["entrant"] == acme.name
    rows = list(
        csv.reader(
            io.StringIO(
                api(None).get(f"/api/challenges/{challenge_id}/open-data.csv").content.decode()
            )
        )
    )
    assert rows[-1][:4] == ["winner", "Damp and mould", "First place", "20000.00"]
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "challenge.published",
        "entry.submitted",
        "score.submitted",
        "challenge.decided",
    } <= verbs
    assert ScoreSheet.objects.count() == 5


def test_cancelling_tells_entrants_the_reason(api, alice, acme, supplier_user, challenge):
    from tests.challenges.helpers import submitted_entry

    submitted_entry(supplier_user, acme, challenge)
    response = api(alice).post(f"/api/challenges/{challenge.pk}/cancel/", {"reason": "No budget."})
    assert response.json()["status"] == "cancelled"
    notice = Notification.objects.get(event="challenges.cancelled", recipient=supplier_user)
    assert "No budget." in notice.body
    again = api(alice).post(f"/api/challenges/{challenge.pk}/cancel/", {"reason": "x"})
    assert again.status_code == 409
