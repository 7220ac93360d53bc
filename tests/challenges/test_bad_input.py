"""Bad input: a clear 4xx naming the problem, nothing half-saved."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from challenges import judging
from challenges.models import Challenge, JudgeReminder, Round, RoundEntry, ScoreSheet
from loti.notifications.models import Notification
from tests.challenges.helpers import RUBRIC, assert_error, close, published, score, submitted_entry
from tests.factories import SupplierFactory, member_of

pytestmark = pytest.mark.django_db


def test_weights_not_totalling_100_are_refused_and_nothing_saved(api, alice, challenge):
    bad = [{"name": "Impact", "weight": 60}, {"name": "Cost", "weight": 30}]
    response = api(alice).post(
        f"/api/challenges/{challenge.pk}/rounds/", {"name": "R", "kind": "final", "criteria": bad}
    )
    body = assert_error(response, 400, "criteria")
    assert "total 90" in body["message"]
    assert not Round.objects.exists()


def test_scores_outside_the_scale_are_refused(api, released):
    jo, entry = released.judges[0], released.entries["acme"]
    url = f"/api/rounds/{released.round.pk}/entries/{entry.pk}/score/"
    for scores in (
        {"impact": 6, "feasibility": 3},
        {"impact": 2.5, "feasibility": 3},
        {"impact": 3},
        {"impact": 3, "feasibility": 3, "cost": 1},
    ):
        assert_error(api(jo).put(url, {"scores": scores}), 400, "scores")
    assert not ScoreSheet.objects.exists()


def test_a_required_comment_is_named(api, released):
    Round.objects.filter(pk=released.round.pk).update(comment_required=True)
    jo, entry = released.judges[0], released.entries["acme"]
    url = f"/api/rounds/{released.round.pk}/entries/{entry.pk}/score/"
    body = {"scores": {"impact": 3, "feasibility": 3}, "comments": {"impact": "Good."}}
    assert "feasibility" in assert_error(api(jo).put(url, body), 400, "comments")["message"]


def test_an_unassigned_judge_cannot_score(api, alice, judging_round):
    jo, entry = judging_round.judges[0], judging_round.entries["acme"]
    url = f"/api/rounds/{judging_round.round.pk}/entries/{entry.pk}/score/"
    assert api(jo).put(url, {"scores": {"impact": 3, "feasibility": 3}}).status_code == 404
    with pytest.raises(Exception, match="not assigned"):
        score(jo, judging_round.round, entry, 3, 3)


def test_score_changes_are_versioned_in_the_audit_log(released):
    from loti.audit.models import AuditEvent

    jo, entry = released.judges[0], released.entries["acme"]
    score(jo, released.round, entry, 3, 3)
    sheet = score(jo, released.round, entry, 4, 2)
    assert sheet.version == 2
    changed = AuditEvent.objects.get(verb="score.changed")
    assert changed.detail["before"]["scores"] == {"impact": 3, "feasibility": 3}
    assert changed.detail["after"]["scores"] == {"impact": 4, "feasibility": 2}


def test_the_method_is_fixed_once_a_score_is_in(api, released):
    url = f"/api/rounds/{released.round.pk}/"
    chair = api(released.chair)
    assert chair.patch(url, {"method": "zscore"}).json()["method"] == "zscore"
    score(released.judges[0], released.round, released.entries["acme"], 3, 3)
    assert_error(chair.patch(url, {"method": "raw"}), 409, "method")


def test_entering_a_closed_or_uninvited_challenge(api, alice, camden, acme, supplier_user):
    open_one = published(alice, camden)
    close(open_one)
    body = {"title": "Late", "declaration": {"confirmed": True}}
    assert_error(
        api(supplier_user).post(f"/api/challenges/{open_one.pk}/entries/", body), 409, "closes_at"
    )
    other = member_of(SupplierFactory(slug="invited-test"))
    invite_only = published(alice, camden, audience="invite", invited=["invited-test"])
    assert (
        api(supplier_user).post(f"/api/challenges/{invite_only.pk}/entries/", body).status_code
        == 404
    )
    assert api(other).post(f"/api/challenges/{invite_only.pk}/entries/", body).status_code == 201


def test_ineligible_by_the_structured_checks(api, alice, camden, acme, supplier_user):
    challenge = published(
        alice,
        camden,
        eligible_sizes=["micro"],
        requires_uk_registered=True,
        requires_london_based=True,
    )
    client = api(supplier_user)
    entry = client.post(
        f"/api/challenges/{challenge.pk}/entries/",
        {"title": "T", "summary": "S", "description": "D", "declaration": {"confirmed": True}},
    ).json()
    body = assert_error(
        client.post(f"/api/entries/{entry['id']}/submit/"), 400, "supplier", "declaration"
    )
    assert "micro" in " ".join(body["fields"]["supplier"])
    assert any("London" in m for m in body["fields"]["declaration"])


def test_advancing_an_entry_twice_is_a_conflict(api, alice, released):
    chair = released.chair
    for judge in released.judges:
        for entry in released.entries.values():
            score(judge, released.round, entry, 3, 3)
    judging.round_close(acting_user=chair, round_=released.round)
    final = judging.round_create(
        acting_user=alice, challenge=released.challenge, name="Final", kind="final", criteria=RUBRIC
    )
    url = f"/api/rounds/{released.round.pk}/advance/"
    entry = released.entries["acme"].pk
    assert api(chair).post(url, {"entries": [entry]}).status_code == 201
    body = assert_error(api(chair).post(url, {"entries": [entry]}), 409, "entries")
    assert str(entry) in body["message"]
    assert RoundEntry.objects.filter(round=final).count() == 1


def test_spreadsheet_cells_that_look_like_formulas_are_text(api, released):
    for judge in released.judges:
        score(judge, released.round, released.entries["acme"], 3, 3, feedback='=HYPERLINK("x")')
    Challenge.objects.filter(pk=released.challenge.pk)
    from challenges.models import Entry

    Entry.objects.filter(pk=released.entries["beta"].pk).update(title="+SUM(A1:A2)")
    sheet = api(released.chair).get(f"/api/rounds/{released.round.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(sheet.content))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} >= {'=HYPERLINK("x")', "+SUM(A1:A2)"}
    assert all(c.data_type == "s" for c in risky)


def test_the_chart_is_accessible_svg(api, released):
    score(released.judges[0], released.round, released.entries["acme"], 5, 5)
    svg = api(released.chair).get(f"/api/rounds/{released.round.pk}/results/chart.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert 'role="img"' in text and "<title" in text and "<desc" in text
    assert "Jo Judge: 1 entries, mean 100.0" in text


def test_reminders_go_once_to_judges_with_unscored_entries(released):
    Round.objects.filter(pk=released.round.pk).update(deadline=timezone.now() + timedelta(hours=30))
    jo, kim = released.judges
    for entry in released.entries.values():
        score(kim, released.round, entry, 3, 3)
    assert judging.judging_reminders_send() == 1
    assert judging.judging_reminders_send() == 0
    assert list(JudgeReminder.objects.values_list("judge_id", flat=True)) == [jo.pk]
    notice = Notification.objects.get(event="challenges.judging_reminder")
    assert notice.recipient == jo and "2 entries" in notice.body


def test_no_reminder_when_the_deadline_is_far(released):
    Round.objects.filter(pk=released.round.pk).update(deadline=timezone.now() + timedelta(days=5))
    assert judging.judging_reminders_send() == 0


def test_entrant_is_told_the_screening_outcome_and_reason(
    api, alice, acme, supplier_user, challenge
):
    entry = submitted_entry(supplier_user, acme, challenge)
    response = api(alice).post(f"/api/entries/{entry.pk}/screening/", {"eligible": False})
    assert_error(response, 400, "reason")
    api(alice).post(
        f"/api/entries/{entry.pk}/screening/", {"eligible": False, "reason": "Too big."}
    )
    seen = api(supplier_user).get(f"/api/entries/{entry.pk}/").json()
    assert (seen["eligibility"], seen["eligibility_reason"]) == ("ineligible", "Too big.")
    assert "Too big." in Notification.objects.get(event="challenges.entry_screened").body
