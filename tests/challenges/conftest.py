from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from challenges import judging, services
from challenges.models import Challenge, Entry, Round
from loti.accounts.models import Organisation, User
from tests.challenges.helpers import close, join_panel, make_round, published, submitted_entry
from tests.factories import SupplierFactory, UserFactory, member_of


@pytest.fixture
def beta(db: None) -> Organisation:
    return SupplierFactory.create(slug="beta-test", name="Beta (test)")


@pytest.fixture
def beta_user(beta: Organisation) -> User:
    return member_of(beta, email="bea@beta-test.example")


@pytest.fixture
def challenge(alice: User, camden: Organisation) -> Challenge:
    """A published, public challenge, open for entries for two weeks."""
    return published(alice, camden)


@dataclass
class Judging:
    challenge: Challenge
    round: Round
    entries: dict[str, Entry]
    chair: User
    judges: list[User] = field(default_factory=list)


@pytest.fixture
def chair(db: None) -> User:
    return UserFactory.create(email="chair@panel-test.example", full_name="Chris Chair")


@pytest.fixture
def judges(db: None) -> list[User]:
    return [
        UserFactory.create(email="jo@judges-a.example", full_name="Jo Judge"),
        UserFactory.create(email="kim@judges-b.example", full_name="Kim Judge"),
    ]


@pytest.fixture
def judging_round(alice, camden, acme, supplier_user, beta, beta_user, chair, judges) -> Judging:
    """Round 1 scoring: two eligible entries, a chair and two judges who have joined
    and declared no conflicts; nothing assigned yet."""
    challenge = published(alice, camden)
    entries = {
        "acme": submitted_entry(supplier_user, acme, challenge),
        "beta": submitted_entry(beta_user, beta, challenge),
    }
    close(challenge)
    for entry in entries.values():
        services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = make_round(alice, challenge, judges_per_entry=2)
    join_panel(alice, round_, chair, chair=True)
    for judge in judges:
        join_panel(alice, round_, judge)
    judging.round_start(acting_user=alice, round_=round_)
    for person in (chair, *judges):
        judging.declaration_make(acting_user=person, round_=round_)
    challenge.refresh_from_db()
    return Judging(challenge=challenge, round=round_, entries=entries, chair=chair, judges=judges)


@pytest.fixture
def released(judging_round: Judging) -> Judging:
    """The same, with the judges (not the chair) assigned every entry and released."""
    round_ = judging_round.round
    for judge in judging_round.judges:
        for entry in judging_round.entries.values():
            judging.assignment_add(
                acting_user=judging_round.chair, round_=round_, entry_id=entry.pk, judge_id=judge.pk
            )
    judging.assignments_release(acting_user=judging_round.chair, round_=round_)
    return judging_round
