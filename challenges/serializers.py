from __future__ import annotations

from typing import Any

from rest_framework import serializers

from challenges.models import (
    Assignment,
    AssignmentBatch,
    Audience,
    Challenge,
    ChallengeQuestion,
    ChallengeStatus,
    ConflictKind,
    Entry,
    EntryAttachment,
    EntryConflict,
    EntrySubmission,
    Method,
    PanelMember,
    Prize,
    PrizeKind,
    Round,
    RoundKind,
    RubricCriterion,
    ScoreSheet,
    blind_document_name,
)
from loti.accounts.models import Organisation
from loti.api.fields import PlannedDateTimeField
from procurement.dates import london_time

HIDDEN_CONTENT_KEYS = {"supplier", "partners"}

# The largest numbers the columns behind these inputs hold: more is a 400, not a 500.
SMALLINT_MAX = 32_767
INTEGER_MAX = 2_147_483_647


class OrganisationRef(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PrizeInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PrizeKind.choices)
    name = serializers.CharField(max_length=100)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    awards = serializers.IntegerField(
        min_value=1, max_value=SMALLINT_MAX, required=False, default=1
    )


class PrizeOutput(serializers.ModelSerializer[Prize]):
    class Meta:
        model = Prize
        fields = ["id", "kind", "name", "amount", "awards"]


class ChallengeFieldsInput(serializers.Serializer[Any]):
    """Fields of a challenge; every one optional, for edits."""

    title = serializers.CharField(max_length=200, required=False)
    problem_statement = serializers.CharField(required=False)
    background = serializers.CharField(required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    eligibility = serializers.CharField(required=False, allow_blank=True)
    eligible_sizes = serializers.ListField(
        child=serializers.ChoiceField(choices=Organisation.Size.choices), required=False
    )
    requires_uk_registered = serializers.BooleanField(required=False)
    requires_london_based = serializers.BooleanField(required=False)
    opens_at = PlannedDateTimeField(required=False)
    closes_at = PlannedDateTimeField(required=False)
    judging_starts_at = PlannedDateTimeField(required=False, allow_null=True)
    judging_ends_at = PlannedDateTimeField(required=False, allow_null=True)
    announce_at = PlannedDateTimeField(required=False, allow_null=True)
    co_owners = serializers.ListField(child=serializers.SlugField(), required=False)
    invited = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="The invite list (invite-only)."
    )
    prizes = PrizeInput(many=True, required=False)
    charter_technology = serializers.CharField(required=False, allow_blank=True)
    charter_dpia_url = serializers.URLField(required=False, allow_blank=True)
    charter_inclusivity = serializers.CharField(required=False, allow_blank=True)
    charter_consequences = serializers.CharField(required=False, allow_blank=True)
    charter_unused_functionality = serializers.CharField(required=False, allow_blank=True)
    charter_open_data = serializers.BooleanField(required=False, allow_null=True)


class ChallengeCreateInput(ChallengeFieldsInput):
    title = serializers.CharField(max_length=200)
    problem_statement = serializers.CharField()
    opens_at = PlannedDateTimeField()
    closes_at = PlannedDateTimeField()
    owner = serializers.SlugField(required=False, help_text="Needed if you belong to several.")


class ChallengeListOutput(serializers.ModelSerializer[Challenge]):
    owner = OrganisationRef()
    status = serializers.ChoiceField(
        source="db_stage",
        choices=ChallengeStatus.choices,
        help_text="closed once closes_at passes.",
    )
    is_open = serializers.BooleanField(source="db_is_open")
    prizes = PrizeOutput(many=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "status",
            "is_open",
            "audience",
            "owner",
            "prizes",
            "opens_at",
            "closes_at",
        ]


class ChallengeDetailOutput(ChallengeListOutput):
    co_owners = OrganisationRef(many=True)
    closes_at_london = serializers.SerializerMethodField()

    class Meta(ChallengeListOutput.Meta):
        fields = [
            *ChallengeListOutput.Meta.fields,
            "problem_statement",
            "background",
            "visibility",
            "co_owners",
            "eligibility",
            "eligible_sizes",
            "requires_uk_registered",
            "requires_london_based",
            "closes_at_london",
            "judging_starts_at",
            "judging_ends_at",
            "announce_at",
            "charter_technology",
            "charter_dpia_url",
            "charter_inclusivity",
            "charter_consequences",
            "charter_unused_functionality",
            "charter_open_data",
            "published_at",
            "cancel_reason",
            "cancelled_at",
            "decided_at",
            "results_published_at",
        ]

    def get_closes_at_london(self, challenge: Challenge) -> str:
        return london_time(challenge.closes_at)


class OwnerChallengeOutput(ChallengeDetailOutput):
    """The owners' view adds the invite list."""

    invited = OrganisationRef(many=True)

    class Meta(ChallengeDetailOutput.Meta):
        fields = [*ChallengeDetailOutput.Meta.fields, "invited"]


class ChallengeReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField()


# Questions -------------------------------------------------------------------------------


class ChallengeQuestionAskInput(serializers.Serializer[Any]):
    question = serializers.CharField()


class ChallengeQuestionAnswerInput(serializers.Serializer[Any]):
    answer = serializers.CharField()
    published_question = serializers.CharField(required=False, default="")


class ChallengePublicQuestionOutput(serializers.ModelSerializer[ChallengeQuestion]):
    """Never the asker: no organisation, no person."""

    question = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()

    class Meta:
        model = ChallengeQuestion
        fields = ["id", "question", "answer", "published_at"]

    def get_question(self, question: ChallengeQuestion) -> str:
        return question.published_question if question.published_at else question.question

    def get_answer(self, question: ChallengeQuestion) -> str | None:
        return question.answer if question.published_at else None


class ChallengeOwnerQuestionOutput(ChallengePublicQuestionOutput):
    organisation = OrganisationRef(allow_null=True)
    original_question = serializers.CharField(source="question")

    class Meta(ChallengePublicQuestionOutput.Meta):
        fields = [
            *ChallengePublicQuestionOutput.Meta.fields,
            "organisation",
            "original_question",
            "asked_at",
        ]


# Entries ---------------------------------------------------------------------------------


class EligibilityDeclarationInput(serializers.Serializer[Any]):
    london_based = serializers.BooleanField(required=False)
    confirmed = serializers.BooleanField(
        required=False, help_text="The entry meets the eligibility criteria."
    )
    statement = serializers.CharField(required=False, allow_blank=True)


class EntryFieldsInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    partners = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Consortium partners' slugs."
    )
    declaration = EligibilityDeclarationInput(required=False)


class EntryCreateInput(EntryFieldsInput):
    title = serializers.CharField(max_length=200)
    supplier = serializers.SlugField(required=False, help_text="If you belong to several.")


class EntryReceiptOutput(serializers.ModelSerializer[EntrySubmission]):
    """The entrant's receipt: the database's time, and the SHA-256 of the canonical
    JSON (sorted keys, no spaces, UTF-8) of `content`."""

    submitted_at_london = serializers.SerializerMethodField()

    class Meta:
        model = EntrySubmission
        fields = ["entry", "number", "submitted_at", "submitted_at_london", "sha256", "content"]

    def get_submitted_at_london(self, submission: EntrySubmission) -> str:
        return london_time(submission.submitted_at)


class EntryOutput(serializers.ModelSerializer[Entry]):
    supplier = OrganisationRef()
    partners = OrganisationRef(many=True)
    receipt = EntryReceiptOutput(source="latest_submission", allow_null=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "challenge",
            "supplier",
            "partners",
            "title",
            "summary",
            "description",
            "declaration",
            "status",
            "eligibility",
            "eligibility_reason",
            "withdrawn_at",
            "receipt",
            "created_at",
            "updated_at",
        ]


class ScreeningInput(serializers.Serializer[Any]):
    eligible = serializers.BooleanField()
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class EntryAttachmentInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class EntryAttachmentOutput(serializers.ModelSerializer[EntryAttachment]):
    class Meta:
        model = EntryAttachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "created_at"]


class SealedDocumentOutput(serializers.ModelSerializer[EntryAttachment]):
    """A document as the panel sees it: sealed with the entry's latest submission. In
    a blind round (context hide_identity) named by entry and number."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = EntryAttachment
        fields = ["id", "name", "content_type", "size", "sha256"]

    def get_name(self, attachment: EntryAttachment) -> str:
        if self.context.get("hide_identity"):
            return attachment.blind_name
        return attachment.original_name


class EntryFeedbackOutput(serializers.Serializer[Any]):
    round = serializers.CharField()
    feedback = serializers.CharField()


# Rounds ----------------------------------------------------------------------------------


class ScaleLevel(serializers.Serializer[Any]):
    score = serializers.IntegerField()
    descriptor = serializers.CharField()


class RubricCriterionInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    key = serializers.SlugField(max_length=40, required=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class RubricCriterionOutput(serializers.ModelSerializer[RubricCriterion]):
    class Meta:
        model = RubricCriterion
        fields = ["key", "name", "description", "weight"]


class RoundFieldsInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100, required=False)
    kind = serializers.ChoiceField(choices=RoundKind.choices, required=False)
    blind = serializers.BooleanField(required=False)
    judges_per_entry = serializers.IntegerField(min_value=1, max_value=SMALLINT_MAX, required=False)
    max_per_judge = serializers.IntegerField(
        min_value=1, max_value=INTEGER_MAX, required=False, allow_null=True
    )
    scale = ScaleLevel(many=True, required=False)
    comment_required = serializers.BooleanField(required=False)
    method = serializers.ChoiceField(choices=Method.choices, required=False)
    disagreement_threshold = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False
    )
    advance_count = serializers.IntegerField(min_value=0, max_value=INTEGER_MAX, required=False)
    deadline = PlannedDateTimeField(required=False, allow_null=True)
    criteria = RubricCriterionInput(many=True, required=False)


class RoundCreateInput(RoundFieldsInput):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=RoundKind.choices)
    criteria = RubricCriterionInput(many=True, help_text="Weights total 100.")


class RoundOutput(serializers.ModelSerializer[Round]):
    criteria = RubricCriterionOutput(many=True)
    scale = ScaleLevel(many=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "challenge",
            "number",
            "name",
            "kind",
            "status",
            "blind",
            "judges_per_entry",
            "max_per_judge",
            "scale",
            "comment_required",
            "method",
            "disagreement_threshold",
            "advance_count",
            "deadline",
            "draw_seed",
            "criteria",
            "started_at",
            "closed_at",
        ]


class PanelInviteInput(serializers.Serializer[Any]):
    email = serializers.EmailField()
    is_chair = serializers.BooleanField(required=False, default=False)


class PanelMemberOutput(serializers.ModelSerializer[PanelMember]):
    full_name = serializers.CharField(source="user.full_name", allow_null=True, default=None)

    class Meta:
        model = PanelMember
        fields = [
            "id",
            "email",
            "full_name",
            "is_chair",
            "invited_at",
            "accepted_at",
            "declared_at",
        ]


class PanelRemovalOutput(serializers.Serializer[Any]):
    released = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Entries the judge had not scored: short of a judge again, to assign.",
    )
    withdrawn = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Entries whose scores from the judge no longer count (kept in the audit log).",
    )


class JudgeAcceptInput(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200, required=False, default="")
    password = serializers.CharField(
        required=False, default="", trim_whitespace=False, style={"input_type": "password"}
    )


class DeclaredEntryInput(serializers.Serializer[Any]):
    entry = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ConflictKind.choices)
    detail = serializers.CharField(required=False, allow_blank=True, default="")


class DeclaredOrganisationInput(serializers.Serializer[Any]):
    organisation = serializers.SlugField()
    kind = serializers.ChoiceField(choices=ConflictKind.choices)
    detail = serializers.CharField(required=False, allow_blank=True, default="")


class DeclarationMakeInput(serializers.Serializer[Any]):
    conflicts = DeclaredEntryInput(
        many=True, required=False, default=list, help_text="Entries you are conflicted with."
    )
    organisations = DeclaredOrganisationInput(
        many=True,
        required=False,
        default=list,
        help_text="Organisations you are conflicted with (how to declare in a blind round).",
    )


class EntryConflictOutput(serializers.ModelSerializer[EntryConflict]):
    judge = serializers.IntegerField(source="judge_id")
    judge_name = serializers.CharField(source="judge.full_name")

    class Meta:
        model = EntryConflict
        fields = [
            "id",
            "entry",
            "judge",
            "judge_name",
            "source",
            "kind",
            "detail",
            "status",
            "decided_at",
        ]


class ConflictDecisionInput(serializers.Serializer[Any]):
    confirm = serializers.BooleanField(help_text="true confirms the conflict; false dismisses it.")


class AssignmentInput(serializers.Serializer[Any]):
    entry = serializers.IntegerField()
    judge = serializers.IntegerField(help_text="The judge's user id.")


class AssignmentOutput(serializers.ModelSerializer[Assignment]):
    judge = serializers.IntegerField(source="judge_id")
    judge_name = serializers.CharField(source="judge.full_name")

    class Meta:
        model = Assignment
        fields = ["id", "entry", "judge", "judge_name", "batch", "released_at"]


class LoadsOutput(serializers.Serializer[Any]):
    loads = serializers.DictField(child=serializers.IntegerField(), help_text="Judge id to load.")
    short = serializers.DictField(
        child=serializers.IntegerField(), help_text="Entry id to how many judges it lacks."
    )


class BatchOutput(serializers.ModelSerializer[AssignmentBatch]):
    assignments = AssignmentOutput(many=True)

    class Meta:
        model = AssignmentBatch
        fields = ["id", "round", "created_at", "undone_at", "assignments"]


class ReleaseOutput(serializers.Serializer[Any]):
    released = serializers.IntegerField()


class JudgeEntryOutput(serializers.ModelSerializer[Entry]):
    """An entry as a judge sees it. In a blind round (context hide_identity) the
    entrant's organisation, partners and people are left out everywhere."""

    entrant = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = ["id", "title", "entrant", "partners", "content"]

    def _hidden(self) -> bool:
        return bool(self.context.get("hide_identity"))

    def get_entrant(self, entry: Entry) -> dict[str, str] | None:
        if self._hidden():
            return None
        return {"slug": entry.supplier.slug, "name": entry.supplier.name}

    def get_partners(self, entry: Entry) -> list[dict[str, str]]:
        if self._hidden():
            return []
        return [{"slug": p.slug, "name": p.name} for p in entry.partners.all()]

    def get_content(self, entry: Entry) -> dict[str, Any]:
        """What was submitted (the latest receipt's content). In a blind round documents
        are named by entry and number, not what the entrant called them."""
        content = dict(entry.latest_submission.content) if entry.latest_submission else {}
        if self._hidden():
            content = {k: v for k, v in content.items() if k not in HIDDEN_CONTENT_KEYS}
            content["attachments"] = [
                {
                    **item,
                    "name": blind_document_name(
                        entry_id=entry.pk, attachment_id=item["id"], original_name=item["name"]
                    ),
                }
                for item in content.get("attachments", [])
            ]
        return content


class DeclarationEntryOutput(JudgeEntryOutput):
    class Meta(JudgeEntryOutput.Meta):
        fields = ["id", "title", "entrant", "partners"]


class ScoreSheetInput(serializers.Serializer[Any]):
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2),
        help_text="Criterion key to a score on the round's scale.",
    )
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    feedback = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Feedback for the entrant."
    )


class ScoreSheetOutput(serializers.ModelSerializer[ScoreSheet]):
    judge = serializers.IntegerField(source="judge_id")
    judge_name = serializers.CharField(source="judge.full_name")
    scores = serializers.DictField(child=serializers.IntegerField())
    comments = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = ScoreSheet
        fields = [
            "judge",
            "judge_name",
            "scores",
            "comments",
            "feedback",
            "version",
            "submitted_at",
            "updated_at",
        ]


class AdvanceInput(serializers.Serializer[Any]):
    entries = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class AdvanceOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    entries = serializers.ListField(child=serializers.IntegerField())


class ResultRowOutput(serializers.Serializer[Any]):
    entry = serializers.IntegerField()
    title = serializers.CharField()
    entrant = serializers.SerializerMethodField()
    rank = serializers.IntegerField()
    score = serializers.FloatField(allow_null=True, help_text="By the round's method.")
    median = serializers.FloatField(allow_null=True)
    decided_by = serializers.ChoiceField(
        choices=["score", "median", "submission", "draw"], help_text="What set it apart."
    )
    raw_mean = serializers.FloatField(allow_null=True)
    raw_rank = serializers.IntegerField()
    zscore_mean = serializers.FloatField(allow_null=True)
    zscore_rank = serializers.IntegerField()
    judges = serializers.IntegerField()
    expected_judges = serializers.IntegerField()
    incomplete = serializers.BooleanField()
    spread_sd = serializers.FloatField(allow_null=True)
    spread_range = serializers.FloatField(allow_null=True)
    flagged = serializers.BooleanField(help_text="Spread above the round's threshold.")
    suggested = serializers.BooleanField(help_text="In the suggested top N to advance.")
    totals = serializers.ListField(child=serializers.FloatField())

    def get_entrant(self, row: dict[str, Any]) -> dict[str, str] | None:
        if self.context.get("hide_identity"):
            return None
        return {"slug": row["supplier"].slug, "name": row["supplier"].name}


class DrawOutput(serializers.Serializer[Any]):
    entries = serializers.ListField(child=serializers.IntegerField())
    order = serializers.ListField(child=serializers.IntegerField())
    seed = serializers.CharField()


class AgreementOutput(serializers.Serializer[Any]):
    statistic = serializers.CharField()
    alpha = serializers.FloatField(allow_null=True)


class JudgeSummaryOutput(serializers.Serializer[Any]):
    judge = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    mean = serializers.FloatField()
    totals = serializers.ListField(child=serializers.FloatField())


class RoundResultsOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    method = serializers.ChoiceField(choices=Method.choices)
    seed = serializers.CharField(help_text="Re-run a draw: ascending SHA-256 of 'seed:entry id'.")
    draws = DrawOutput(many=True)
    agreement = AgreementOutput()
    rows = ResultRowOutput(many=True)
    judges = JudgeSummaryOutput(many=True)


# Decisions and results -------------------------------------------------------------------


class PrizeAwardInput(serializers.Serializer[Any]):
    prize = serializers.IntegerField()
    entry = serializers.IntegerField()
    rationale = serializers.CharField()


class ChallengeDecisionInput(serializers.Serializer[Any]):
    awards = PrizeAwardInput(many=True, allow_empty=False)


class PublicEntryOutput(serializers.ModelSerializer[Entry]):
    entrant = OrganisationRef(source="supplier")
    partners = OrganisationRef(many=True)

    class Meta:
        model = Entry
        fields = ["id", "title", "summary", "entrant", "partners"]


class WinnerOutput(serializers.Serializer[Any]):
    entry = PublicEntryOutput()
    rationale = serializers.CharField()


class PrizeResultOutput(serializers.ModelSerializer[Prize]):
    winners = WinnerOutput(many=True)

    class Meta:
        model = Prize
        fields = ["id", "kind", "name", "amount", "awards", "winners"]


class PublicResultsOutput(serializers.Serializer[Any]):
    challenge = ChallengeListOutput()
    prizes = PrizeResultOutput(many=True)
    shortlisted = PublicEntryOutput(many=True)
