"""The personal data download, section by section, and deletion requests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from challenges.models import ChallengeQuestion, Entry, EntrySubmission, PanelMember, ScoreSheet
from loti.accounts.models import DeletionRequest, Invitation, Membership, User
from loti.accounts.privacy_selectors import PersonalData
from loti.audit.models import AuditEvent
from loti.notifications.models import Notification, OutboundEmail
from procurement.models import (
    Bid,
    BidSubmission,
    EvaluatorDeclaration,
    EvaluatorScore,
    SavedSearch,
    TenderInterest,
    TenderQuestion,
)
from projects.models import (
    Comment,
    Follow,
    PartnerInterest,
    ProjectRevision,
    PublicFeedback,
    StatusUpdate,
)


class PersonalAccountOutput(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "is_network_admin", "date_joined", "last_login"]


class PersonalMembershipOutput(serializers.ModelSerializer[Membership]):
    organisation = serializers.CharField(source="organisation.name")
    organisation_slug = serializers.CharField(source="organisation.slug")

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_slug", "role", "created_at", "ended_at"]


class PersonalInvitationOutput(serializers.ModelSerializer[Invitation]):
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField()

    class Meta:
        model = Invitation
        fields = ["organisation", "email", "role", "status", "created_at", "accepted_at"]


class PersonalPreferenceOutput(serializers.Serializer[dict[str, Any]]):
    category = serializers.CharField()
    frequency = serializers.CharField()


class PersonalNoticeOutput(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["event", "category", "title", "body", "path", "created_at", "read_at"]


class PersonalEmailOutput(serializers.ModelSerializer[OutboundEmail]):
    class Meta:
        model = OutboundEmail
        fields = ["to_address", "subject", "category", "state", "created_at", "sent_at"]


class PersonalCommentOutput(serializers.ModelSerializer[Comment]):
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")

    class Meta:
        model = Comment
        fields = ["id", "project_id", "project", "body", "created_at"]


class PersonalStatusUpdateOutput(serializers.ModelSerializer[StatusUpdate]):
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")

    class Meta:
        model = StatusUpdate
        fields = ["id", "project_id", "project", "happened_on", "body", "created_at"]


class PersonalRevisionOutput(serializers.ModelSerializer[ProjectRevision]):
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")

    class Meta:
        model = ProjectRevision
        fields = ["project_id", "project", "number", "changed_fields", "created_at"]


class PersonalProjectFollowOutput(serializers.ModelSerializer[Follow]):
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")

    class Meta:
        model = Follow
        fields = ["project_id", "project", "created_at"]


class PersonalPartnerInterestOutput(serializers.ModelSerializer[PartnerInterest]):
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = PartnerInterest
        fields = ["id", "project_id", "project", "organisation", "message", "status", "created_at"]


class PersonalFeedbackModeratedOutput(serializers.ModelSerializer[PublicFeedback]):
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")

    class Meta:
        model = PublicFeedback
        fields = ["id", "project_id", "project", "status", "moderated_at"]


class PersonalTenderQuestionOutput(serializers.ModelSerializer[TenderQuestion]):
    tender_id = serializers.IntegerField()
    tender = serializers.CharField(source="tender.title")
    on_behalf_of = serializers.CharField(source="supplier.name")

    class Meta:
        model = TenderQuestion
        fields = [
            "id",
            "tender_id",
            "tender",
            "on_behalf_of",
            "question",
            "asked_at",
            "published_at",
        ]


class PersonalTenderFollowOutput(serializers.ModelSerializer[TenderInterest]):
    tender_id = serializers.IntegerField()
    tender = serializers.CharField(source="tender.title")

    class Meta:
        model = TenderInterest
        fields = ["tender_id", "tender", "created_at"]


class PersonalSavedSearchOutput(serializers.ModelSerializer[SavedSearch]):
    buyer = serializers.CharField(source="buyer.name", allow_null=True, default=None)

    class Meta:
        model = SavedSearch
        fields = [
            "name",
            "search",
            "division",
            "value_band",
            "buyer",
            "sme_suitable",
            "vcse_suitable",
            "created_at",
        ]


class PersonalBidReceiptOutput(serializers.ModelSerializer[BidSubmission]):
    class Meta:
        model = BidSubmission
        fields = ["number", "submitted_at", "sha256"]


class PersonalBidOutput(serializers.ModelSerializer[Bid]):
    """A reference to the bid, not its content: the organisation's answers stay with it."""

    bid_id = serializers.IntegerField(source="pk")
    tender_id = serializers.IntegerField()
    tender = serializers.CharField(source="tender.title")
    on_behalf_of = serializers.CharField(source="supplier.name")
    started_by_you = serializers.SerializerMethodField()
    submitted_by_you = PersonalBidReceiptOutput(many=True, source="submissions_by_person")

    class Meta:
        model = Bid
        fields = [
            "bid_id",
            "tender_id",
            "tender",
            "on_behalf_of",
            "status",
            "created_at",
            "started_by_you",
            "submitted_by_you",
        ]

    def get_started_by_you(self, bid: Bid) -> bool:
        return bool(bid.created_by_id == self.context["user"].pk)


class PersonalEvaluationOutput(serializers.ModelSerializer[EvaluatorDeclaration]):
    tender_id = serializers.IntegerField()
    tender = serializers.CharField(source="tender.title")

    class Meta:
        model = EvaluatorDeclaration
        fields = ["tender_id", "tender", "declared_at"]


class PersonalTenderScoreOutput(serializers.ModelSerializer[EvaluatorScore]):
    """A score you gave as an evaluator, by reference to the bid."""

    bid_id = serializers.IntegerField()
    tender_id = serializers.IntegerField(source="bid.tender_id")
    tender = serializers.CharField(source="bid.tender.title")
    criterion = serializers.CharField(source="criterion.name")

    class Meta:
        model = EvaluatorScore
        fields = ["bid_id", "tender_id", "tender", "criterion", "score", "comment", "scored_at"]


class PersonalChallengeQuestionOutput(serializers.ModelSerializer[ChallengeQuestion]):
    challenge_id = serializers.IntegerField()
    challenge = serializers.CharField(source="challenge.title")
    on_behalf_of = serializers.CharField(source="organisation.name", allow_null=True, default=None)

    class Meta:
        model = ChallengeQuestion
        fields = [
            "id",
            "challenge_id",
            "challenge",
            "on_behalf_of",
            "question",
            "asked_at",
            "published_at",
        ]


class PersonalEntryReceiptOutput(serializers.ModelSerializer[EntrySubmission]):
    class Meta:
        model = EntrySubmission
        fields = ["number", "submitted_at", "sha256"]


class PersonalEntryOutput(serializers.ModelSerializer[Entry]):
    """A reference to the entry, not its content."""

    entry_id = serializers.IntegerField(source="pk")
    challenge_id = serializers.IntegerField()
    challenge = serializers.CharField(source="challenge.title")
    on_behalf_of = serializers.CharField(source="supplier.name")
    started_by_you = serializers.SerializerMethodField()
    submitted_by_you = PersonalEntryReceiptOutput(many=True, source="submissions_by_person")

    class Meta:
        model = Entry
        fields = [
            "entry_id",
            "challenge_id",
            "challenge",
            "title",
            "on_behalf_of",
            "status",
            "created_at",
            "started_by_you",
            "submitted_by_you",
        ]

    def get_started_by_you(self, entry: Entry) -> bool:
        return bool(entry.created_by_id == self.context["user"].pk)


class PersonalPanelPlaceOutput(serializers.ModelSerializer[PanelMember]):
    challenge_id = serializers.IntegerField(source="round.challenge_id")
    challenge = serializers.CharField(source="round.challenge.title")
    round = serializers.CharField(source="round.name")

    class Meta:
        model = PanelMember
        fields = [
            "challenge_id",
            "challenge",
            "round",
            "is_chair",
            "invited_at",
            "accepted_at",
            "declared_at",
        ]


class PersonalScoreSheetOutput(serializers.ModelSerializer[ScoreSheet]):
    """A score sheet you gave as a judge, by reference to the entry."""

    challenge_id = serializers.IntegerField(source="round.challenge_id")
    challenge = serializers.CharField(source="round.challenge.title")
    round = serializers.CharField(source="round.name")
    entry_id = serializers.IntegerField()

    class Meta:
        model = ScoreSheet
        fields = [
            "challenge_id",
            "challenge",
            "round",
            "entry_id",
            "scores",
            "comments",
            "feedback",
            "submitted_at",
            "updated_at",
        ]


class PersonalDocumentOutput(serializers.Serializer[dict[str, Any]]):
    attached_to = serializers.ChoiceField(choices=["bid", "entry", "project"])
    parent_id = serializers.IntegerField(help_text="The id of the bid, entry or project.")
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    removed_at = serializers.DateTimeField(allow_null=True)


class PersonalAuditOutput(serializers.ModelSerializer[AuditEvent]):
    by_you = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "created_at",
            "verb",
            "by_you",
            "organisation",
            "target_type",
            "target_id",
            "target_repr",
            "detail",
        ]

    def get_by_you(self, event: AuditEvent) -> bool:
        return bool(event.actor_id == self.context["user"].pk)

    def get_target_type(self, event: AuditEvent) -> str | None:
        if event.target_type is None:
            return None
        return f"{event.target_type.app_label}.{event.target_type.model}"


class DeletionRequestOutput(serializers.ModelSerializer[DeletionRequest]):
    user_id = serializers.IntegerField()
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    confirmed_by = serializers.CharField(
        source="confirmed_by.full_name", allow_null=True, default=None
    )

    class Meta:
        model = DeletionRequest
        fields = [
            "id",
            "user_id",
            "full_name",
            "email",
            "status",
            "holds",
            "requested_at",
            "completed_at",
            "confirmed_by",
        ]


class PersonalDataOutput(serializers.Serializer[PersonalData]):
    """Everything held about the signed-in person. Pass context={"user": …}."""

    generated_at = serializers.DateTimeField()
    account = PersonalAccountOutput()
    memberships = PersonalMembershipOutput(many=True)
    invitations = PersonalInvitationOutput(many=True, help_text="Invitations sent to you.")
    notification_preferences = PersonalPreferenceOutput(many=True)
    notifications = PersonalNoticeOutput(many=True)
    emails = PersonalEmailOutput(many=True)
    project_comments = PersonalCommentOutput(many=True)
    project_status_updates = PersonalStatusUpdateOutput(many=True)
    project_revisions = PersonalRevisionOutput(many=True)
    project_follows = PersonalProjectFollowOutput(many=True)
    partner_interests = PersonalPartnerInterestOutput(many=True)
    public_feedback_moderated = PersonalFeedbackModeratedOutput(
        many=True,
        help_text="Feedback from the public that you approved or rejected. Feedback the "
        "public gives is not linked to an account.",
    )
    tender_questions = PersonalTenderQuestionOutput(many=True)
    tender_follows = PersonalTenderFollowOutput(many=True)
    saved_searches = PersonalSavedSearchOutput(many=True)
    bids = PersonalBidOutput(many=True)
    tender_evaluations = PersonalEvaluationOutput(many=True)
    tender_scores = PersonalTenderScoreOutput(many=True)
    challenge_questions = PersonalChallengeQuestionOutput(many=True)
    entries = PersonalEntryOutput(many=True)
    judging_panels = PersonalPanelPlaceOutput(many=True)
    judging_scores = PersonalScoreSheetOutput(many=True)
    documents = PersonalDocumentOutput(many=True)
    audit_events = PersonalAuditOutput(many=True)
    deletion_requests = DeletionRequestOutput(many=True)


class DeletionInput(serializers.Serializer[None]):
    password = serializers.CharField(
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Your password, to confirm that it is you.",
    )


def personal_data_filename(data: PersonalData) -> str:
    """A download's name, dated in London: loti-workspace-personal-data-2026-11-26.json."""
    day = timezone.localtime(data.generated_at).date()
    return f"loti-workspace-personal-data-{day.isoformat()}.json"
