from __future__ import annotations

from challenges.models import Round
from tests.challenges.helpers import make_round
from tests.frontend.challenges.helpers import text


def sent_back(client, url, **changes):
    form = client.get(url).context["form"]
    data = {}
    for name in ("name", "kind", "blind", "judges_per_entry", "comment_required", "method"):
        data[name] = str(form[name].value())
    data["disagreement_threshold"] = "15"
    data["advance_count"] = "5"
    for rows, parts in (
        ("criteria", ("name", "weight", "description")),
        ("scale", ("score", "descriptor")),
    ):
        drawn = form.rows(rows)
        data[f"{rows}-rows"] = str(len(drawn))
        for row in drawn:
            for part in parts:
                data[f"{rows}-{row['index']}-{part}"] = row[part]
    data.update(changes)
    return data


def test_the_owners_change_a_round_until_scoring_starts(client, alice, dora, challenge):
    round_ = make_round(alice, challenge)
    url = f"/challenges/rounds/{round_.pk}/edit/"
    client.force_login(dora)
    assert client.get(url).status_code == 404
    client.force_login(alice)

    response = client.post(url, sent_back(client, url, name="First look", blind="True"))

    assert response["Location"] == f"/challenges/rounds/{round_.pk}/"
    round_.refresh_from_db()
    assert round_.name == "First look" and round_.blind
    assert list(round_.criteria.values_list("key", flat=True)) == ["impact", "feasibility"]


def test_the_rubric_is_fixed_once_scoring_starts(client, alice, judging_round):
    client.force_login(alice)

    response = client.get(f"/challenges/rounds/{judging_round.round.pk}/edit/")

    assert response.status_code == 409
    assert "rubric is fixed" in text(response)


def test_a_judge_cannot_change_the_round(client, judging_round):
    client.force_login(judging_round.judges[0])
    assert client.get(f"/challenges/rounds/{judging_round.round.pk}/edit/").status_code == 403
    assert Round.objects.get(pk=judging_round.round.pk).name == "Shortlisting"
