"""In a blind round no page shows anyone on the panel (judges and the chair alike) who
entered: no organisation, partner or person."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from challenges import judging, services
from tests.challenges.helpers import close, join_panel, make_round, published
from tests.frontend.challenges.helpers import blind_round, score, text


@pytest.fixture
def blind(alice, camden, acme, supplier_user, beta, beta_user, chair, judges):
    entry_owner = {acme: supplier_user, beta: beta_user}
    round_ = blind_round(alice, camden, entry_owner, chair, judges)
    return round_


def identities(supplier_user, beta_user) -> list[str]:
    people = [supplier_user, beta_user]
    return [
        "Acme (test)",
        "Beta (test)",
        "acme-test",
        "beta-test",
        *[person.email for person in people],
        *[person.full_name for person in people],
    ]


def assert_anonymous(html: str, hidden: list[str]) -> None:
    for identity in hidden:
        assert identity not in html, identity


def test_a_judge_never_sees_who_entered(client, blind, supplier_user, beta_user):
    judge, round_ = blind.judges[0], blind.round
    hidden = identities(supplier_user, beta_user)
    client.force_login(judge)

    pages = [f"/challenges/rounds/{round_.pk}/", f"/challenges/{blind.challenge.pk}/"]
    pages += [f"/challenges/rounds/{round_.pk}/entries/{e.pk}/" for e in blind.entries.values()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_anonymous(text(response), hidden)

    entry = blind.entries["acme-test"]
    client.post(
        f"/challenges/rounds/{round_.pk}/entries/{entry.pk}/",
        {"score_impact": "3", "score_feasibility": "3"},
    )
    score(blind.judges[1], round_, entry, 4, 4)
    after = text(client.get(f"/challenges/rounds/{round_.pk}/entries/{entry.pk}/"))
    assert "The other judges' scores" in after
    assert_anonymous(after, hidden)


def test_the_chair_never_sees_who_entered_either(client, blind, supplier_user, beta_user):
    round_ = blind.round
    for entry in blind.entries.values():
        for judge in blind.judges:
            score(judge, round_, entry, 3, 4)
    hidden = identities(supplier_user, beta_user)
    client.force_login(blind.chair)

    for url in (
        f"/challenges/rounds/{round_.pk}/",
        f"/challenges/rounds/{round_.pk}/conflicts/",
        f"/challenges/rounds/{round_.pk}/assignments/",
        f"/challenges/rounds/{round_.pk}/results/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_anonymous(text(response), hidden)

    judging.round_close(acting_user=blind.chair, round_=round_)
    decisions = text(client.get(f"/challenges/{blind.challenge.pk}/winners/"))
    assert_anonymous(decisions, hidden)
    assert "Entry A" in decisions

    sheet = client.get(f"/challenges/rounds/{round_.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(sheet.content))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert_anonymous(cells, hidden)


def test_documents_are_named_by_their_place_not_by_the_entrant(
    client, alice, camden, acme, supplier_user, chair, judges
):
    challenge = published(alice, camden)
    entry = services.entry_create(
        acting_user=supplier_user,
        challenge=challenge,
        supplier=acme,
        title="Entry A",
        summary="Sensors.",
        description="Fit them.",
        declaration={"confirmed": True},
    )
    document = services.entry_attachment_add(
        acting_user=supplier_user,
        entry=entry,
        upload=SimpleUploadedFile("acme-proposal.txt", b"From Acme.", content_type="text/plain"),
    )
    services.entry_submit(acting_user=supplier_user, entry=entry)
    close(challenge)
    services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = make_round(alice, challenge, judges_per_entry=1, blind=True)
    join_panel(alice, round_, chair, chair=True)
    judge, unassigned = judges
    join_panel(alice, round_, judge)
    join_panel(alice, round_, unassigned)
    judging.round_start(acting_user=alice, round_=round_)
    judging.declaration_make(acting_user=judge, round_=round_)
    judging.declaration_make(acting_user=unassigned, round_=round_)
    judging.assignment_add(acting_user=chair, round_=round_, entry_id=entry.pk, judge_id=judge.pk)
    judging.assignments_release(acting_user=chair, round_=round_)
    client.force_login(judge)

    page = text(client.get(f"/challenges/rounds/{round_.pk}/entries/{entry.pk}/"))
    download = client.get(
        f"/challenges/rounds/{round_.pk}/entries/{entry.pk}/documents/{document.pk}/"
    )

    assert "acme-proposal" not in page and "Document 1" in page
    assert download["Content-Disposition"] == (
        f'attachment; filename="entry-{entry.pk}-document-{document.pk}.txt"'
    )
    client.force_login(unassigned)
    refused = client.get(
        f"/challenges/rounds/{round_.pk}/entries/{entry.pk}/documents/{document.pk}/"
    )
    assert refused.status_code == 404


def test_in_an_open_round_the_judge_sees_the_entrant(client, released):
    client.force_login(released.judges[0])
    entry = released.entries["acme"]
    html = text(client.get(f"/challenges/rounds/{released.round.pk}/entries/{entry.pk}/"))
    assert "Acme (test)" in html
