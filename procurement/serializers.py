from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from loti.accounts.models import Organisation
from loti.api.fields import PlannedDateTimeField
from procurement.dates import london_time
from procurement.models import (
    Bid,
    BidAttachment,
    BidConflict,
    BidSubmission,
    CpvCode,
    CriterionKind,
    EvaluatorScore,
    SavedSearch,
    Tender,
    TenderAmendment,
    TenderCriterion,
    TenderDocument,
    TenderDocumentType,
    TenderQuestion,
    TenderUserObjectPermission,
)
from procurement.selectors import VALUE_BAND_KEYS, TenderFilters


class TenderOrganisation(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name = serializers.CharField()


class CpvCodeOutput(serializers.ModelSerializer[CpvCode]):
    class Meta:
        model = CpvCode
        fields = ["code", "description", "division"]


class CriterionInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=CriterionKind.choices)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    key = serializers.SlugField(max_length=40, required=False)


class CriterionOutput(serializers.ModelSerializer[TenderCriterion]):
    class Meta:
        model = TenderCriterion
        fields = ["key", "name", "kind", "weight"]


class TenderFieldsInput(serializers.Serializer[Any]):
    """Fields of a tender; every one optional, for edits and amendments."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False)
    cpv_codes = serializers.ListField(
        child=serializers.CharField(max_length=12),
        required=False,
        help_text="CPV 2008 codes: 72000000 or 72000000-5.",
    )
    value_min = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    value_max = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    # At most what the column holds: more is a 400, not a 500.
    contract_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=32_767
    )
    participating_boroughs = serializers.ListField(child=serializers.SlugField(), required=False)
    location_boroughs = serializers.ListField(child=serializers.SlugField(), required=False)
    location_remote = serializers.BooleanField(required=False)
    sme_suitable = serializers.BooleanField(required=False)
    vcse_suitable = serializers.BooleanField(required=False)
    charter_technology = serializers.CharField(required=False, allow_blank=True)
    charter_dpia_url = serializers.URLField(required=False, allow_blank=True)
    charter_inclusivity = serializers.CharField(required=False, allow_blank=True)
    charter_consequences = serializers.CharField(required=False, allow_blank=True)
    charter_unused_functionality = serializers.CharField(required=False, allow_blank=True)
    charter_open_data = serializers.BooleanField(required=False, allow_null=True)
    loti_data_clause_included = serializers.BooleanField(required=False)
    loti_data_clause_explanation = serializers.CharField(required=False, allow_blank=True)
    questions_close_at = PlannedDateTimeField(required=False, allow_null=True)
    closes_at = PlannedDateTimeField(required=False, help_text="ISO 8601, with offset.")
    expected_award_on = serializers.DateField(required=False, allow_null=True)


class TenderCreateInput(TenderFieldsInput):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    cpv_codes = serializers.ListField(
        child=serializers.CharField(max_length=12),
        help_text="CPV 2008 codes: 72000000 or 72000000-5.",
    )
    value_min = serializers.DecimalField(max_digits=14, decimal_places=2)
    value_max = serializers.DecimalField(max_digits=14, decimal_places=2)
    closes_at = PlannedDateTimeField(help_text="ISO 8601, with offset.")
    criteria = CriterionInput(
        many=True,
        required=False,
        help_text="Weights total 100. Default: quality 60, price 30, social value 10.",
    )
    buyer = serializers.SlugField(
        required=False,
        help_text="Slug of the buying organisation; needed if you belong to several.",
    )


class TenderUpdateInput(TenderFieldsInput):
    criteria = CriterionInput(many=True, required=False)


class TenderAmendInput(serializers.Serializer[Any]):
    rationale = serializers.CharField()
    changes = TenderFieldsInput()


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField()


class TenderListOutput(serializers.ModelSerializer[Tender]):
    buyer = TenderOrganisation()
    status = serializers.CharField(source="db_stage", help_text="closed once closes_at passes.")
    is_open = serializers.BooleanField(source="db_is_open")
    closes_at_london = serializers.SerializerMethodField()
    cpv_codes = CpvCodeOutput(many=True)

    class Meta:
        model = Tender
        fields = [
            "id",
            "title",
            "status",
            "is_open",
            "buyer",
            "value_min",
            "value_max",
            "cpv_codes",
            "sme_suitable",
            "vcse_suitable",
            "published_at",
            "closes_at",
            "closes_at_london",
        ]

    def get_closes_at_london(self, tender: Tender) -> str:
        return london_time(tender.closes_at)


def _moment(value: datetime | None, zone: tzinfo) -> str | None:
    """DRF's DateTimeField output: the current time zone, ISO 8601, UTC as "Z"."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def tender_list_output(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """TenderListOutput's fields, written from selectors.tender_list_rows' plain rows:
    the list endpoint's fast path. TenderListOutput stays the documented shape (the
    OpenAPI schema); tests/procurement/test_tender_list_rows.py keeps the two identical.
    Money columns hold two decimal places, so "{:f}" is DRF's DecimalField output.
    The current time zone is looked up once for the page, not twice a row: each look-up
    goes through a context-local and cost a tenth of the request."""
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "status": row["stage"],
            "is_open": row["is_open"],
            "buyer": {"slug": row["buyer_slug"], "name": row["buyer_name"]},
            "value_min": f"{row['value_min']:f}",
            "value_max": f"{row['value_max']:f}",
            "cpv_codes": [
                {"code": code, "description": description, "division": code[:2]}
                for code, description in zip(
                    row["code_list"], row["code_descriptions"], strict=True
                )
            ],
            "sme_suitable": row["sme_suitable"],
            "vcse_suitable": row["vcse_suitable"],
            "published_at": _moment(row["published_at"], zone),
            "closes_at": _moment(row["closes_at"], zone),
            "closes_at_london": london_time(row["closes_at"]),
        }
        for row in rows
    ]


class TenderDetailOutput(TenderListOutput):
    participating_boroughs = TenderOrganisation(many=True)
    location_boroughs = TenderOrganisation(many=True)
    criteria = CriterionOutput(many=True)
    questions_open = serializers.BooleanField(source="db_questions_open")
    questions_close_at_london = serializers.SerializerMethodField()
    winner = serializers.SerializerMethodField()

    class Meta(TenderListOutput.Meta):
        fields = [
            *TenderListOutput.Meta.fields,
            "description",
            "visibility",
            "participating_boroughs",
            "contract_months",
            "location_boroughs",
            "location_remote",
            "criteria",
            "charter_technology",
            "charter_dpia_url",
            "charter_inclusivity",
            "charter_consequences",
            "charter_unused_functionality",
            "charter_open_data",
            "loti_data_clause_included",
            "loti_data_clause_explanation",
            "questions_open",
            "questions_close_at",
            "questions_close_at_london",
            "expected_award_on",
            "end_reason",
            "award_decided_at",
            "standstill_ends_on",
            "contract_awarded_at",
            "winner",
            "created_at",
            "updated_at",
        ]

    def get_questions_close_at_london(self, tender: Tender) -> str:
        return london_time(tender.questions_close_at or tender.closes_at)

    def get_winner(self, tender: Tender) -> dict[str, str] | None:
        """The winning supplier, public once the award is decided."""
        if tender.winning_bid is None:
            return None
        supplier = tender.winning_bid.supplier
        return {"slug": supplier.slug, "name": supplier.name}


class FacetValue(serializers.Serializer[Any]):
    value = serializers.CharField()
    # The metaclass moves declared fields off the class, so Field.label is not shadowed.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class TenderFacetsOutput(serializers.Serializer[Any]):
    status = FacetValue(many=True)
    division = FacetValue(many=True)
    value_band = FacetValue(many=True)
    buyer = FacetValue(many=True)
    sme_suitable = FacetValue(many=True)
    vcse_suitable = FacetValue(many=True)
    closing_within_days = FacetValue(many=True)


class TenderFiltersInput(serializers.Serializer[Any]):
    search = serializers.CharField(required=False, default="", allow_blank=True)
    status = serializers.ChoiceField(
        choices=[
            "open",
            "closed",
            "draft",
            "evaluation",
            "standstill",
            "awarded",
            "no_award",
            "cancelled",
            "withdrawn",
        ],
        required=False,
        default="",
    )
    division = serializers.RegexField(r"^\d{2}$", required=False, default="")
    value_band = serializers.ChoiceField(choices=VALUE_BAND_KEYS, required=False, default="")
    buyer = serializers.SlugField(required=False, default="")
    sme_suitable = serializers.BooleanField(required=False, allow_null=True, default=None)
    vcse_suitable = serializers.BooleanField(required=False, allow_null=True, default=None)
    closing_within_days = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=366
    )
    sort = serializers.ChoiceField(choices=["closing", "newest"], required=False, default="newest")


_TENDER_FILTER_NAMES = tuple(TenderFiltersInput().fields)


def tender_filters_parse(query: Mapping[str, str]) -> tuple[TenderFilters, str]:
    """The board's filters and sort from a query string, validated as TenderFiltersInput
    reads them (the last value of each of its own fields; anything else is ignored)."""
    given = tuple((name, query[name]) for name in _TENDER_FILTER_NAMES if name in query)
    return _tender_filters_validated(given)


@lru_cache(maxsize=512)
def _tender_filters_validated(given: tuple[tuple[str, str], ...]) -> tuple[TenderFilters, str]:
    """The filters, validated once per process for each distinct set: the board is
    asked for the same few combinations again and again, and a serializer copies its
    fields every time it is made. Invalid ones raise every time (exceptions are not kept)."""
    query = QueryDict(mutable=True)
    for name, value in given:
        query[name] = value
    data = TenderFiltersInput(data=query)
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    sort = fields.pop("sort")
    return TenderFilters(**fields), sort


class AmendmentOutput(serializers.ModelSerializer[TenderAmendment]):
    class Meta:
        model = TenderAmendment
        fields = ["number", "rationale", "changed_fields", "before", "after", "created_at"]


# Questions ------------------------------------------------------------------------------


class QuestionAskInput(serializers.Serializer[Any]):
    question = serializers.CharField()
    supplier = serializers.SlugField(required=False, help_text="If you belong to several.")


class QuestionAnswerInput(serializers.Serializer[Any]):
    answer = serializers.CharField()
    published_question = serializers.CharField(
        required=False,
        default="",
        help_text="The question as published, if it needs rewording to hide who asked.",
    )


class PublicQuestionOutput(serializers.ModelSerializer[TenderQuestion]):
    """What suppliers and the public see. Never the asker: no supplier, no person."""

    question = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()

    class Meta:
        model = TenderQuestion
        fields = ["id", "question", "answer", "published_at"]

    def get_question(self, question: TenderQuestion) -> str:
        return question.published_question if question.published_at else question.question

    def get_answer(self, question: TenderQuestion) -> str | None:
        return question.answer if question.published_at else None


class BuyerQuestionOutput(PublicQuestionOutput):
    supplier = TenderOrganisation()
    original_question = serializers.CharField(source="question")

    class Meta(PublicQuestionOutput.Meta):
        fields = [*PublicQuestionOutput.Meta.fields, "supplier", "original_question", "asked_at"]


# Bids ------------------------------------------------------------------------------------


class BidCreateInput(serializers.Serializer[Any]):
    supplier = serializers.SlugField(required=False, help_text="If you belong to several.")
    price = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    responses = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )


class BidUpdateInput(serializers.Serializer[Any]):
    price = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    responses = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class BidAttachmentInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class BidAttachmentOutput(serializers.ModelSerializer[BidAttachment]):
    class Meta:
        model = BidAttachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "created_at"]


class TenderDocumentInput(serializers.Serializer[Any]):
    file = serializers.FileField()
    document_type = serializers.ChoiceField(choices=TenderDocumentType.choices)
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Default: the file's name."
    )
    rationale = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Why: needed once the tender is published, when the change is an amendment.",
    )
    replaces = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of a current document this replaces."
    )


class TenderDocumentRemoveInput(serializers.Serializer[Any]):
    rationale = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Why: needed once the tender is published, when the change is an amendment.",
    )


class TenderDocumentOutput(serializers.ModelSerializer[TenderDocument]):
    document_type_label = serializers.CharField(source="get_document_type_display")
    url = serializers.SerializerMethodField(help_text="Where to download it.")

    class Meta:
        model = TenderDocument
        fields = [
            "id",
            "title",
            "document_type",
            "document_type_label",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "replaces",
            "created_at",
            "url",
        ]

    def get_url(self, document: TenderDocument) -> str:
        return reverse(
            "api:tender-document",
            kwargs={"tender_id": document.tender_id, "document_id": document.pk},
        )


class ReceiptOutput(serializers.ModelSerializer[BidSubmission]):
    """The supplier's receipt: the database's time, and the SHA-256 of the canonical
    JSON (sorted keys, no spaces, UTF-8) of `content`."""

    submitted_at_london = serializers.SerializerMethodField()

    class Meta:
        model = BidSubmission
        fields = ["bid", "number", "submitted_at", "submitted_at_london", "sha256", "content"]

    def get_submitted_at_london(self, submission: BidSubmission) -> str:
        return london_time(submission.submitted_at)


class BidOutput(serializers.ModelSerializer[Bid]):
    """The supplier's own view: the working copy and the last receipt."""

    supplier = TenderOrganisation()
    receipt = ReceiptOutput(source="latest_submission", allow_null=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "supplier",
            "status",
            "price",
            "responses",
            "needs_reconfirmation",
            "outcome",
            "withdrawn_at",
            "receipt",
            "created_at",
            "updated_at",
        ]


class OpenedBidOutput(serializers.ModelSerializer[Bid]):
    """The buyer's and evaluators' view after the deadline: only what was submitted,
    never the supplier's working copy."""

    supplier = TenderOrganisation()
    submission = ReceiptOutput(source="latest_submission", allow_null=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "supplier",
            "status",
            "needs_reconfirmation",
            "outcome",
            "submission",
        ]


class BidderOutput(serializers.ModelSerializer[Bid]):
    supplier = TenderOrganisation()

    class Meta:
        model = Bid
        fields = ["id", "supplier"]


# Evaluation ------------------------------------------------------------------------------


class EvaluatorAddInput(serializers.Serializer[Any]):
    email = serializers.EmailField()


class EvaluatorOutput(serializers.ModelSerializer[TenderUserObjectPermission]):
    user_id = serializers.IntegerField()
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    declared = serializers.BooleanField()

    class Meta:
        model = TenderUserObjectPermission
        fields = ["user_id", "email", "full_name", "declared"]


class DeclaredConflictInput(serializers.Serializer[Any]):
    bid = serializers.IntegerField()
    reason = serializers.CharField()


class DeclarationInput(serializers.Serializer[Any]):
    conflicts = DeclaredConflictInput(
        many=True, help_text="The bids you have a conflict with; an empty list if none."
    )


class ConflictOutput(serializers.ModelSerializer[BidConflict]):
    class Meta:
        model = BidConflict
        fields = ["bid", "source", "detail", "created_at"]


class ScoreItemInput(serializers.Serializer[Any]):
    criterion = serializers.SlugField()
    score = serializers.DecimalField(max_digits=4, decimal_places=2)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreInput(serializers.Serializer[Any]):
    scores = ScoreItemInput(many=True)


class ModeratedItemInput(serializers.Serializer[Any]):
    criterion = serializers.SlugField()
    score = serializers.DecimalField(max_digits=4, decimal_places=2)
    rationale = serializers.CharField()


class ModerationInput(serializers.Serializer[Any]):
    scores = ModeratedItemInput(many=True)


class ScoreOutput(serializers.ModelSerializer[EvaluatorScore]):
    criterion = serializers.SlugField(source="criterion.key")

    class Meta:
        model = EvaluatorScore
        fields = ["criterion", "score", "comment", "scored_at"]


class ModeratedScoreOutput(serializers.Serializer[Any]):
    criterion = serializers.SlugField(source="criterion.key")
    score = serializers.DecimalField(max_digits=4, decimal_places=2)
    rationale = serializers.CharField()


class WeightedScoreOutput(serializers.Serializer[Any]):
    criterion = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    score = serializers.DecimalField(max_digits=6, decimal_places=2)


class EvaluationRowOutput(serializers.Serializer[Any]):
    bid = serializers.IntegerField()
    supplier = TenderOrganisation()
    price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    moderated = serializers.BooleanField()
    scores = WeightedScoreOutput(many=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    rank = serializers.IntegerField()


class AwardInput(serializers.Serializer[Any]):
    bid = serializers.IntegerField()


class AssessmentCriterionOutput(serializers.Serializer[Any]):
    criterion = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    your_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    winning_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    your_reason = serializers.CharField(help_text="The agreed rationale; for price, the formula.")
    winning_reason = serializers.CharField()


class AssessmentOutput(serializers.Serializer[Any]):
    tender = serializers.IntegerField()
    outcome = serializers.CharField()
    winner = serializers.CharField()
    criteria = AssessmentCriterionOutput(many=True)
    your_price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    winning_price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    your_total = serializers.DecimalField(max_digits=6, decimal_places=2)
    winning_total = serializers.DecimalField(max_digits=6, decimal_places=2)
    standstill_ends_on = serializers.DateField()


# Saved searches -------------------------------------------------------------------------


class SavedSearchInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    search = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    division = serializers.RegexField(r"^\d{2}$", required=False, default="")
    value_band = serializers.ChoiceField(choices=VALUE_BAND_KEYS, required=False, default="")
    buyer = serializers.SlugField(required=False, default="")
    sme_suitable = serializers.BooleanField(required=False, allow_null=True, default=None)
    vcse_suitable = serializers.BooleanField(required=False, allow_null=True, default=None)


class SavedSearchOutput(serializers.ModelSerializer[SavedSearch]):
    buyer = serializers.SlugRelatedField[Organisation](
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "name",
            "search",
            "division",
            "value_band",
            "buyer",
            "sme_suitable",
            "vcse_suitable",
            "created_at",
        ]
