"""Rows and steps shared by the challenges tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from challenges import judging, services
from challenges.models import Challenge, Entry, PanelMember, Round
from loti.accounts.models import Organisation, User
from tests.procurement.helpers import assert_error, assert_queries  # noqa: F401 (shared)

PRIZES = [
    {"kind": "place", "name": "First place", "amount": "20000"},
    {"kind": "place", "name": "Second place", "amount": "10000"},
    {"kind": "commended", "name": "Highly commended", "awards": 2},
]
RUBRIC = [
    {"key": "impact", "name": "Impact", "weight": "60"},
    {"key": "feasibility", "name": "Feasibility", "weight": "40"},
]


def make_challenge(user: User, owner: Organisation, **fields: Any) -> Challenge:
    now = timezone.now()
    fields.setdefault("title", "Cutting damp and mould in council homes")
    fields.setdefault("problem_statement", "Find damp early, before residents fall ill.")
    fields.setdefault("opens_at", now - timedelta(hours=1))
    fields.setdefault("closes_at", now + timedelta(days=14))
    fields.setdefault("prizes", PRIZES)
    return services.challenge_create(acting_user=user, owner=owner, **fields)


def published(user: User, owner: Organisation, **fields: Any) -> Challenge:
    challenge = make_challenge(user, owner, **fields)
    return services.challenge_publish(acting_user=user, challenge=challenge)


def close(challenge: Challenge) -> None:
    """Let the deadline pass by the clock."""
    now = timezone.now()
    Challenge.objects.filter(pk=challenge.pk).update(
        opens_at=now - timedelta(hours=2), closes_at=now - timedelta(minutes=1)
    )


def submitted_entry(
    user: User, supplier: Organisation, challenge: Challenge, **fields: Any
) -> Entry:
    entry = services.entry_create(
        acting_user=user,
        challenge=challenge,
        supplier=supplier,
        title=fields.pop("title", "A damp sensor"),
        summary="Cheap humidity sensors in every flat.",
        description="We fit sensors and alert the repairs team.",
        declaration={"confirmed": True, "london_based": True},
        **fields,
    )
    services.entry_submit(acting_user=user, entry=entry)
    entry.refresh_from_db()
    return entry


def make_round(user: User, challenge: Challenge, **fields: Any) -> Round:
    fields.setdefault("name", "Shortlisting")
    fields.setdefault("kind", "screening")
    fields.setdefault("criteria", RUBRIC)
    return judging.round_create(acting_user=user, challenge=challenge, **fields)


def join_panel(owner: User, round_: Round, judge: User, *, chair: bool = False) -> PanelMember:
    member = judging.panel_invite(
        acting_user=owner, round_=round_, email=judge.email, is_chair=chair
    )
    return judging.judge_invitation_accept(
        token=judging.judge_invitation_token(member), acting_user=judge
    )


def score(judge: User, round_: Round, entry: Entry, impact: int, feasibility: int, **extra: Any):
    return judging.score_submit(
        acting_user=judge,
        round_=round_,
        entry=entry,
        scores={"impact": impact, "feasibility": feasibility},
        **extra,
    )
