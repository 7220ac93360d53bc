"""The only way to fetch one tender, bid or question for a request.

Missing and invisible give the same 404; visible but not allowed (an officer of the
buyer borough who is not its buyer, say) is a 403. A sealed bid is invisible to
everyone but its supplier until the tender's closing time by the database clock.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Now
from django.http import Http404
from rest_framework import status

from loti.accounts.models import Membership, Organisation, User
from loti.api.errors import ApplicationError
from loti.organisations import organisation_named_or_only, public_bodies_of, suppliers_of
from loti.permissions import active_organisation_ids
from procurement.models import (
    Bid,
    BidAttachment,
    BidConflict,
    BidStatus,
    EvaluatorDeclaration,
    SavedSearch,
    Tender,
    TenderDocument,
    TenderQuestion,
    TenderStatus,
    TenderUserObjectPermission,
)

# A withdrawn tender's bids are never opened; a draft never had any.
UNOPENED_STATUSES = [TenderStatus.DRAFT, TenderStatus.WITHDRAWN]


def _signed_in(user: User | Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_buyer(user: User | Any, tender: Tender) -> bool:
    """An officer of the buying organisation: may run the tender."""
    if not _signed_in(user):
        return False
    return Membership.objects.active().filter(user=user, organisation_id=tender.buyer_id).exists()


def is_evaluator(user: User | Any, tender: Tender) -> bool:
    if not _signed_in(user):
        return False
    return evaluator_grants(tender).filter(user=user).exists()


def evaluator_grants(tender: Tender) -> QuerySet[TenderUserObjectPermission]:
    return TenderUserObjectPermission.objects.filter(
        content_object=tender, permission__codename="evaluate_tender"
    )


def supplier_for(user: User | Any, slug: str | None) -> Organisation:
    """The supplier organisation the user acts for: the one named, or their only one."""
    several = (
        "Only members of a supplier organisation can do this; if you belong to several, say which."
    )
    return organisation_named_or_only(
        suppliers_of(user),
        slug,
        field="supplier",
        not_yours="You can only act for a supplier organisation you belong to.",
        none=several,
        several=several,
    )


def buyer_organisation_for(user: User | Any, slug: str | None) -> Organisation:
    """The borough (or other public body) the user buys for."""
    return organisation_named_or_only(
        public_bodies_of(user),
        slug,
        field="buyer",
        not_yours="You can only publish tenders for a public body you belong to.",
        none="Only officers of a borough or public body can create tenders.",
        several="Say which of your organisations is the buyer.",
    )


def tender_get_for(*, user: User | Any, tender_id: int, write: bool = False) -> Tender:
    """The tender, annotated with the database clock's view of it (db_is_open,
    db_questions_open, db_stage), if the user may see it; 404 otherwise. With
    write=True, 403 unless the user is an officer of the buying organisation."""
    tender = (
        Tender.objects.with_clock()
        .visible_to(user)
        .select_related("buyer", "winning_bid__supplier")
        .prefetch_related("participating_boroughs", "location_boroughs", "cpv_codes", "criteria")
        .filter(pk=tender_id)
        .first()
    )
    if tender is None:
        raise Http404("No such tender.")
    if write and not is_buyer(user, tender):
        raise ApplicationError(
            f"Only officers of {tender.buyer.name} can change this tender.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return tender


def tender_document_get_for(
    *, user: User | Any, tender_id: int, document_id: int, write: bool = False
) -> TenderDocument:
    """A current document of a tender the user may see, by tender_get_for's rules: the
    public's once the tender is published; a draft's only for the officers who can see
    the draft. Anything else, a removed document included, is a 404. With write=True,
    403 unless the user is an officer of the buying organisation."""
    tender = tender_get_for(user=user, tender_id=tender_id, write=write)
    document = TenderDocument.objects.filter(
        tender=tender, pk=document_id, removed_at__isnull=True
    ).first()
    if document is None:
        raise Http404("No such document.")
    document.tender = tender  # already fetched, with the clock's view of it
    return document


def bids_readable_by(user: User | Any) -> QuerySet[Bid]:
    """Every bid the user may read, in one query: their own organisations' bids; and
    once the tender has closed by the database clock, its submitted bids for its
    buyer's officers and for evaluators who have declared and are not conflicted."""
    if not _signed_in(user):
        return Bid.objects.none()
    org_ids = active_organisation_ids(user)
    opened = Q(status=BidStatus.SUBMITTED, tender__closes_at__lte=Now()) & ~Q(
        tender__status__in=UNOPENED_STATUSES
    )
    as_buyer = Q(tender__buyer_id__in=org_ids)
    as_evaluator = (
        Q(Exists(evaluator_grants_q(user)))
        & Q(
            Exists(
                EvaluatorDeclaration.objects.filter(tender_id=OuterRef("tender_id"), evaluator=user)
            )
        )
        & ~Q(Exists(BidConflict.objects.filter(bid_id=OuterRef("pk"), evaluator=user)))
    )
    return Bid.objects.filter(Q(supplier_id__in=org_ids) | (opened & (as_buyer | as_evaluator)))


def evaluator_grants_q(user: User) -> QuerySet[TenderUserObjectPermission]:
    return TenderUserObjectPermission.objects.filter(
        content_object_id=OuterRef("tender_id"),
        user=user,
        permission__codename="evaluate_tender",
    )


def is_bidder(user: User | Any, bid: Bid) -> bool:
    """A member of the organisation that made the bid."""
    return suppliers_of(user).filter(pk=bid.supplier_id).exists()


def bid_get_for(*, user: User | Any, bid_id: int, write: bool = False) -> Bid:
    """The bid if the user may read it (404 otherwise, sealed bids included); with
    write=True, 403 unless they are a member of the bidding supplier."""
    bid = (
        bids_readable_by(user)
        .select_related("tender__buyer", "supplier", "latest_submission")
        .filter(pk=bid_id)
        .first()
    )
    if bid is None:
        raise Http404("No such bid.")
    if write and not is_bidder(user, bid):
        raise ApplicationError(
            f"Only members of {bid.supplier.name} can change this bid.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return bid


def bid_attachment_get_for(*, user: User | Any, bid_id: int, attachment_id: int) -> BidAttachment:
    """A document of a bid the user may read. The bidder's members get any of their
    bid's documents; the buyer and evaluators, once the bid is opened, only those the
    submission they read was sealed with. Anything else is a 404."""
    bid = bid_get_for(user=user, bid_id=bid_id)
    attachments = BidAttachment.objects.filter(bid=bid, pk=attachment_id).select_related("bid")
    if not is_bidder(user, bid):
        submission = bid.latest_submission
        sealed = submission.content.get("attachments", []) if submission else []
        attachments = attachments.filter(pk__in=[item["id"] for item in sealed])
    attachment = attachments.first()
    if attachment is None:
        raise Http404("No such document.")
    return attachment


def question_get_for(*, user: User | Any, tender: Tender, question_id: int) -> TenderQuestion:
    """A question on the tender, for its buyer to answer (404 for anyone else)."""
    question = TenderQuestion.objects.filter(tender=tender, pk=question_id).first()
    if question is None or not is_buyer(user, tender):
        raise Http404("No such question.")
    return question


def bid_is_sealed(tender: Tender) -> bool:
    """True until the closing time by the database clock, and for ever if the tender
    was withdrawn (the tender must come from tender_get_for, which annotates the clock)."""
    deadline_passed: bool = tender.db_deadline_passed  # type: ignore[attr-defined]
    return not deadline_passed or tender.status in UNOPENED_STATUSES


def user_by_email(email: str) -> User:
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        raise ApplicationError("There is no account with this e-mail address.", field="email")
    return user


def require_evaluation_role(user: User | Any, tender: Tender) -> None:
    """The buyer's officers and the evaluators, once the bids are no longer sealed."""
    if not (is_buyer(user, tender) or is_evaluator(user, tender)):
        raise ApplicationError(
            "Only the buyer and the tender's evaluators can see who bid.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if bid_is_sealed(tender):
        raise ApplicationError(
            "Bids are sealed until the tender closes: nobody can see who bid before then.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def saved_search_get_for(*, user: User | Any, saved_search_id: int) -> SavedSearch:
    """Your own saved search; anyone else's is a 404."""
    if not _signed_in(user):
        raise Http404("No such saved search.")
    saved = (
        SavedSearch.objects.filter(pk=saved_search_id, user=user).select_related("buyer").first()
    )
    if saved is None:
        raise Http404("No such saved search.")
    return saved
