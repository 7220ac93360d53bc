"""The decision stays confidential until the owners announce it; then every entrant
is told, once, what their own entry won: a prize, highly commended, or not placed."""

from __future__ import annotations

import pytest

from challenges import judging, services
from challenges.models import Entry
from loti.accounts.models import User
from loti.notifications.models import (
    Category,
    DigestItem,
    Frequency,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from tests.challenges.helpers import close, join_panel, make_round, published, score
from tests.challenges.helpers import submitted_entry as enter
from tests.factories import SupplierFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(alice, camden, acme, supplier_user, beta, beta_user, chair, judges):
    """Three entries judged in one round: Acme wins first place, Beta is highly
    commended, Gamma (with Acme as its consortium partner) is not placed."""
    gamma = SupplierFactory(slug="gamma-test", name="Gamma (test)")
    gamma_user = member_of(gamma, email="gil@gamma-test.example")
    challenge = published(alice, camden)
    entries = {
        "acme": enter(supplier_user, acme, challenge, title="Damp sensors"),
        "beta": enter(beta_user, beta, challenge, title="Mould maps"),
        "gamma": enter(gamma_user, gamma, challenge, title="Vent fans", partners=[acme.slug]),
    }
    close(challenge)
    for entry in entries.values():
        services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = make_round(alice, challenge, judges_per_entry=1)
    join_panel(alice, round_, chair, chair=True)
    judging.round_start(acting_user=alice, round_=round_)
    judging.declaration_make(acting_user=chair, round_=round_)
    for entry in entries.values():
        judging.assignment_add(
            acting_user=chair, round_=round_, entry_id=entry.pk, judge_id=chair.pk
        )
    judging.assignments_release(acting_user=chair, round_=round_)
    score(chair, round_, entries["acme"], 5, 5, feedback="A clear plan.")
    score(chair, round_, entries["beta"], 4, 4)
    score(chair, round_, entries["gamma"], 1, 1, feedback="Costs unclear.")
    judging.round_close(acting_user=chair, round_=round_)
    prizes = {prize.name: prize for prize in challenge.prizes.all()}
    services.decisions_record(
        acting_user=chair,
        challenge=challenge,
        awards=[
            {"prize": prizes["First place"].pk, "entry": entries["acme"].pk, "rationale": "Best."},
            {
                "prize": prizes["Highly commended"].pk,
                "entry": entries["beta"].pk,
                "rationale": "Promising.",
            },
        ],
    )
    challenge.refresh_from_db()
    return challenge, entries, gamma_user


def results_notices(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, event="challenges.results"))


def test_nothing_reveals_the_decision_before_the_announcement(
    api, client, supplier_user, beta_user, decided
):
    challenge, entries, _gamma_user = decided
    assert challenge.status == "decided"
    assert not Notification.objects.filter(event="challenges.results").exists()
    assert not OutboundEmail.objects.filter(event="challenges.results").exists()
    for user, entry in ((supplier_user, entries["acme"]), (beta_user, entries["beta"])):
        client.force_login(user)
        page = client.get(f"/challenges/entries/{entry.pk}/").content.decode()
        assert "First place" not in page and "highly commended" not in page.lower()
        assert "A clear plan." not in page and "Best." not in page
        response = api(user).get(f"/api/entries/{entry.pk}/")
        assert "First place" not in response.content.decode()
        assert api(user).get(f"/api/entries/{entry.pk}/feedback/").status_code == 409
    for path in ("results/", "open-data.json", "open-data.csv"):
        assert api(supplier_user).get(f"/api/challenges/{challenge.pk}/{path}").status_code == 404
    client.force_login(supplier_user)
    assert client.get(f"/challenges/{challenge.pk}/results/").status_code == 404


def test_every_entrant_is_told_their_own_result_once_at_the_announcement(
    alice, supplier_user, beta_user, decided
):
    challenge, entries, gamma_user = decided
    services.results_publish(acting_user=alice, challenge=challenge)

    [winner] = [n for n in results_notices(supplier_user) if n.target_id == str(entries["acme"].pk)]
    assert "“Damp sensors” won First place, £20,000." in winner.body
    assert "The judges' reasons: Best." in winner.body
    assert "feedback on your entry is now on its page" in winner.body
    [commended] = results_notices(beta_user)
    assert "“Mould maps” is highly commended (Highly commended)." in commended.body
    assert "won" not in commended.body
    assert "The results are now public." in commended.body  # no feedback was written
    [not_placed] = results_notices(gamma_user)
    assert "“Vent fans” was not placed this time." in not_placed.body
    assert not_placed.path == f"/challenges/entries/{entries['gamma'].pk}/#feedback"
    # Acme is also Gamma's partner: its people hear about both entries, once each.
    assert sorted(n.target_id for n in results_notices(supplier_user)) == sorted(
        [str(entries["acme"].pk), str(entries["gamma"].pk)]
    )
    assert Notification.objects.filter(event="challenges.results").count() == 4


def test_the_results_reach_every_person_of_every_entrant_by_their_preference(
    alice, acme, supplier_user, beta_user, decided
):
    challenge, _entries, gamma_user = decided
    colleague = member_of(acme, email="col@acme-test.example")
    NotificationPreference.objects.create(
        user=beta_user, category=Category.CHALLENGES, frequency=Frequency.IMMEDIATELY
    )

    services.results_publish(acting_user=alice, challenge=challenge)

    assert len(results_notices(colleague)) == 2
    email = OutboundEmail.objects.get(to_address=beta_user.email, event="challenges.results")
    assert "highly commended" in email.body_text
    # The default for challenges is the daily summary: the notice waits there.
    assert DigestItem.objects.filter(
        user=gamma_user, notification__event="challenges.results"
    ).exists()


def test_an_officer_who_also_belongs_to_an_entrant_is_still_told(alice, camden, acme, decided):
    challenge, _entries, _ = decided
    from loti.accounts.models import Membership

    Membership.objects.create(user=alice, organisation=acme, role=Membership.Role.MEMBER)

    services.results_publish(acting_user=alice, challenge=challenge)

    assert len(results_notices(alice)) == 2  # Acme's own entry, and Gamma's as partner


def test_an_entry_never_submitted_gets_no_results_notice(alice, decided):
    challenge, _, _ = decided
    late = SupplierFactory(slug="late-test", name="Late (test)")
    late_user = member_of(late)
    Entry.objects.create(challenge=challenge, supplier=late, title="Never sent")

    services.results_publish(acting_user=alice, challenge=challenge)

    assert results_notices(late_user) == []
