from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from challenges import judging
from challenges.models import Assignment, Challenge, RoundEntry
from loti.notifications.models import Notification
from tests.challenges.helpers import score, submitted_entry
from tests.factories import SupplierFactory, member_of
from tests.frontend.challenges.helpers import count_queries, text
from tests.frontend.helpers import read


def url(round_) -> str:
    return f"/challenges/rounds/{round_.pk}/assignments/"


def test_only_the_chair_assigns(client, alice, dora, judging_round):
    for user, status in (
        (judging_round.chair, 200),
        (judging_round.judges[0], 403),
        (alice, 403),
        (dora, 404),
    ):
        client.force_login(user)
        assert client.get(url(judging_round.round)).status_code == status, user
    client.force_login(judging_round.judges[0])
    assert client.post(url(judging_round.round) + "auto/").status_code == 403
    assert not Assignment.objects.exists()


def test_preview_release_and_the_judges_are_told_how_many(client, judging_round):
    round_ = judging_round.round
    client.force_login(judging_round.chair)

    client.post(url(round_) + "auto/")
    preview = text(client.get(url(round_)))
    assert Assignment.objects.filter(released_at__isnull=True).count() == 4
    assert "Release 4 assignments to the judges" in preview
    assert preview.count("Not released") == 4
    client.post(url(round_) + "release/")

    assert not Assignment.objects.filter(released_at__isnull=True).exists()
    notice = Notification.objects.get(
        recipient=judging_round.judges[0], event="challenges.assignments_released"
    )
    assert notice.path == f"/challenges/rounds/{round_.pk}/"
    mine = Assignment.objects.filter(judge=judging_round.judges[0]).count()
    assert f"You have {mine} new entr{'y' if mine == 1 else 'ies'} to score" in notice.body


def test_a_bulk_assignment_is_undone_as_a_whole(client, judging_round):
    client.force_login(judging_round.chair)
    client.post(url(judging_round.round) + "auto/")
    batch = Assignment.objects.first().batch

    response = client.post(f"/challenges/assignment-batches/{batch.pk}/undo/")

    assert response["Location"] == url(judging_round.round)
    assert not Assignment.objects.exists()


def test_the_chair_adjusts_one_assignment_at_a_time(client, judging_round):
    jo = judging_round.judges[0]
    entry = judging_round.entries["acme"]
    client.force_login(judging_round.chair)

    client.post(url(judging_round.round), {"entry_id": entry.pk, "judge_id": jo.pk})
    twice = client.post(url(judging_round.round), {"entry_id": entry.pk, "judge_id": jo.pk})
    assert read(twice).field_errors["id_judge_id"] == (
        "Error: This judge is already assigned this entry."
    )
    assignment = Assignment.objects.get()
    client.post(f"/challenges/assignments/{assignment.pk}/remove/")

    assert not Assignment.objects.exists()


def test_a_scored_assignment_stays(client, released):
    jo, entry = released.judges[0], released.entries["acme"]
    score(jo, released.round, entry, 3, 3)
    assignment = Assignment.objects.get(judge=jo, entry=entry)
    client.force_login(released.chair)

    response = client.post(f"/challenges/assignments/{assignment.pk}/remove/")

    assert response.status_code == 409 and "has scored the entry" in text(response)
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_the_page_takes_the_same_queries_for_few_entries_or_many(client, judging_round):
    client.force_login(judging_round.chair)
    client.post(url(judging_round.round) + "auto/")
    few = count_queries(client, url(judging_round.round))
    for number in range(3):
        company = SupplierFactory.create(slug=f"more-{number}", name=f"More {number}")
        entry = entered_while_open(company, judging_round.challenge)
        RoundEntry.objects.create(round=judging_round.round, entry=entry)
    judging.assignments_auto(acting_user=judging_round.chair, round_=judging_round.round)
    # session, user, notification count, the round, the chair and owner checks,
    # entries (+ partners), declared judges, assignments, score sheets, loads,
    # unreleased count, batches: none of them once per entry.
    assert count_queries(client, url(judging_round.round)) == few


def entered_while_open(company, challenge):
    """An entry submitted before the deadline: the clock is turned back for it."""
    status = challenge.status
    Challenge.objects.filter(pk=challenge.pk).update(
        status="open", closes_at=timezone.now() + timedelta(days=1)
    )
    entry = submitted_entry(member_of(company), company, challenge)
    Challenge.objects.filter(pk=challenge.pk).update(
        status=status, closes_at=timezone.now() - timedelta(minutes=1)
    )
    return entry
