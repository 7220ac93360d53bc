"""Reads for data protection: a person's own data, as they may download it, and what
keeps their account from being deleted at once.

Each section is one query (a few prefetch one more), so the export's query count does
not grow with the rows. Work done for an organisation (bids, entries) is listed by
reference: which bid, which tender, when this person submitted it; never the
organisation's answers, which colleagues may have written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from challenges.models import (
    ChallengeQuestion,
    ChallengeStatus,
    Entry,
    EntryAttachment,
    EntryStatus,
    EntrySubmission,
    PanelMember,
    RoundStatus,
    ScoreSheet,
)
from loti.accounts.models import DeletionRequest, Invitation, Membership, User
from loti.audit.models import AuditEvent
from loti.notifications.models import Notification, OutboundEmail
from loti.notifications.selectors import preferences_list
from loti.permissions import is_network_admin
from procurement.models import (
    Bid,
    BidAttachment,
    BidStatus,
    BidSubmission,
    EvaluatorDeclaration,
    EvaluatorScore,
    SavedSearch,
    TenderInterest,
    TenderQuestion,
    TenderStatus,
    TenderUserObjectPermission,
)
from projects.models import (
    Comment,
    Follow,
    PartnerInterest,
    ProjectAttachment,
    ProjectRevision,
    PublicFeedback,
    StatusUpdate,
)

# A tender or challenge in one of these states is still being decided: the people who
# submitted to it, evaluate it or judge it are needed on the record until it ends.
UNDECIDED_TENDER = [
    TenderStatus.PUBLISHED,
    TenderStatus.CLOSED,
    TenderStatus.EVALUATION,
    TenderStatus.STANDSTILL,
]
UNDECIDED_CHALLENGE = [
    ChallengeStatus.OPEN,
    ChallengeStatus.CLOSED,
    ChallengeStatus.JUDGING,
    ChallengeStatus.DECIDED,
]


@dataclass(frozen=True)
class PersonalData:
    """Everything held about one person, section by section (see PersonalDataOutput)."""

    generated_at: datetime
    account: User
    memberships: QuerySet[Membership]
    invitations: QuerySet[Invitation]
    notification_preferences: list[dict[str, Any]]
    notifications: QuerySet[Notification]
    emails: QuerySet[OutboundEmail]
    project_comments: QuerySet[Comment]
    project_status_updates: QuerySet[StatusUpdate]
    project_revisions: QuerySet[ProjectRevision]
    project_follows: QuerySet[Follow]
    partner_interests: QuerySet[PartnerInterest]
    public_feedback_moderated: QuerySet[PublicFeedback]
    tender_questions: QuerySet[TenderQuestion]
    tender_follows: QuerySet[TenderInterest]
    saved_searches: QuerySet[SavedSearch]
    bids: QuerySet[Bid]
    tender_evaluations: QuerySet[EvaluatorDeclaration]
    tender_scores: QuerySet[EvaluatorScore]
    challenge_questions: QuerySet[ChallengeQuestion]
    entries: QuerySet[Entry]
    judging_panels: QuerySet[PanelMember]
    judging_scores: QuerySet[ScoreSheet]
    documents: list[dict[str, Any]]
    audit_events: QuerySet[AuditEvent]
    deletion_requests: QuerySet[DeletionRequest]


def personal_data_of(*, user: User) -> PersonalData:
    """The person's own data. Querysets are evaluated by the serializer, one each."""
    return PersonalData(
        generated_at=timezone.now(),
        account=user,
        memberships=Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("created_at", "id"),
        invitations=Invitation.objects.filter(email=user.email)
        .select_related("organisation")
        .order_by("created_at", "id"),
        notification_preferences=preferences_list(user=user),
        notifications=Notification.objects.filter(recipient=user).order_by("created_at", "id"),
        emails=OutboundEmail.objects.filter(recipient=user).order_by("created_at", "id"),
        project_comments=Comment.objects.filter(author=user).select_related("project"),
        project_status_updates=StatusUpdate.objects.filter(author=user).select_related("project"),
        project_revisions=ProjectRevision.objects.filter(author=user)
        .select_related("project")
        .order_by("created_at", "id"),
        project_follows=Follow.objects.filter(user=user).select_related("project"),
        partner_interests=PartnerInterest.objects.filter(requested_by=user).select_related(
            "project", "organisation"
        ),
        public_feedback_moderated=PublicFeedback.objects.filter(moderated_by=user).select_related(
            "project"
        ),
        tender_questions=TenderQuestion.objects.filter(asked_by=user).select_related(
            "tender", "supplier"
        ),
        tender_follows=TenderInterest.objects.filter(user=user).select_related("tender"),
        saved_searches=SavedSearch.objects.filter(user=user).select_related("buyer"),
        bids=_bids_of(user),
        tender_evaluations=EvaluatorDeclaration.objects.filter(evaluator=user).select_related(
            "tender"
        ),
        tender_scores=EvaluatorScore.objects.filter(evaluator=user)
        .select_related("bid__tender", "criterion")
        .order_by("scored_at", "id"),
        challenge_questions=ChallengeQuestion.objects.filter(asked_by=user).select_related(
            "challenge", "organisation"
        ),
        entries=_entries_of(user),
        judging_panels=PanelMember.objects.filter(Q(user=user) | Q(email=user.email))
        .select_related("round__challenge")
        .order_by("invited_at", "id"),
        judging_scores=ScoreSheet.objects.filter(judge=user)
        .select_related("round__challenge")
        .order_by("submitted_at", "id"),
        documents=_documents_of(user),
        audit_events=audit_events_about(user=user),
        deletion_requests=DeletionRequest.objects.filter(user=user).select_related(
            "user", "confirmed_by"
        ),
    )


def _bids_of(user: User) -> QuerySet[Bid]:
    """Bids the person started or submitted, with their own submissions (receipts)."""
    return (
        Bid.objects.filter(
            Q(created_by=user)
            | Q(pk__in=BidSubmission.objects.filter(submitted_by=user).values("bid_id"))
        )
        .select_related("tender", "supplier")
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=BidSubmission.objects.filter(submitted_by=user).order_by("number"),
                to_attr="submissions_by_person",
            )
        )
        .order_by("created_at", "id")
    )


def _entries_of(user: User) -> QuerySet[Entry]:
    """Challenge entries the person started or submitted, with their own submissions."""
    return (
        Entry.objects.filter(
            Q(created_by=user)
            | Q(pk__in=EntrySubmission.objects.filter(submitted_by=user).values("entry_id"))
        )
        .select_related("challenge", "supplier")
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=EntrySubmission.objects.filter(submitted_by=user).order_by("number"),
                to_attr="submissions_by_person",
            )
        )
        .order_by("created_at", "id")
    )


def _documents_of(user: User) -> list[dict[str, Any]]:
    """Documents the person uploaded, to a bid, an entry or a project: their names and
    fingerprints, not their content. One query per kind."""
    kinds: tuple[tuple[str, QuerySet[Any]], ...] = (
        ("bid", BidAttachment.objects.filter(uploaded_by=user)),
        ("entry", EntryAttachment.objects.filter(uploaded_by=user)),
        ("project", ProjectAttachment.objects.filter(uploaded_by=user)),
    )
    fields = ("original_name", "content_type", "size", "sha256", "created_at", "removed_at")
    documents = []
    for kind, rows in kinds:
        for row in rows.values(*fields, parent_id=F(f"{kind}_id")).order_by("created_at", "id"):
            documents.append({"attached_to": kind, **row})
    return documents


def audit_events_about(*, user: User) -> QuerySet[AuditEvent]:
    """Audit entries the person made, or whose subject is the person or one of their
    memberships (a role changed, a membership ended)."""
    membership_ids = (
        Membership.objects.filter(user=user).annotate(key=Cast("pk", CharField())).values("key")
    )
    user_type = ContentType.objects.get_for_model(User)
    membership_type = ContentType.objects.get_for_model(Membership)
    return (
        AuditEvent.objects.filter(
            Q(actor=user)
            | Q(target_type=user_type, target_id=str(user.pk))
            | Q(target_type=membership_type, target_id__in=membership_ids)
        )
        .select_related("organisation", "target_type")
        .order_by("created_at", "id")
    )


def deletion_holds(*, user: User) -> list[str]:
    """Why the person's account cannot be deleted straight away, in words for them: a
    tender or challenge they submitted to, evaluate or judge is still being decided.
    Pseudonymising them then would take the name off a record that may yet be
    questioned (a clarification, a challenge to the award), so a network administrator
    confirms the deletion once it is safe. Empty means it can be done now."""
    holds = [
        f"A bid you submitted to the tender “{title}” is still being decided."
        for title in BidSubmission.objects.filter(
            submitted_by=user,
            bid__status=BidStatus.SUBMITTED,
            bid__tender__status__in=UNDECIDED_TENDER,
        )
        .values_list("bid__tender__title", flat=True)
        .distinct()
    ]
    holds += [
        f"You are an evaluator of the tender “{title}”, which is still being decided."
        for title in TenderUserObjectPermission.objects.filter(
            user=user,
            permission__codename="evaluate_tender",
            content_object__status__in=UNDECIDED_TENDER,
        )
        .values_list("content_object__title", flat=True)
        .distinct()
    ]
    holds += [
        f"An entry you submitted to the challenge “{title}” is still being judged."
        for title in EntrySubmission.objects.filter(
            submitted_by=user,
            entry__status=EntryStatus.SUBMITTED,
            entry__challenge__status__in=UNDECIDED_CHALLENGE,
        )
        .values_list("entry__challenge__title", flat=True)
        .distinct()
    ]
    holds += [
        f"You are a judge of the challenge “{title}”, which is still being judged."
        for title in PanelMember.objects.filter(
            user=user,
            accepted_at__isnull=False,
            round__status__in=[RoundStatus.SETUP, RoundStatus.SCORING],
            round__challenge__status__in=UNDECIDED_CHALLENGE,
        )
        .values_list("round__challenge__title", flat=True)
        .distinct()
    ]
    return sorted(holds)


def deletion_request_pending(*, user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.PENDING).first()


def deletion_requests_visible_to(
    *, user: User, status: str | None = None
) -> QuerySet[DeletionRequest]:
    """Network administrators see every request; anyone else only their own."""
    requests = DeletionRequest.objects.select_related("user", "confirmed_by")
    if not is_network_admin(user):
        requests = requests.filter(user_id=user.pk)
    if status:
        requests = requests.filter(status=status)
    return requests


def blocking_organisations(*, user: User) -> list[str]:
    """Organisations the person is the only administrator of while others still belong:
    someone must be left in charge of them first. An organisation with no other members
    does not block (there is nobody to hand it to); network administrators manage it."""
    admin_of = Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN)
    others = Membership.objects.active().exclude(user=user)
    return list(
        admin_of.filter(organisation__in=others.values("organisation_id"))
        .exclude(
            organisation__in=others.filter(role=Membership.Role.ADMIN).values("organisation_id")
        )
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )


def other_network_admins_exist(*, user: User) -> bool:
    return User.objects.filter(is_network_admin=True, is_active=True).exclude(pk=user.pk).exists()
