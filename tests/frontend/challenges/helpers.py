"""What the challenge page tests share."""

from __future__ import annotations

from typing import Any

from challenges import judging
from challenges.models import Challenge, Round
from loti.accounts.models import Organisation, User
from tests.challenges.helpers import make_challenge, score
from tests.frontend.procurement.helpers import count_queries, date_fields, text

__all__ = ["count_queries", "date_fields", "make_challenge", "score", "text"]


def draft(user: User, owner: Any, **fields: Any) -> Challenge:
    return make_challenge(user, owner, **fields)


def scored(judging_round: Any) -> Round:
    """Every judge has scored every entry of a released round."""
    round_ = judging_round.round
    for number, judge in enumerate(judging_round.judges):
        for entry in judging_round.entries.values():
            score(judge, round_, entry, 3 + number % 2, 2 + number % 3, feedback="Strong idea.")
    return round_


def close_round(judging_round: Any) -> Round:
    return judging.round_close(acting_user=judging_round.chair, round_=judging_round.round)


def blind_round(
    alice: User, camden: Organisation, people: dict[Organisation, User], chair: User, judges: Any
) -> Any:
    """Round 1 of a blind round, scoring, released: each judge has every entry.
    `people` maps each supplier organisation to its member who enters."""
    from challenges import services
    from tests.challenges.conftest import Judging
    from tests.challenges.helpers import close, join_panel, make_round, published, submitted_entry

    challenge = published(alice, camden)
    entries = {
        org.slug: submitted_entry(user, org, challenge, title=f"Entry {letter}")
        for letter, (org, user) in zip("ABCDEFGH", people.items(), strict=False)
    }
    close(challenge)
    for entry in entries.values():
        services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = make_round(alice, challenge, judges_per_entry=2, blind=True)
    join_panel(alice, round_, chair, chair=True)
    for judge in judges:
        join_panel(alice, round_, judge)
    judging.round_start(acting_user=alice, round_=round_)
    for judge in judges:
        judging.declaration_make(acting_user=judge, round_=round_)
        for entry in entries.values():
            judging.assignment_add(
                acting_user=chair, round_=round_, entry_id=entry.pk, judge_id=judge.pk
            )
    judging.assignments_release(acting_user=chair, round_=round_)
    return Judging(challenge=challenge, round=round_, entries=entries, chair=chair, judges=judges)
