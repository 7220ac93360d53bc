"""What suppliers are told about tenders. Each function is called inside the service's
transaction; notify writes the notices and outbox e-mails in it, so nothing is sent
for a change that rolled back. Nothing here names who asked a question."""

from __future__ import annotations

from django.urls import reverse

from loti.accounts.models import User
from loti.notifications.models import Category
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify
from procurement.models import SavedSearchAlert, Tender, TenderAmendment, TenderQuestion
from procurement.selectors import saved_searches_matching, tender_followers

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


def _path(tender: Tender) -> str:
    # The GOV.UK tender pages come later; until then the link is the API's.
    return reverse("api:tender-detail", kwargs={"tender_id": tender.pk})


def tender_published(*, tender: Tender, acting_user: User) -> None:
    """Tell the owners of every saved search the new tender matches, once each."""
    searches = list(saved_searches_matching(tender=tender).select_related("user"))
    if not searches:
        return
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
    notify(
        event=TENDER_AMENDED.name,
        recipients=tender_followers(tender=tender),
        target=tender,
        context={
            "tender": tender,
            "path": _path(tender),
            "message": f"Changed: {', '.join(amendment.changed_fields)}. "
            f"Why: {amendment.rationale} If you have submitted a bid, check it and submit "
            "it again to confirm it.",
        },
        category=Category.TENDERS,
        actor=acting_user,
    )


def tender_ended(*, tender: Tender, acting_user: User, outcome: str) -> None:
    notify(
        event=TENDER_ENDED.name,
        recipients=tender_followers(tender=tender),
        target=tender,
        context={
            "tender": tender,
            "outcome": outcome,
            "path": _path(tender),
            "message": tender.end_reason,
        },
        category=Category.TENDERS,
        actor=acting_user,
    )
