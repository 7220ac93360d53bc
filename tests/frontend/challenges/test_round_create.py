from __future__ import annotations

from challenges.models import Round, RubricCriterion
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/rounds/new/"


def form(**overrides):
    data = {
        "name": "Shortlisting",
        "kind": "screening",
        "blind": "False",
        "judges_per_entry": "3",
        "max_per_judge": "",
        "comment_required": "False",
        "method": "raw",
        "disagreement_threshold": "15",
        "advance_count": "5",
        "criteria-rows": "2",
        "criteria-0-name": "Impact",
        "criteria-0-weight": "60",
        "criteria-0-description": "Fewer ill residents.",
        "criteria-1-name": "Feasibility",
        "criteria-1-weight": "40%",
        "criteria-1-description": "",
        "scale-rows": "3",
        "scale-0-score": "0",
        "scale-0-descriptor": "Poor",
        "scale-1-score": "1",
        "scale-1-descriptor": "Fair",
        "scale-2-score": "2",
        "scale-2-descriptor": "Good",
    }
    data.update(overrides)
    return data


def test_it_is_for_the_owners(client, alice, charlie, dora, joint, challenge):
    client.force_login(charlie)
    assert client.get(url(joint)).status_code == 200
    client.force_login(dora)
    assert client.get(url(joint)).status_code == 404
    assert client.post(url(challenge), form()).status_code == 404
    client.logout()
    assert client.post(url(challenge), form()).status_code == 302
    assert not Round.objects.exists()


def test_the_owners_add_a_round_with_its_rubric_and_scale(client, alice, challenge):
    client.force_login(alice)

    response = client.post(url(challenge), form())

    round_ = Round.objects.get()
    assert response["Location"] == f"/challenges/rounds/{round_.pk}/"
    criteria = list(round_.criteria.values_list("key", "name", "weight", "description"))
    assert criteria == [
        ("impact", "Impact", 60, "Fewer ill residents."),
        ("feasibility", "Feasibility", 40, ""),
    ]
    assert round_.scale == [
        {"score": 0, "descriptor": "Poor"},
        {"score": 1, "descriptor": "Fair"},
        {"score": 2, "descriptor": "Good"},
    ]


def test_add_another_criterion_draws_a_row_and_saves_nothing(client, alice, challenge):
    client.force_login(alice)

    response = client.post(url(challenge), form(add_criterion="yes"))

    html = text(response)
    assert read(response).summary == []
    assert 'name="criteria-rows" value="3"' in html and 'name="criteria-2-name"' in html
    assert 'name="criteria-1-weight" type="text" inputmode="decimal" value="40%"' in html
    assert not Round.objects.exists()

    more_levels = text(client.post(url(challenge), form(add_level="yes")))
    assert 'name="scale-rows" value="4"' in more_levels


def test_weights_that_do_not_total_100_are_named_and_nothing_is_saved(client, alice, challenge):
    client.force_login(alice)

    response = client.post(url(challenge), form(**{"criteria-1-weight": "30"}))

    page = read(response)
    assert "id_criteria" in page.field_errors
    assert "100" in page.field_errors["id_criteria"]
    assert not Round.objects.exists() and not RubricCriterion.objects.exists()


def test_typing_mistakes_are_named_on_their_fields(client, alice, challenge):
    client.force_login(alice)

    response = client.post(
        url(challenge),
        form(name="", judges_per_entry="two", **{"scale-1-score": "x", "criteria-0-weight": ""}),
    )

    page = read(response)
    assert page.field_errors["id_name"] == "Error: Enter a name for the round"
    assert (
        page.field_errors["id_judges_per_entry"] == "Error: Judges per entry must be a whole number"
    )
    assert page.field_errors["id_criteria"] == "Error: Give Impact a weight"
    assert page.field_errors["id_scale"] == "Error: Each score level is a whole number, like 0 or 5"
