"""A demo challenge for `manage.py seed_demo`: Lambeth's, run with LOTI, open for
entries with prizes and a shortlisting round whose panel is the two demo judges (invited
and accepted, as a judge would), and BrightPath's entry, submitted. Written through the
services, so the audit log and the judges' grants are as real as an officer's.

Only what is missing is added. The challenge counts as present while it is open: once
its closing time has passed, loading the demo again opens a fresh one, so a long-lived
demo database always has a challenge to enter."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from challenges import judging
from challenges.models import Audience, Challenge, ChallengeStatus, PrizeKind, RoundKind
from challenges.services import challenge_create, challenge_publish, entry_create, entry_submit
from loti.accounts.models import Organisation, User
from procurement.dates import db_now

OWNER = ("lambeth", "officer@lambeth.example")
JUDGES = [("judge.one@judges.example", True), ("judge.two@judges.example", False)]
ENTRANT = ("brightpath", "bids@brightpath.example")

DEMO_CHALLENGE: dict[str, Any] = {
    "title": "Helping residents in cold homes cut their energy bills",
    "problem_statement": (
        "One Lambeth household in six is in fuel poverty, and many do not know which "
        "grants, tariffs and home improvements they could get. How might we help "
        "residents find and take up the support they are entitled to, in a way that "
        "works for people who are not online?"
    ),
    "background": (
        "Lambeth's energy advice line answers about 4,000 calls a year. Residents tell us "
        "the schemes are confusing and the forms are long. We will pilot the winning "
        "ideas on two estates next winter, with LOTI sharing what works across London."
    ),
    "audience": Audience.PUBLIC,
    "eligibility": (
        "Micro and small businesses registered in the UK. Partnerships with community "
        "groups are welcome."
    ),
    "eligible_sizes": [Organisation.Size.MICRO, Organisation.Size.SMALL],
    "requires_uk_registered": True,
    "co_owners": ["loti"],
    "prizes": [
        {"kind": PrizeKind.PLACE, "name": "Winner: pilot contract", "amount": Decimal(40000)},
        {
            "kind": PrizeKind.AWARD,
            "name": "Development award",
            "amount": Decimal(10000),
            "awards": 2,
        },
        {"kind": PrizeKind.COMMENDED, "name": "Highly commended"},
    ],
    "charter_technology": (
        "Entries may use software, text messages or printed material; each must say in "
        "plain English what any technology does and why."
    ),
    "charter_inclusivity": "Entries must work for residents who are not online.",
}
DEMO_ROUND: dict[str, Any] = {
    "name": "Shortlisting",
    "kind": RoundKind.SHORTLIST,
    "blind": True,
    "judges_per_entry": 2,
    "criteria": [
        {"name": "Understanding of residents' needs", "weight": 40},
        {"name": "Feasibility of a winter pilot", "weight": 35},
        {"name": "Value for money", "weight": 25},
    ],
}
DEMO_ENTRY: dict[str, Any] = {
    "title": "Warm Homes Navigator",
    "summary": (
        "A short conversation, by phone, text or in person at a library, that checks "
        "which energy support a household can get and fills in the forms with them."
    ),
    "description": (
        "Advisers from a local community group use our eligibility checker, which asks "
        "eight plain-English questions and matches the answers to national and Lambeth "
        "schemes. Residents get a printed or texted plan, and we follow up after two "
        "weeks to make sure applications went in. We piloted it with 120 households in "
        "Croydon last winter: 70% applied for at least one scheme."
    ),
    "declaration": {"confirmed": True, "london_based": True},
}


def _challenge_add(owner: Organisation, officer: User) -> None:
    spec = dict(DEMO_CHALLENGE)
    opens_at = db_now()
    closes_at = opens_at.replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=30)
    challenge = challenge_create(
        acting_user=officer,
        owner=owner,
        opens_at=opens_at,
        closes_at=closes_at,
        judging_starts_at=closes_at + timedelta(days=3),
        judging_ends_at=closes_at + timedelta(days=17),
        announce_at=closes_at + timedelta(days=24),
        **spec,
    )
    challenge = challenge_publish(acting_user=officer, challenge=challenge)
    round_spec = dict(DEMO_ROUND)
    round_ = judging.round_create(acting_user=officer, challenge=challenge, **round_spec)
    for email, chair in JUDGES:
        member = judging.panel_invite(
            acting_user=officer, round_=round_, email=email, is_chair=chair
        )
        judging.judge_invitation_accept(
            token=judging.judge_invitation_token(member), acting_user=User.objects.get(email=email)
        )
    supplier = Organisation.objects.get(slug=ENTRANT[0])
    entrant = User.objects.get(email=ENTRANT[1])
    entry = entry_create(acting_user=entrant, challenge=challenge, supplier=supplier, **DEMO_ENTRY)
    entry_submit(acting_user=entrant, entry=entry)


def demo_challenges_seed() -> int:
    """Add the demo challenge if it is missing (see the module's docstring); returns how
    many challenges were added."""
    slug, email = OWNER
    owner = Organisation.objects.get(slug=slug)
    if Challenge.objects.filter(
        owner=owner,
        title=DEMO_CHALLENGE["title"],
        status=ChallengeStatus.OPEN,
        closes_at__gt=db_now(),
    ).exists():
        return 0
    _challenge_add(owner, User.objects.get(email=email))
    return 1
