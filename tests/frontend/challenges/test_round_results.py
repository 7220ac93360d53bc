from __future__ import annotations

import io

from openpyxl import load_workbook

from challenges.models import RoundEntry
from tests.challenges.helpers import make_round, score
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(round_) -> str:
    return f"/challenges/rounds/{round_.pk}/results/"


def test_it_is_for_the_chair_and_the_owners(client, alice, dora, released):
    for user, status in (
        (released.chair, 200),
        (alice, 200),
        (released.judges[0], 403),
        (dora, 404),
    ):
        client.force_login(user)
        assert client.get(url(released.round)).status_code == status, user
    client.force_login(released.judges[0])
    assert client.get(url(released.round).replace("/results/", "/results.xlsx")).status_code == 403


def test_raw_and_normalised_side_by_side_with_incomplete_and_spread_marked(client, released):
    jo, kim = released.judges
    acme, beta = released.entries["acme"], released.entries["beta"]
    score(jo, released.round, acme, 5, 5)
    score(kim, released.round, acme, 0, 0)  # a wide spread: to discuss
    score(jo, released.round, beta, 3, 3)  # kim has not scored beta yet
    client.force_login(released.chair)

    response = client.get(url(released.round))

    html = text(response)
    rows = read(response).rows
    assert "Ranking: raw and normalised side by side" in html
    assert [row[1].split(" ")[0] for row in rows[:2]] == ["A", "A"]
    acme_row = next(row for row in rows if "Acme (test)" in row[1])
    beta_row = next(row for row in rows if "Beta (test)" in row[1])
    assert acme_row[2] == "2 of 2" and beta_row[2] == "1 of 2"
    assert "Incomplete" in beta_row[6] and "Incomplete" not in acme_row[6]
    assert "Discuss: judges disagree" in acme_row[6]
    assert "Krippendorff's alpha (interval)" in html


def test_the_chart_of_each_judges_scores_is_in_the_page_with_its_numbers(client, released):
    for judge in released.judges:
        for entry in released.entries.values():
            score(judge, released.round, entry, 3, 4)
    client.force_login(released.chair)

    response = client.get(url(released.round))

    html = response.content.decode()
    assert '<figure class="app-chart">' in html
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    assert "Jo Judge: 2 entries, mean 68.0" in html
    assert read(response).inline_scripts == 0
    assert 'style="' not in html


def test_the_scoring_sheet_downloads_as_xlsx(client, released):
    score(released.judges[0], released.round, released.entries["acme"], 4, 2)
    client.force_login(released.chair)

    response = client.get(f"/challenges/rounds/{released.round.pk}/results.xlsx")

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment;" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ranking", "Scores"]


def test_the_chair_closes_scoring_and_advances_the_suggested_entries(client, alice, released):
    for judge in released.judges:
        for entry in released.entries.values():
            score(judge, released.round, entry, 3, 3)
    following = make_round(alice, released.challenge, name="Final pitches", kind="final")
    client.force_login(released.chair)

    closed = client.post(f"/challenges/rounds/{released.round.pk}/close/")
    page = text(client.get(url(released.round)))
    none_chosen = client.post(f"/challenges/rounds/{released.round.pk}/advance/", {})
    acme = released.entries["acme"]
    advanced = client.post(
        f"/challenges/rounds/{released.round.pk}/advance/", {"entry_ids": [acme.pk]}
    )

    assert closed["Location"] == url(released.round)
    assert "Advance entries to Final pitches" in page
    assert f'value="{acme.pk}" checked' in page  # suggested: ticked already
    assert read(none_chosen).field_errors["id_entry_ids"] == "Error: Choose the entries to advance"
    assert advanced["Location"] == f"/challenges/rounds/{following.pk}/"
    assert list(RoundEntry.objects.filter(round=following).values_list("entry", flat=True)) == [
        acme.pk
    ]
