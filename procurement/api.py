"""The tender board's API. Each view parses, fetches through access, calls one
service or selector, and serializes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.api.pagination import CursorPagination
from loti.api.schema import error_response
from loti.api.users import signed_in_user
from loti.attachments import DOWNLOAD_RESPONSES, attachment_response
from loti.organisations import suppliers_of
from procurement import access, contracts_selectors, selectors, services
from procurement.api_saved_searches import (
    SavedSearchApi,
    SavedSearchDetailView,
    SavedSearchListView,
)
from procurement.contracts_ocds import planning_release_json
from procurement.models import (
    Bid,
    BidConflict,
    EvaluatorScore,
    SavedSearch,
    Tender,
    TenderAmendment,
    TenderQuestion,
    TenderUserObjectPermission,
)
from procurement.ocds import release_package
from procurement.serializers import (
    AmendmentOutput,
    AssessmentOutput,
    AwardInput,
    BidAttachmentInput,
    BidAttachmentOutput,
    BidCreateInput,
    BidderOutput,
    BidOutput,
    BidUpdateInput,
    BuyerQuestionOutput,
    ConflictOutput,
    DeclarationInput,
    EvaluationRowOutput,
    EvaluatorAddInput,
    EvaluatorOutput,
    ModeratedScoreOutput,
    ModerationInput,
    OpenedBidOutput,
    PublicQuestionOutput,
    QuestionAnswerInput,
    QuestionAskInput,
    ReasonInput,
    ReceiptOutput,
    SavedSearchInput,
    SavedSearchOutput,
    ScoreInput,
    ScoreOutput,
    TenderAmendInput,
    TenderCreateInput,
    TenderDetailOutput,
    TenderDocumentInput,
    TenderDocumentOutput,
    TenderDocumentRemoveInput,
    TenderFacetsOutput,
    TenderListOutput,
    TenderUpdateInput,
    tender_filters_parse,
    tender_list_output,
)

FILTER_PARAMETERS = [
    OpenApiParameter("search", str, required=False, description="Words to search for"),
    OpenApiParameter(
        "status",
        str,
        required=False,
        description="open or closed (by the database clock), or a stored status",
    ),
    OpenApiParameter("division", str, required=False, description="CPV division: 2 digits"),
    OpenApiParameter("value_band", enum=selectors.VALUE_BAND_KEYS, required=False),
    OpenApiParameter("buyer", str, required=False, description="Buyer's slug"),
    OpenApiParameter("sme_suitable", bool, required=False),
    OpenApiParameter("vcse_suitable", bool, required=False),
    OpenApiParameter("closing_within_days", int, required=False),
    OpenApiParameter("sort", enum=list(selectors.SORTS), required=False),
]


def _detail(request: Request, tender_id: int, *, code: int = status.HTTP_200_OK) -> Response:
    tender = access.tender_get_for(user=request.user, tender_id=tender_id)
    return Response(TenderDetailOutput(tender).data, status=code)


class TenderPagination(CursorPagination):
    ordering: tuple[str, ...] = selectors.SORTS["newest"]

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return selectors.SORTS.get(request.query_params.get("sort", ""), self.ordering)

    def _get_position_from_instance(self, instance: Any, ordering: Any) -> str:
        return selectors.keyset_position(instance, ordering[0])

    def decode_cursor(self, request: Request) -> Cursor | None:
        """DRF's, and the position must be one keyset_position writes: a cursor edited
        by hand is "Invalid cursor" (404), as any other bad cursor is."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                order = self.get_ordering(request, None, None)[0]
                selectors.keyset_parse(str(cursor.position), order)
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class TenderListApi(generics.ListAPIView[Tender]):
    """The tender board: anyone may browse and search published tenders; officers
    also see their own drafts. Bid counts are never shown here."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = TenderListOutput
    pagination_class = TenderPagination

    @extend_schema(parameters=FILTER_PARAMETERS, auth=[])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Tender, dict[str, Any]]:  # type: ignore[override]
        filters, sort = tender_filters_parse(self.request.query_params)
        return selectors.tender_list_rows(user=self.request.user, filters=filters, sort=sort)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters, sort = tender_filters_parse(request.query_params)
        # Ranked results are one page of the best 50: a relevance rank is no cursor.
        if filters.search.strip():
            ranked = selectors.tender_list_rows(user=request.user, filters=filters, sort=sort)
            return Response(
                {"next": None, "previous": None, "results": tender_list_output(ranked[:50])}
            )
        public = selectors.public_rows(user=request.user, filters=filters, sort=sort)
        # Both are paged as a queryset is (order_by, filter, a slice), by (moment, id).
        rows: Any = public or selectors.KeysetRows(
            selectors.tender_list_rows(user=request.user, filters=filters, sort=sort)
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(tender_list_output(page or []))

    @extend_schema(request=TenderCreateInput, responses={201: TenderDetailOutput})
    def post(self, request: Request) -> Response:
        data = TenderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        buyer = access.buyer_organisation_for(request.user, fields.pop("buyer", None))
        tender = services.tender_create(acting_user=signed_in_user(request), buyer=buyer, **fields)
        return _detail(request, tender.pk, code=status.HTTP_201_CREATED)


class TenderFacetsApi(APIView):
    """Facet counts for the same filters as the list, within its results."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=TenderFacetsOutput, auth=[])
    def get(self, request: Request) -> Response:
        filters, _ = tender_filters_parse(request.query_params)
        # tender_facets already returns TenderFacetsOutput's shape, strings and
        # integers: serialising it again field by field only cost time.
        return Response(selectors.tender_facets(user=request.user, filters=filters))


class TenderDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=TenderDetailOutput, auth=[])
    def get(self, request: Request, tender_id: int) -> Response:
        return _detail(request, tender_id)

    @extend_schema(request=TenderUpdateInput, responses=TenderDetailOutput)
    def patch(self, request: Request, tender_id: int) -> Response:
        """Edit a draft. Once published, changes are amendments."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = TenderUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.tender_update(
            acting_user=signed_in_user(request), tender=tender, changes=dict(data.validated_data)
        )
        return _detail(request, tender_id)


class TenderPublishApi(APIView):
    @extend_schema(request=None, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        services.tender_publish(acting_user=signed_in_user(request), tender=tender)
        return _detail(request, tender_id)


class TenderAmendmentListApi(generics.ListAPIView[TenderAmendment]):
    queryset = TenderAmendment.objects.none()  # for the schema: get_queryset scopes it
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = AmendmentOutput
    pagination_class = None

    @extend_schema(auth=[])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[TenderAmendment]:
        tender = access.tender_get_for(user=self.request.user, tender_id=self.kwargs["tender_id"])
        return selectors.amendments_of(tender=tender)

    @extend_schema(request=TenderAmendInput, responses={201: AmendmentOutput})
    def post(self, request: Request, tender_id: int) -> Response:
        """Amend a published tender before it closes; submitted bids must be reconfirmed."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = TenderAmendInput(data=request.data)
        data.is_valid(raise_exception=True)
        amendment = services.tender_amend(
            acting_user=signed_in_user(request),
            tender=tender,
            rationale=data.validated_data["rationale"],
            changes=dict(data.validated_data["changes"]),
        )
        return Response(AmendmentOutput(amendment).data, status=status.HTTP_201_CREATED)


class TenderDocumentListApi(APIView):
    """The buyer's documents (specification, terms, pricing schedule…): read by anyone
    who can see the tender, the public once it is published; added by the buyer's
    officers. Once the tender is published, adding one is an amendment."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [MultiPartParser]

    @extend_schema(responses=TenderDocumentOutput(many=True), auth=[])
    def get(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        documents = selectors.tender_documents_of(tender=tender)
        return Response(TenderDocumentOutput(documents, many=True).data)

    @extend_schema(request=TenderDocumentInput, responses={201: TenderDocumentOutput})
    def post(self, request: Request, tender_id: int) -> Response:
        """Upload a document, or a new version of one (`replaces`): its content must be
        an allowed type, under the size limit. While the tender is open a `rationale`
        is needed; after it closes no document changes."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = TenderDocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        document = services.tender_document_add(
            acting_user=signed_in_user(request), tender=tender, upload=fields.pop("file"), **fields
        )
        return Response(TenderDocumentOutput(document).data, status=status.HTTP_201_CREATED)


class TenderDocumentDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={(200, "application/octet-stream"): bytes}, auth=[])
    def get(self, request: Request, tender_id: int, document_id: int) -> FileResponse:
        """Download the document, as an attachment under its uploaded name."""
        document = access.tender_document_get_for(
            user=request.user, tender_id=tender_id, document_id=document_id
        )
        return attachment_response(document)

    @extend_schema(request=TenderDocumentRemoveInput, responses={204: None})
    def delete(self, request: Request, tender_id: int, document_id: int) -> Response:
        """Remove the document. While the tender is open this is an amendment: send
        the `rationale` in the body."""
        document = access.tender_document_get_for(
            user=request.user, tender_id=tender_id, document_id=document_id, write=True
        )
        data = TenderDocumentRemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.tender_document_remove(
            acting_user=signed_in_user(request), document=document, **data.validated_data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TenderWithdrawApi(APIView):
    @extend_schema(request=ReasonInput, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.tender_withdraw(
            acting_user=signed_in_user(request), tender=tender, **data.validated_data
        )
        return _detail(request, tender_id)


class TenderCancelApi(APIView):
    @extend_schema(request=ReasonInput, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.tender_cancel(
            acting_user=signed_in_user(request), tender=tender, **data.validated_data
        )
        return _detail(request, tender_id)


# Questions -------------------------------------------------------------------------------


class QuestionListApi(generics.ListAPIView[TenderQuestion]):
    """Published Q&As (never the asker); your organisation's own questions; the buyer
    sees every question and who asked it."""

    queryset = TenderQuestion.objects.none()  # for the schema: get_queryset scopes it

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = None

    @extend_schema(responses=PublicQuestionOutput(many=True), auth=[])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def _tender(self) -> Tender:
        if not hasattr(self, "tender"):
            self.tender = access.tender_get_for(
                user=self.request.user, tender_id=self.kwargs["tender_id"]
            )
        return self.tender

    def get_queryset(self) -> QuerySet[TenderQuestion]:
        return selectors.questions_visible_to(user=self.request.user, tender=self._tender())

    def get_serializer_class(self) -> Any:
        if access.is_buyer(self.request.user, self._tender()):
            return BuyerQuestionOutput
        return PublicQuestionOutput

    @extend_schema(request=QuestionAskInput, responses={201: PublicQuestionOutput})
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        data = QuestionAskInput(data=request.data)
        data.is_valid(raise_exception=True)
        supplier = access.supplier_for(request.user, data.validated_data.get("supplier"))
        question = services.question_ask(
            acting_user=signed_in_user(request),
            tender=tender,
            supplier=supplier,
            question=data.validated_data["question"],
        )
        return Response(PublicQuestionOutput(question).data, status=status.HTTP_201_CREATED)


class QuestionAnswerApi(APIView):
    @extend_schema(request=QuestionAnswerInput, responses=PublicQuestionOutput)
    def post(self, request: Request, tender_id: int, question_id: int) -> Response:
        """Answer and publish to everyone, without the asker's identity."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        question = access.question_get_for(
            user=request.user, tender=tender, question_id=question_id
        )
        data = QuestionAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_answer(
            acting_user=signed_in_user(request), question=question, **data.validated_data
        )
        return Response(PublicQuestionOutput(question).data)


# Bids ------------------------------------------------------------------------------------


def _bid_views(*, many: bool = False) -> PolymorphicProxySerializer:
    """A bid as its reader sees it: the bidder, its working copy and receipt; the buyer
    and evaluators, once opened, only what was submitted."""
    return PolymorphicProxySerializer(
        component_name="BidView",
        serializers=[BidOutput, OpenedBidOutput],
        resource_type_field_name=None,
        many=many,
    )


def _bid_output(user: User | Any, bid: Bid) -> dict[str, Any]:
    if suppliers_of(user).filter(pk=bid.supplier_id).exists():
        return BidOutput(bid).data
    return OpenedBidOutput(bid).data


class TenderBidListApi(generics.ListAPIView[Bid]):
    """Suppliers see their own bids. The buyer and evaluators get 403 while the bids
    are sealed (until closes_at, by the database clock), then what was submitted."""

    queryset = Bid.objects.none()  # for the schema: get_queryset scopes it

    pagination_class = None

    @extend_schema(responses=_bid_views(many=True))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def _tender(self) -> Tender:
        if not hasattr(self, "tender"):
            self.tender = access.tender_get_for(
                user=self.request.user, tender_id=self.kwargs["tender_id"]
            )
        return self.tender

    def get_queryset(self) -> QuerySet[Bid]:
        return selectors.bids_visible_to(user=self.request.user, tender=self._tender())

    def get_serializer_class(self) -> Any:
        tender = self._tender()
        if access.is_buyer(self.request.user, tender) or access.is_evaluator(
            self.request.user, tender
        ):
            return OpenedBidOutput
        return BidOutput

    @extend_schema(request=BidCreateInput, responses={201: BidOutput})
    def post(self, request: Request, tender_id: int) -> Response:
        """Start your organisation's draft bid."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        data = BidCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        supplier = access.supplier_for(request.user, fields.pop("supplier", None))
        bid = services.bid_create(
            acting_user=signed_in_user(request), tender=tender, supplier=supplier, **fields
        )
        bid = access.bid_get_for(user=request.user, bid_id=bid.pk)
        return Response(BidOutput(bid).data, status=status.HTTP_201_CREATED)


class BidDetailApi(APIView):
    @extend_schema(responses=_bid_views())
    def get(self, request: Request, bid_id: int) -> Response:
        bid = access.bid_get_for(user=request.user, bid_id=bid_id)
        return Response(_bid_output(request.user, bid))

    @extend_schema(request=BidUpdateInput, responses=BidOutput)
    def patch(self, request: Request, bid_id: int) -> Response:
        """Edit the working copy; submit again to seal the change."""
        bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        data = BidUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.bid_update(acting_user=signed_in_user(request), bid=bid, **data.validated_data)
        bid = access.bid_get_for(user=request.user, bid_id=bid_id)
        return Response(BidOutput(bid).data)


class BidSubmitApi(APIView):
    @extend_schema(request=None, responses={201: ReceiptOutput})
    def post(self, request: Request, bid_id: int) -> Response:
        """Submit (or resubmit) the bid before closes_at; the answer is your receipt."""
        bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        submission = services.bid_submit(acting_user=signed_in_user(request), bid=bid)
        return Response(ReceiptOutput(submission).data, status=status.HTTP_201_CREATED)


class BidWithdrawApi(APIView):
    @extend_schema(request=None, responses=BidOutput)
    def post(self, request: Request, bid_id: int) -> Response:
        bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        services.bid_withdraw(acting_user=signed_in_user(request), bid=bid)
        bid = access.bid_get_for(user=request.user, bid_id=bid_id)
        return Response(BidOutput(bid).data)


class BidAttachmentListApi(APIView):
    """The documents of your bid's working copy; submit the bid to seal them."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=BidAttachmentOutput(many=True))
    def get(self, request: Request, bid_id: int) -> Response:
        bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        attachments = selectors.bid_attachments_of(bid=bid)
        return Response(BidAttachmentOutput(attachments, many=True).data)

    @extend_schema(request=BidAttachmentInput, responses={201: BidAttachmentOutput})
    def post(self, request: Request, bid_id: int) -> Response:
        """Upload a document: its content must be an allowed type, under the size limit."""
        bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        data = BidAttachmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.bid_attachment_add(
            acting_user=signed_in_user(request), bid=bid, upload=data.validated_data["file"]
        )
        return Response(BidAttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class BidAttachmentDetailApi(APIView):
    @extend_schema(responses=DOWNLOAD_RESPONSES)
    def get(self, request: Request, bid_id: int, attachment_id: int) -> FileResponse:
        """Download a document: the bidder any of theirs; the buyer and evaluators, once
        the bid is opened, the ones it was submitted with."""
        attachment = access.bid_attachment_get_for(
            user=request.user, bid_id=bid_id, attachment_id=attachment_id
        )
        return attachment_response(attachment)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, bid_id: int, attachment_id: int) -> Response:
        access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        attachment = access.bid_attachment_get_for(
            user=request.user, bid_id=bid_id, attachment_id=attachment_id
        )
        services.bid_attachment_remove(acting_user=signed_in_user(request), attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Evaluation ------------------------------------------------------------------------------


class EvaluatorListApi(generics.ListAPIView[TenderUserObjectPermission]):
    """The tender's evaluators: for its buyer's officers."""

    queryset = TenderUserObjectPermission.objects.none()  # for the schema: get_queryset scopes it

    serializer_class = EvaluatorOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[TenderUserObjectPermission]:
        tender = access.tender_get_for(
            user=self.request.user, tender_id=self.kwargs["tender_id"], write=True
        )
        return selectors.evaluators_of(tender=tender)

    @extend_schema(request=EvaluatorAddInput, responses={201: EvaluatorOutput(many=True)})
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = EvaluatorAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        evaluator = access.user_by_email(data.validated_data["email"])
        services.evaluator_add(
            acting_user=signed_in_user(request), tender=tender, evaluator=evaluator
        )
        evaluators = selectors.evaluators_of(tender=tender)
        return Response(EvaluatorOutput(evaluators, many=True).data, status=status.HTTP_201_CREATED)


class EvaluationStartApi(APIView):
    @extend_schema(request=None, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        """Open the bids for evaluation, once the tender has closed."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        services.tender_evaluation_start(acting_user=signed_in_user(request), tender=tender)
        return _detail(request, tender_id)


class BidderListApi(generics.ListAPIView[Bid]):
    """Who bid, by name only, for evaluators to declare conflicts against. Sealed
    (403) until the tender closes, like the bids."""

    queryset = Bid.objects.none()  # for the schema: get_queryset scopes it

    serializer_class = BidderOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Bid]:
        tender = access.tender_get_for(user=self.request.user, tender_id=self.kwargs["tender_id"])
        access.require_evaluation_role(self.request.user, tender)
        return selectors.bidders_for_declaration(tender=tender)


class ConflictDeclarationApi(generics.ListAPIView[BidConflict]):
    """Your conflicts on this tender's bids: declared, and found automatically."""

    queryset = BidConflict.objects.none()  # for the schema: get_queryset scopes it

    serializer_class = ConflictOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Any]:
        tender = access.tender_get_for(user=self.request.user, tender_id=self.kwargs["tender_id"])
        return selectors.conflicts_of(user=signed_in_user(self.request), tender=tender)

    @extend_schema(request=DeclarationInput, responses={201: ConflictOutput(many=True)})
    def post(self, request: Request, tender_id: int) -> Response:
        """Declare before seeing any bid. Membership of a bidder, or an e-mail domain
        shared with its members, is flagged automatically."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        data = DeclarationInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = signed_in_user(request)
        conflicts = {item["bid"]: item["reason"] for item in data.validated_data["conflicts"]}
        services.evaluator_declare(acting_user=user, tender=tender, conflicts=conflicts)
        rows = selectors.conflicts_of(user=user, tender=tender)
        return Response(ConflictOutput(rows, many=True).data, status=status.HTTP_201_CREATED)


class BidScoreApi(generics.ListAPIView[EvaluatorScore]):
    """Your own scores for a bid; other evaluators' are never shown."""

    queryset = EvaluatorScore.objects.none()  # for the schema: get_queryset scopes it

    serializer_class = ScoreOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Any]:
        bid = access.bid_get_for(user=self.request.user, bid_id=self.kwargs["bid_id"])
        return selectors.my_scores(user=signed_in_user(self.request), bid=bid)

    @extend_schema(request=ScoreInput, responses=ScoreOutput(many=True))
    def post(self, request: Request, bid_id: int) -> Response:
        bid = access.bid_get_for(user=request.user, bid_id=bid_id)
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        scores = services.bid_score(
            acting_user=signed_in_user(request), bid=bid, scores=data.validated_data["scores"]
        )
        return Response(ScoreOutput(scores, many=True).data)


class BidModerationApi(APIView):
    @extend_schema(request=ModerationInput, responses=ModeratedScoreOutput(many=True))
    def post(self, request: Request, bid_id: int) -> Response:
        """Record the agreed score, with its rationale, for every scored criterion."""
        bid = access.bid_get_for(user=request.user, bid_id=bid_id)
        data = ModerationInput(data=request.data)
        data.is_valid(raise_exception=True)
        scores = services.bid_moderate(
            acting_user=signed_in_user(request), bid=bid, scores=data.validated_data["scores"]
        )
        return Response(ModeratedScoreOutput(scores, many=True).data)


class EvaluationSummaryApi(APIView):
    @extend_schema(responses=EvaluationRowOutput(many=True))
    def get(self, request: Request, tender_id: int) -> Response:
        """Agreed weighted scores, totals and ranks of every bid: for the buyer, after close."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        if access.bid_is_sealed(tender):
            raise ApplicationError(
                "Bids are sealed until the tender closes.", status_code=status.HTTP_403_FORBIDDEN
            )
        rows = selectors.evaluation_summary(tender=tender)
        return Response(EvaluationRowOutput(rows, many=True).data)


class TenderAwardApi(APIView):
    @extend_schema(request=AwardInput, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        """Choose the winner; the standstill period of 8 working days starts."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = AwardInput(data=request.data)
        data.is_valid(raise_exception=True)
        bid = access.bid_get_for(user=request.user, bid_id=data.validated_data["bid"])
        services.tender_award(acting_user=signed_in_user(request), tender=tender, bid=bid)
        return _detail(request, tender_id)


class TenderContractApi(APIView):
    @extend_schema(request=None, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        """Mark the contract awarded, after the standstill period."""
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        services.tender_contract_award(acting_user=signed_in_user(request), tender=tender)
        return _detail(request, tender_id)


class TenderNoAwardApi(APIView):
    @extend_schema(request=ReasonInput, responses=TenderDetailOutput)
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id, write=True)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.tender_no_award(
            acting_user=signed_in_user(request), tender=tender, **data.validated_data
        )
        return _detail(request, tender_id)


class BidAssessmentApi(APIView):
    @extend_schema(responses=AssessmentOutput)
    def get(self, request: Request, bid_id: int) -> Response:
        """Your scores and the winner's, per criterion: for the bidder, after the award."""
        bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
        return Response(AssessmentOutput(selectors.bid_assessment(bid=bid)).data)


# Saved searches and interest --------------------------------------------------------------


def _saved_search_delete(user: User, saved: SavedSearch) -> None:
    services.saved_search_delete(acting_user=user, saved_search=saved)


SAVED_SEARCHES = SavedSearchApi(
    model=SavedSearch,
    output=SavedSearchOutput,
    new=SavedSearchInput,
    owned_by=selectors.saved_searches_of,
    create=services.saved_search_create,
    get_for=access.saved_search_get_for,
    delete=_saved_search_delete,
)


class SavedSearchListApi(SavedSearchListView):
    """Your saved searches. You are told when a newly published tender matches one."""

    searches = SAVED_SEARCHES


class SavedSearchDetailApi(SavedSearchDetailView):
    searches = SAVED_SEARCHES


class TenderInterestApi(APIView):
    """Follow a tender: its answers, amendments and end are sent to you."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        services.tender_interest_register(acting_user=signed_in_user(request), tender=tender)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, tender_id: int) -> Response:
        tender = access.tender_get_for(user=request.user, tender_id=tender_id)
        services.tender_interest_withdraw(acting_user=signed_in_user(request), tender=tender)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Open data -------------------------------------------------------------------------------


class OcdsPackageApi(APIView):
    """Every release of every published tender, and of every planned re-procurement
    published from the contracts register, as one OCDS 1.1 release package.

    Until a tender or a plan is published there is no package: the schema requires at least one
    release, so an empty list would be an invalid package served as if it were valid.
    The answer is then 404 in the API's error shape, which harvesters treat as
    "nothing here yet" rather than as broken data."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="An OCDS 1.1 release package."),
            404: error_response("No tender published yet: there is no package to serve."),
        },
        auth=[],
    )
    def get(self, request: Request) -> Response:
        releases = list(selectors.ocds_releases())
        planned = list(contracts_selectors.planning_releases())
        if not releases and not planned:
            raise ApplicationError(
                "No tenders have been published yet.", status_code=status.HTTP_404_NOT_FOUND
            )
        published = max([r.date for r in releases] + [r.date for r in planned])
        planning = [planning_release_json(release) for release in planned]
        return Response(release_package(releases=releases, published=published, planning=planning))
