"""What suppliers are told about tenders. Each function is called inside the service's
transaction; notify writes the notices and outbox e-mails in it, so nothing is sent
for a change that rolled back. Nothing here names who asked a question."""

from __future__ import annotations

from django.urls import reverse

from loti.accounts.models import User
from loti.notifications.models import Category
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify
from procurement.dates import end_of_day_london_time, london_time
from procurement.models import (
    Bid,
    BidOutcome,
    BidStatus,
    BidSubmission,
    SavedSearchAlert,
    Tender,
    TenderAmendment,
    TenderQuestion,
)
from procurement.selectors import (
    amended_documents,
    award_assessments,
    bidder_members,
    saved_search_matches,
    saved_searches_by_id,
    tender_followers,
)

SAVED_SEARCH_MATCHED = event_register(
    EventType(
        name="procurement.saved_search_matched",
        title="New tender matching your saved search: {{ tender.title }}",
    )
)
QUESTION_ANSWERED = event_register(
    EventType(
        name="procurement.question_answered",
        title="A clarification answer was published for {{ tender.title }}",
    )
)
TENDER_AMENDED = event_register(
    EventType(name="procurement.tender_amended", title="{{ tender.title }} has been amended")
)
TENDER_ENDED = event_register(
    EventType(name="procurement.tender_ended", title="{{ tender.title }}: {{ outcome }}")
)
BID_OUTCOME = event_register(
    EventType(
        name="procurement.bid_outcome",
        title="{{ tender.title }}: your bid was {{ outcome_label }}",
        # The e-mail carries the whole assessment summary; the notice links to it.
        text_template="procurement/email/bid_outcome.txt",
        html_template="procurement/email/bid_outcome.html",
    )
)


def _path(tender: Tender) -> str:
    return reverse("frontend:tender-detail", kwargs={"tender_id": tender.pk})


def tender_published(*, tender: Tender, acting_user: User) -> None:
    """Tell the owners of every saved search the new tender matches, once each."""
    matched = [search for _, search, _ in saved_search_matches(tender_ids=[tender.pk])]
    if not matched:
        return
    searches = list(saved_searches_by_id(ids=matched))
    SavedSearchAlert.objects.bulk_create(
        [SavedSearchAlert(saved_search=search, tender=tender) for search in searches],
        ignore_conflicts=True,
    )
    notify(
        event=SAVED_SEARCH_MATCHED.name,
        recipients=[search.user for search in searches],
        target=tender,
        context={
            "tender": tender,
            "path": _path(tender),
            "message": "Searches matched: " + ", ".join(s.name for s in searches) + ".",
        },
        category=Category.TENDERS,
        actor=acting_user,
    )


def question_answered(*, question: TenderQuestion, acting_user: User) -> None:
    """Every follower and bidder gets the answer, with the question as published."""
    tender = question.tender
    notify(
        event=QUESTION_ANSWERED.name,
        recipients=tender_followers(tender=tender),
        target=tender,
        context={
            "tender": tender,
            "path": _path(tender),
            "message": f"Q: {question.published_question}\n\nA: {question.answer}",
        },
        category=Category.TENDERS,
        actor=acting_user,
    )


def tender_amended(*, amendment: TenderAmendment, acting_user: User) -> None:
    tender = amendment.tender
    fields = [name for name in amendment.changed_fields if name != "documents"]
    documents = amended_documents(amendment=amendment)
    changes = (f"Changed: {', '.join(fields)}. " if fields else "") + (
        f"Documents: {'; '.join(documents)}. " if documents else ""
    )
    notify(
        event=TENDER_AMENDED.name,
        recipients=tender_followers(tender=tender),
        target=tender,
        context={
            "tender": tender,
            "path": _path(tender),
            "message": f"{changes}Why: {amendment.rationale} If you have submitted a bid, "
            "check it and submit it again to confirm it.",
        },
        category=Category.TENDERS,
        actor=acting_user,
    )


def tender_ended(*, tender: Tender, acting_user: User, outcome: str) -> None:
    """Followers and every bidder (their bid's members) are told, with the buyer's reason."""
    notify(
        event=TENDER_ENDED.name,
        recipients=tender_followers(tender=tender),
        target=tender,
        context={
            "tender": tender,
            "outcome": outcome,
            "path": _path(tender),
            "message": f"{tender.buyer.name} gave this reason: {tender.end_reason}",
        },
        category=Category.TENDERS,
        actor=acting_user,
    )


def award_decided(*, tender: Tender, acting_user: User) -> None:
    """Each bidder is told privately whether their bid was successful, and e-mailed
    its full assessment summary: its scores and the winner's, per criterion, with the
    reasons, and when the standstill period ends. One notice per bid, since each says
    something different; no bid's summary holds another losing bidder's scores. Sent
    as account mail, like the receipt: it starts the time in which to challenge the
    decision, so it goes whatever the person's tender e-mail preference says."""
    bids = list(
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("id")
    )
    assessments = award_assessments(tender=tender, bids=bids)
    standstill_ends = end_of_day_london_time(tender.standstill_ends_on)
    for bid in bids:
        successful = bid.outcome == BidOutcome.SUCCESSFUL
        verdict = (
            "Your bid was successful."
            if successful
            else f"Your bid was not successful: {tender.buyer.name} chose another bid."
        )
        standstill = f" The standstill period ends at {standstill_ends}." if standstill_ends else ""
        notify(
            event=BID_OUTCOME.name,
            recipients=bidder_members(bid=bid),
            target=tender,
            context={
                "tender": tender,
                "bid": bid,
                "successful": successful,
                "assessment": assessments[bid.pk],
                "standstill_ends": standstill_ends,
                "outcome_label": "successful" if successful else "unsuccessful",
                "path": reverse("frontend:bid-assessment", kwargs={"bid_id": bid.pk}),
                "message": f"{verdict} Your assessment shows your scores beside the "
                f"winning bid's.{standstill}",
            },
            category=Category.ACCOUNT,
            actor=acting_user,
        )


BID_RECEIPT = event_register(
    EventType(
        name="procurement.bid_receipt",
        title="Receipt: your bid for {{ tender.title }} was submitted",
    )
)


def bid_submitted(*, bid: Bid, submission: BidSubmission) -> None:
    """The e-mailed receipt: the time and the SHA-256 of what was sealed. It goes to
    every member of the bidding company, the submitter included, and as an account
    message it is sent whatever their preferences say: it is their proof."""
    tender = bid.tender
    notify(
        event=BID_RECEIPT.name,
        recipients=bidder_members(bid=bid),
        target=tender,
        context={
            "tender": tender,
            "path": reverse("frontend:bid-receipt", kwargs={"bid_id": bid.pk}),
            "message": (
                f"Submitted at {london_time(submission.submitted_at)} "
                f"(submission {submission.number}).\n"
                f"SHA-256 of what was submitted: {submission.sha256}\n"
                "Keep this e-mail: the hash proves what you sent. You can change or "
                "withdraw your bid until the deadline."
            ),
        },
        category=Category.ACCOUNT,
        actor=None,
    )


# The contracts register's events (procurement/contracts_events.py), registered with these.
from procurement import contracts_events  # noqa: E402, F401
