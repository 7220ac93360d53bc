"""A judge is told why an entry is kept from them; the chair sees the flags waiting."""

from __future__ import annotations

from challenges.models import ConflictKind, ConflictSource, ConflictStatus, EntryConflict, Round
from tests.frontend.challenges.helpers import count_queries, text


def flag(released, judge, entry_key="acme", **fields):
    fields.setdefault("source", ConflictSource.EMAIL_DOMAIN)
    fields.setdefault("status", ConflictStatus.FLAGGED)
    return EntryConflict.objects.create(
        entry=released.entries[entry_key],
        judge=judge,
        kind=ConflictKind.ORGANISATIONAL,
        detail="Shares judges-a.example.",
        **fields,
    )


def round_url(released) -> str:
    return f"/challenges/rounds/{released.round.pk}/"


def test_a_judge_is_told_an_entry_waits_for_the_chairs_review(client, released):
    jo = released.judges[0]
    flag(released, jo)
    client.force_login(jo)

    html = text(client.get(round_url(released)))

    assert 'id="withheld"' in html
    assert (
        "A damp sensor: shares an e-mail domain with the entrant's members (found "
        "automatically); waiting for the chair to review it." in html
    )
    assert html.count(">To score<") == 1  # beta only; acme is kept back


def test_a_blind_round_says_why_without_saying_which_entry(client, released):
    Round.objects.filter(pk=released.round.pk).update(blind=True)
    jo = released.judges[0]
    flag(released, jo)
    client.force_login(jo)

    html = text(client.get(round_url(released)))

    assert "An entry: shares an e-mail domain with the entrant's members" in html
    assert "Acme" not in html and "judges-a.example" not in html


def test_a_declared_conflict_is_named_as_the_judges_own(client, released):
    jo = released.judges[0]
    flag(released, jo, source=ConflictSource.DECLARED, status=ConflictStatus.CONFIRMED)
    client.force_login(jo)
    html = text(client.get(round_url(released)))
    assert "A damp sensor: you declared a conflict (organisational)." in html


def test_once_dismissed_the_entry_is_back_and_the_notice_gone(client, released):
    jo = released.judges[0]
    conflict = flag(released, jo)
    EntryConflict.objects.filter(pk=conflict.pk).update(status=ConflictStatus.DISMISSED)
    client.force_login(jo)

    html = text(client.get(round_url(released)))

    assert 'id="withheld"' not in html
    assert html.count(">To score<") == 2


def test_the_chair_sees_how_many_flags_wait_for_review(client, released):
    for judge in released.judges:
        flag(released, judge)
    client.force_login(released.chair)

    html = text(client.get(round_url(released)))

    assert "2 possible conflicts of interest found automatically are waiting for you." in html
    assert f'href="/challenges/rounds/{released.round.pk}/conflicts/">Review the flags' in html
    conflicts = text(client.get(f"/challenges/rounds/{released.round.pk}/conflicts/"))
    assert conflicts.count("Waiting for you") == 2


def test_other_judges_and_the_owners_see_no_one_elses_flags(client, alice, released):
    flag(released, released.judges[0])
    for user in (released.judges[1], alice):
        client.force_login(user)
        html = text(client.get(round_url(released)))
        assert 'id="withheld"' not in html and 'id="flags-waiting"' not in html


def test_a_judges_round_page_takes_the_same_queries_with_one_flag_or_several(client, released):
    jo = released.judges[0]
    flag(released, jo)
    client.force_login(jo)
    one = count_queries(client, round_url(released))
    flag(released, jo, source=ConflictSource.MEMBERSHIP)
    flag(released, jo, source=ConflictSource.PAST_MEMBERSHIP)
    assert count_queries(client, round_url(released)) == one
