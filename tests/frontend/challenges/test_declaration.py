from __future__ import annotations

from challenges.models import ConflictStatus, EntryConflict, PanelMember
from tests.challenges.helpers import join_panel
from tests.factories import UserFactory
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(round_) -> str:
    return f"/challenges/rounds/{round_.pk}/declaration/"


def newcomer(alice, judging_round):
    judge = UserFactory.create(email="new@judges-c.example", full_name="Nia New")
    join_panel(alice, judging_round.round, judge)
    return judge


def test_it_is_for_the_panel(client, alice, dora, supplier_user, judging_round):
    # An owner sees the round but is not on its panel: told who declares.
    client.force_login(alice)
    for response in (client.get(url(judging_round.round)), client.post(url(judging_round.round))):
        assert response.status_code == 403
        assert "Only the judges on this round's panel declare" in text(response)
    assert not PanelMember.objects.filter(user=alice).exists()
    # The entrant and the outsider do not see the round at all.
    for user in (supplier_user, dora):
        client.force_login(user)
        assert client.get(url(judging_round.round)).status_code == 404
        assert client.post(url(judging_round.round)).status_code == 404


def test_a_judge_declares_no_conflicts_and_goes_on_to_the_round(client, alice, judging_round):
    judge = newcomer(alice, judging_round)
    client.force_login(judge)
    page = text(client.get(url(judging_round.round)))
    assert "Entry 1: A damp sensor from Acme (test)" in page

    response = client.post(url(judging_round.round), {})

    assert response["Location"] == f"/challenges/rounds/{judging_round.round.pk}/"
    assert PanelMember.objects.get(user=judge).declared_at is not None
    assert not EntryConflict.objects.filter(judge=judge).exists()


def test_a_declared_conflict_keeps_the_judge_off_the_entry(client, alice, judging_round):
    judge = newcomer(alice, judging_round)
    entry = judging_round.entries["acme"]
    client.force_login(judge)

    client.post(
        url(judging_round.round),
        {f"conflict_{entry.pk}": "financial", f"detail_{entry.pk}": "I own shares."},
    )

    conflict = EntryConflict.objects.get(judge=judge)
    assert (conflict.entry, conflict.kind, conflict.status) == (
        entry,
        "financial",
        ConflictStatus.CONFIRMED,
    )
    assert conflict.detail == "I own shares."


def test_a_bad_choice_is_named_on_its_field(client, alice, judging_round):
    judge = newcomer(alice, judging_round)
    entry = judging_round.entries["acme"]
    client.force_login(judge)

    response = client.post(url(judging_round.round), {f"conflict_{entry.pk}": "bribery"})

    assert f"id_conflict_{entry.pk}" in read(response).field_errors
    assert PanelMember.objects.get(user=judge).declared_at is None


def test_declaring_is_once(client, judging_round):
    client.force_login(judging_round.judges[0])
    response = client.get(url(judging_round.round))
    assert response["Location"] == f"/challenges/rounds/{judging_round.round.pk}/"


def test_in_a_blind_round_entries_show_titles_and_every_company_is_offered(
    client, alice, camden, acme, supplier_user, beta, beta_user, chair, judges
):
    from tests.factories import SupplierFactory
    from tests.frontend.challenges.helpers import blind_round

    SupplierFactory.create(slug="gamma-test", name="Gamma (test)")  # entered nothing
    blind = blind_round(alice, camden, {acme: supplier_user}, chair, judges[:1])
    judge = newcomer(alice, blind)
    client.force_login(judge)

    response = client.get(url(blind.round))
    html = text(response)

    assert "Entry 1: Entry A</label>" in html
    assert "from Acme" not in html
    # The companies offered are all of them, so the list says nothing about who entered.
    for name in ("Acme (test)", "Beta (test)", "Gamma (test)"):
        assert f">{name}</label>" in html

    client.post(url(blind.round), {"organisations": [acme.slug], "organisation_kind": "personal"})

    conflict = EntryConflict.objects.get(judge=judge, source="declared")
    assert conflict.entry == blind.entries["acme-test"] and conflict.kind == "personal"
