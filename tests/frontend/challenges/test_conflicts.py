from __future__ import annotations

from challenges.models import ConflictKind, ConflictSource, ConflictStatus, EntryConflict
from tests.frontend.challenges.helpers import text


def flag(released):
    return EntryConflict.objects.create(
        entry=released.entries["acme"],
        judge=released.judges[0],
        source=ConflictSource.EMAIL_DOMAIN,
        kind=ConflictKind.ORGANISATIONAL,
        detail="jo@judges-a.example shares the e-mail domain judges-a.example.",
        status=ConflictStatus.FLAGGED,
    )


def test_only_the_chair_sees_the_conflicts(client, alice, dora, released):
    url = f"/challenges/rounds/{released.round.pk}/conflicts/"
    for user, status in (
        (released.chair, 200),
        (released.judges[0], 403),
        (alice, 403),
        (dora, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_chair_sees_a_flag_and_dismisses_it(client, released):
    conflict = flag(released)
    client.force_login(released.chair)
    html = text(client.get(f"/challenges/rounds/{released.round.pk}/conflicts/"))
    assert "Shares an e-mail domain with the entrant's members" in html
    assert "Waiting for you" in html

    response = client.post(
        f"/challenges/rounds/{released.round.pk}/conflicts/{conflict.pk}/decision/",
        {"confirm": "False"},
    )

    assert response["Location"] == f"/challenges/rounds/{released.round.pk}/conflicts/"
    assert EntryConflict.objects.get(pk=conflict.pk).status == ConflictStatus.DISMISSED


def test_confirming_takes_the_judge_off_the_entry(client, released):
    conflict = flag(released)
    client.force_login(released.chair)

    client.post(
        f"/challenges/rounds/{released.round.pk}/conflicts/{conflict.pk}/decision/",
        {"confirm": "True"},
    )

    assert EntryConflict.objects.get(pk=conflict.pk).status == ConflictStatus.CONFIRMED
    client.force_login(released.judges[0])
    entry = released.entries["acme"]
    assert (
        client.get(f"/challenges/rounds/{released.round.pk}/entries/{entry.pk}/").status_code == 404
    )


def test_an_owner_is_told_the_chair_decides_and_an_entrant_finds_nothing(
    client, alice, supplier_user, dora, released
):
    conflict = flag(released)
    decide = f"/challenges/rounds/{released.round.pk}/conflicts/{conflict.pk}/decision/"
    client.force_login(alice)
    refused = client.post(decide, {"confirm": "False"})
    assert refused.status_code == 403
    assert "Only the round's chair reviews conflicts: that is Chris Chair." in text(refused)
    for user in (supplier_user, dora):
        client.force_login(user)
        assert client.post(decide, {"confirm": "False"}).status_code == 404, user
    assert EntryConflict.objects.get(pk=conflict.pk).status == ConflictStatus.FLAGGED


def test_a_judge_cannot_decide_a_conflict(client, released):
    conflict = flag(released)
    client.force_login(released.judges[1])
    response = client.post(
        f"/challenges/rounds/{released.round.pk}/conflicts/{conflict.pk}/decision/",
        {"confirm": "False"},
    )
    assert response.status_code == 403
    assert EntryConflict.objects.get(pk=conflict.pk).status == ConflictStatus.FLAGGED


def test_the_chair_is_not_offered_to_review_a_flag_on_themselves(client, released):
    conflict = EntryConflict.objects.create(
        entry=released.entries["acme"],
        judge=released.chair,
        source=ConflictSource.EMAIL_DOMAIN,
        kind=ConflictKind.ORGANISATIONAL,
        status=ConflictStatus.FLAGGED,
    )
    client.force_login(released.chair)
    url = f"/challenges/rounds/{released.round.pk}/conflicts/"

    html = text(client.get(url))
    response = client.post(f"{url}{conflict.pk}/decision/", {"confirm": "False"})

    assert "A flag on you: it keeps you off the entry." in html
    assert f'action="{url}{conflict.pk}/decision/"' not in html
    assert response.status_code == 403
    assert EntryConflict.objects.get(pk=conflict.pk).status == ConflictStatus.FLAGGED
