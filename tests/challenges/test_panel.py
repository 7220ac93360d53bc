"""Managing a round's panel: taking a judge off it (their unscored entries go back to
be assigned; scores they gave stop counting and stay in the audit log) and handing
the chair to another judge (a panel has exactly one chair)."""

from __future__ import annotations

import pytest

from challenges import judging
from challenges.models import Assignment, PanelMember, Round, ScoreSheet
from challenges.results import round_results
from loti.audit.models import AuditEvent
from loti.notifications.models import Notification, OutboundEmail
from tests.challenges.helpers import assert_error, join_panel, make_round, score
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def place(round_: Round, user) -> PanelMember:
    return PanelMember.objects.get(round=round_, user=user)


def remove_url(round_: Round, member: PanelMember) -> str:
    return f"/api/rounds/{round_.pk}/panel/{member.pk}/"


def test_taking_a_judge_off_releases_their_unscored_entries_for_reassignment(api, released):
    jo, kim = released.judges
    round_, acme, beta = released.round, released.entries["acme"], released.entries["beta"]
    score(jo, round_, acme, 4, 4)

    response = api(released.chair).delete(remove_url(round_, place(round_, jo)))

    assert response.status_code == 200
    assert response.json() == {"released": [beta.pk], "withdrawn": [acme.pk]}
    assert not Assignment.objects.filter(round=round_, judge=jo).exists()
    # Both entries are one judge short again: the automatic assignment gives them to
    # the only other declared judge who is not already on them, the chair.
    batch = judging.assignments_auto(acting_user=released.chair, round_=round_)
    assert sorted(batch.assignments.values_list("entry_id", "judge_id")) == [
        (acme.pk, released.chair.pk),
        (beta.pk, released.chair.pk),
    ]
    assert kim  # kim keeps both entries


def test_scores_of_a_judge_taken_off_no_longer_count_but_stay_in_the_audit_log(
    api, alice, released
):
    jo, kim = released.judges
    round_, acme = released.round, released.entries["acme"]
    score(jo, round_, acme, 0, 0, feedback="Weak.")
    score(kim, round_, acme, 5, 5, feedback="Strong.")
    assert round_results(round_=round_)["rows"][0]["totals"] == [0.0, 100.0]

    api(alice).delete(remove_url(round_, place(round_, jo)))

    row = next(r for r in round_results(round_=round_)["rows"] if r["entry"] == acme.pk)
    assert row["totals"] == [100.0] and row["score"] == 100.0
    assert list(ScoreSheet.objects.filter(round=round_).values_list("judge_id", flat=True)) == [
        kim.pk
    ]
    seen_by_kim = api(kim).get(f"/api/rounds/{round_.pk}/entries/{acme.pk}/score/").json()
    assert [sheet["judge"] for sheet in seen_by_kim] == [kim.pk]
    removal = AuditEvent.objects.get(verb="round.judge_removed")
    assert removal.actor == alice
    assert removal.detail["scores_withdrawn"] == [
        {
            "entry": acme.pk,
            "version": 1,
            "scores": {"impact": 0, "feasibility": 0},
            "comments": {},
            "feedback": "Weak.",
        }
    ]
    assert AuditEvent.objects.filter(verb="score.submitted", actor=jo).exists()


def test_a_judge_taken_off_sees_the_round_no_more_and_is_told(api, alice, acme, released):
    jo = released.judges[0]
    round_ = released.round
    api(alice).delete(remove_url(round_, place(round_, jo)))

    assert api(jo).get(f"/api/rounds/{round_.pk}/").status_code == 404
    assert api(jo).get(f"/api/rounds/{round_.pk}/entries/").status_code == 404
    assert not jo.has_perm("challenges.view_challenge", released.challenge)
    notice = Notification.objects.get(recipient=jo, event="challenges.judge_removed")
    assert "no longer a judge on Shortlisting" in notice.body
    assert acme.name not in notice.title + notice.body


def test_a_judge_on_another_round_keeps_seeing_the_challenge(alice, released):
    jo = released.judges[0]
    following = make_round(alice, released.challenge, name="Final pitches", kind="final")
    join_panel(alice, following, jo)

    judging.panel_member_remove(acting_user=alice, member=place(released.round, jo))

    assert jo.has_perm("challenges.view_challenge", released.challenge)


def test_the_chair_cannot_be_taken_off(api, alice, released):
    chair_place = place(released.round, released.chair)

    response = api(alice).delete(remove_url(released.round, chair_place))

    assert_error(response, 409, "member")
    assert "make another judge the chair first" in response.json()["message"]
    assert PanelMember.objects.filter(pk=chair_place.pk, is_chair=True).exists()


def test_the_panel_is_fixed_once_scoring_closes(api, alice, released):
    jo = released.judges[0]
    score(jo, released.round, released.entries["acme"], 3, 3)
    judging.round_close(acting_user=alice, round_=released.round)

    removed = api(alice).delete(remove_url(released.round, place(released.round, jo)))
    chaired = api(alice).post(remove_url(released.round, place(released.round, jo)) + "chair/")

    assert_error(removed, 409, "status")
    assert_error(chaired, 409, "status")
    assert ScoreSheet.objects.filter(judge=jo).count() == 1
    assert place(released.round, released.chair).is_chair


def test_withdrawing_an_invitation_stops_the_link_and_tells_the_address(api, alice, challenge):
    round_ = make_round(alice, challenge)
    member = judging.panel_invite(acting_user=alice, round_=round_, email="late@judges-f.example")

    response = api(alice).delete(remove_url(round_, member))

    assert response.json() == {"released": [], "withdrawn": []}
    assert not PanelMember.objects.filter(pk=member.pk).exists()
    email = OutboundEmail.objects.get(
        to_address="late@judges-f.example", event="challenges.judge_removed"
    )
    assert "invitation to judge Shortlisting is withdrawn" in email.body_text


def test_a_member_of_another_round_is_not_found(api, alice, released):
    other = make_round(alice, released.challenge, name="Final pitches", kind="final")
    member = judging.panel_invite(acting_user=alice, round_=other, email="x@judges-g.example")
    response = api(alice).delete(remove_url(released.round, member))
    assert response.status_code == 404
    assert PanelMember.objects.filter(pk=member.pk).exists()


def test_the_owners_hand_the_chair_to_a_judge_and_the_old_chair_stays_a_judge(api, bob, released):
    kim = released.judges[1]
    response = api(bob).post(remove_url(released.round, place(released.round, kim)) + "chair/")

    assert response.status_code == 200 and response.json()["is_chair"] is True
    chairs = PanelMember.objects.filter(round=released.round, is_chair=True)
    assert list(chairs.values_list("user", flat=True)) == [kim.pk]
    assert place(released.round, released.chair).is_chair is False
    assert Notification.objects.filter(recipient=kim, event="challenges.chair_changed").exists()
    # The new chair runs the panel; the old one no longer can.
    assert api(kim).get(f"/api/rounds/{released.round.pk}/results/").status_code == 200
    assert api(released.chair).get(f"/api/rounds/{released.round.pk}/results/").status_code == 403
    changed = AuditEvent.objects.get(verb="round.chair_changed")
    assert changed.detail == {"chair": kim.email, "previous": released.chair.email}


def test_the_chair_hands_over(api, released):
    jo = released.judges[0]
    url = remove_url(released.round, place(released.round, jo)) + "chair/"
    assert api(released.chair).post(url).json()["is_chair"] is True
    assert PanelMember.objects.filter(round=released.round, is_chair=True).count() == 1


def test_only_a_judge_who_has_joined_can_chair(api, alice, released):
    invited = judging.panel_invite(
        acting_user=alice, round_=released.round, email="pending@judges-h.example"
    )
    response = api(alice).post(remove_url(released.round, invited) + "chair/")
    assert_error(response, 400, "member")
    assert "has not joined the panel yet" in response.json()["message"]
    assert place(released.round, released.chair).is_chair


def test_the_chair_is_already_the_chair(api, alice, released):
    response = api(alice).post(
        remove_url(released.round, place(released.round, released.chair)) + "chair/"
    )
    assert_error(response, 409, "member")


def test_a_new_judge_can_be_invited_again_after_being_taken_off(alice, released):
    jo = released.judges[0]
    judging.panel_member_remove(acting_user=alice, member=place(released.round, jo))
    join_panel(alice, released.round, jo)
    assert place(released.round, jo).declared_at is None  # they declare again


def test_the_panel_list_keeps_one_chair_through_changes(api, alice, released):
    newcomer = UserFactory(email="newcomer@judges-i.example")
    join_panel(alice, released.round, newcomer)
    for judge in (*released.judges, newcomer):
        judging.panel_chair_set(acting_user=alice, member=place(released.round, judge))
    panel = api(alice).get(f"/api/rounds/{released.round.pk}/panel/").json()
    assert [row["email"] for row in panel if row["is_chair"]] == [newcomer.email]
