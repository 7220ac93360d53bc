from __future__ import annotations

from challenges import judging
from challenges.models import (
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    EntryConflict,
    ScoreSheet,
)
from tests.challenges.helpers import score
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(round_, entry) -> str:
    return f"/challenges/rounds/{round_.pk}/entries/{entry.pk}/"


def test_it_is_for_assigned_judges_the_chair_and_the_owners(
    client, alice, dora, supplier_user, released
):
    entry = released.entries["acme"]
    for user, status in (
        (released.judges[0], 200),
        (released.chair, 200),
        (alice, 200),
        (dora, 404),
        (supplier_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(released.round, entry)).status_code == status, user


def test_an_unassigned_judge_gets_404(client, judging_round):
    client.force_login(judging_round.judges[0])
    entry = judging_round.entries["acme"]
    assert client.get(url(judging_round.round, entry)).status_code == 404


def test_a_conflicted_judge_cannot_open_or_score_the_entry(client, released):
    judge, entry = released.judges[0], released.entries["acme"]
    # Found after the assignment was released: a flag keeps the judge off until the
    # chair looks at it.
    EntryConflict.objects.create(
        entry=entry,
        judge=judge,
        source=ConflictSource.EMAIL_DOMAIN,
        kind=ConflictKind.ORGANISATIONAL,
        status=ConflictStatus.FLAGGED,
    )
    client.force_login(judge)

    page = client.get(url(released.round, entry))
    posted = client.post(
        url(released.round, entry), {"score_impact": "3", "score_feasibility": "3"}
    )
    listed = text(client.get(f"/challenges/rounds/{released.round.pk}/"))

    assert page.status_code == posted.status_code == 404
    assert not ScoreSheet.objects.exists()
    assert url(released.round, entry) not in listed
    assert url(released.round, released.entries["beta"]) in listed


def test_the_scale_is_radios_with_each_levels_descriptor_as_a_hint(client, released):
    client.force_login(released.judges[0])

    html = text(client.get(url(released.round, released.entries["acme"])))

    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
        "Impact (weight 60%)</legend>" in html
    )
    assert (
        '<input class="govuk-radios__input" id="id_score_impact-5" name="score_impact" '
        'type="radio" value="4" aria-describedby="id_score_impact-5-item-hint">'
    ) in html
    assert (
        '<div id="id_score_impact-5-item-hint" class="govuk-hint govuk-radios__hint">'
        "Very good</div>" in html
    )


def test_a_judge_scores_and_then_sees_the_other_judges_scores(client, released):
    jo, kim = released.judges
    entry = released.entries["acme"]
    score(kim, released.round, entry, 1, 1, feedback="Kim's view.")
    client.force_login(jo)
    assert "Kim's view." not in text(client.get(url(released.round, entry)))

    response = client.post(
        url(released.round, entry),
        {
            "score_impact": "4",
            "score_feasibility": "2",
            "comment_impact": "Big.",
            "feedback": "Good.",
        },
    )

    assert response["Location"] == url(released.round, entry)
    sheet = ScoreSheet.objects.get(judge=jo)
    assert sheet.scores == {"impact": 4, "feasibility": 2}
    assert sheet.comments == {"impact": "Big."} and sheet.feedback == "Good."
    html = text(client.get(url(released.round, entry)))
    assert "The other judges' scores" in html and "Kim's view." in html and "Kim Judge" in html


def test_a_missing_score_is_named_and_nothing_is_saved(client, released):
    client.force_login(released.judges[0])
    entry = released.entries["acme"]

    response = client.post(url(released.round, entry), {"score_impact": "4"})

    assert read(response).field_errors["id_score_feasibility"] == (
        "Error: Choose a score for feasibility"
    )
    assert not ScoreSheet.objects.exists()


def test_a_score_off_the_scale_is_refused(client, released):
    client.force_login(released.judges[0])
    entry = released.entries["acme"]

    response = client.post(
        url(released.round, entry), {"score_impact": "9", "score_feasibility": "2"}
    )

    assert "id_score_impact" in read(response).field_errors
    assert not ScoreSheet.objects.exists()


def test_scores_change_until_scoring_closes(client, released):
    judge, entry = released.judges[0], released.entries["acme"]
    score(judge, released.round, entry, 1, 1)
    client.force_login(judge)

    client.post(url(released.round, entry), {"score_impact": "5", "score_feasibility": "5"})
    judging.round_close(acting_user=released.chair, round_=released.round)
    closed = text(client.get(url(released.round, entry)))

    sheet = ScoreSheet.objects.get()
    assert sheet.version == 2 and sheet.scores == {"impact": 5, "feasibility": 5}
    assert "Submit your scores" not in closed and "Save your changed scores" not in closed
