"""Rows for the data protection tests: a person's activity across the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from challenges import services as challenge_services
from challenges.models import Challenge, Entry
from loti.accounts.models import Organisation, User
from procurement import services as procurement_services
from procurement.models import Bid, Tender, TenderQuestion
from projects import collaboration
from projects.models import Comment, Project
from tests.challenges.helpers import published, submitted_entry
from tests.procurement.helpers import (
    assert_error,  # noqa: F401 (shared)
    assert_queries,  # noqa: F401 (shared)
    evaluate_and_award,
    make_tender,
    publish,
    submitted_bid,
)
from tests.projects.helpers import make_project


@dataclass
class Activity:
    """What a supplier's person did: a comment, a question, a bid and an entry each,
    on a tender and a challenge that are over (so nothing holds a deletion back)."""

    comment: Comment
    question: TenderQuestion
    bid: Bid
    entry: Entry


def open_tender(buyer: User, organisation: Organisation, title: str = "") -> Tender:
    fields = {"title": title} if title else {}
    return publish(buyer, make_tender(buyer, organisation, **fields))


def finished_activity(
    person: User,
    supplier: Organisation,
    *,
    buyer: User,
    evaluator: User,
    buyer_organisation: Organisation,
    project: Project,
    n: int = 0,
) -> Activity:
    """One of each kind of record, on a tender that has been awarded and a challenge
    that has been cancelled. `n` tells repeated calls' titles apart."""
    comment = collaboration.comment_add(acting_user=person, project=project, body=f"Comment {n}")
    tender = open_tender(buyer, buyer_organisation, f"Street lighting sensors {n}")
    question = procurement_services.question_ask(
        acting_user=person, tender=tender, supplier=supplier, question=f"Question {n}?"
    )
    bid = submitted_bid(person, supplier, tender)
    awarded(buyer, evaluator, tender, bid)
    challenge = published(buyer, buyer_organisation, title=f"Damp in council homes {n}")
    entry = submitted_entry(person, supplier, challenge, title=f"A damp sensor {n}")
    challenge_services.challenge_cancel(acting_user=buyer, challenge=challenge, reason="No budget.")
    bid.refresh_from_db()
    entry.refresh_from_db()
    return Activity(comment=comment, question=question, bid=bid, entry=entry)


def awarded(buyer: User, evaluator: User, tender: Tender, bid: Bid) -> Tender:
    """Evaluate, decide the award, let the standstill run out and award the contract."""
    evaluate_and_award(buyer, evaluator, tender, bid)
    yesterday = date.today() - timedelta(days=1)
    Tender.objects.filter(pk=tender.pk).update(standstill_ends_on=yesterday)
    return procurement_services.tender_contract_award(acting_user=buyer, tender=tender)


def camden_project(alice: User, camden: Organisation) -> Project:
    return make_project(alice, camden, visibility="public")


def cancelled(challenge: Challenge, owner: User) -> Challenge:
    return challenge_services.challenge_cancel(
        acting_user=owner, challenge=challenge, reason="No budget."
    )
