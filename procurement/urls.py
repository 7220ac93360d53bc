from django.urls import path

from procurement import api, api_suppliers

urlpatterns = [
    path("tenders/", api.TenderListApi.as_view(), name="tender-list"),
    path("tenders/facets/", api.TenderFacetsApi.as_view(), name="tender-facets"),
    path("tenders/<int:tender_id>/", api.TenderDetailApi.as_view(), name="tender-detail"),
    path("tenders/<int:tender_id>/publish/", api.TenderPublishApi.as_view(), name="tender-publish"),
    path(
        "tenders/<int:tender_id>/amendments/",
        api.TenderAmendmentListApi.as_view(),
        name="tender-amendments",
    ),
    path(
        "tenders/<int:tender_id>/documents/",
        api.TenderDocumentListApi.as_view(),
        name="tender-documents",
    ),
    path(
        "tenders/<int:tender_id>/documents/<int:document_id>/",
        api.TenderDocumentDetailApi.as_view(),
        name="tender-document",
    ),
    path(
        "tenders/<int:tender_id>/withdraw/",
        api.TenderWithdrawApi.as_view(),
        name="tender-withdraw",
    ),
    path("tenders/<int:tender_id>/cancel/", api.TenderCancelApi.as_view(), name="tender-cancel"),
    path(
        "tenders/<int:tender_id>/questions/",
        api.QuestionListApi.as_view(),
        name="tender-questions",
    ),
    path(
        "tenders/<int:tender_id>/questions/<int:question_id>/answer/",
        api.QuestionAnswerApi.as_view(),
        name="tender-question-answer",
    ),
    path("tenders/<int:tender_id>/bids/", api.TenderBidListApi.as_view(), name="tender-bids"),
    path(
        "tenders/<int:tender_id>/evaluators/",
        api.EvaluatorListApi.as_view(),
        name="tender-evaluators",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/",
        api.EvaluationSummaryApi.as_view(),
        name="tender-evaluation",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/start/",
        api.EvaluationStartApi.as_view(),
        name="tender-evaluation-start",
    ),
    path("tenders/<int:tender_id>/bidders/", api.BidderListApi.as_view(), name="tender-bidders"),
    path(
        "tenders/<int:tender_id>/conflicts/",
        api.ConflictDeclarationApi.as_view(),
        name="tender-conflicts",
    ),
    path("tenders/<int:tender_id>/award/", api.TenderAwardApi.as_view(), name="tender-award"),
    path(
        "tenders/<int:tender_id>/contract/",
        api.TenderContractApi.as_view(),
        name="tender-contract",
    ),
    path(
        "tenders/<int:tender_id>/no-award/", api.TenderNoAwardApi.as_view(), name="tender-no-award"
    ),
    path("bids/<int:bid_id>/", api.BidDetailApi.as_view(), name="bid-detail"),
    path("bids/<int:bid_id>/submit/", api.BidSubmitApi.as_view(), name="bid-submit"),
    path("bids/<int:bid_id>/withdraw/", api.BidWithdrawApi.as_view(), name="bid-withdraw"),
    path(
        "bids/<int:bid_id>/attachments/",
        api.BidAttachmentListApi.as_view(),
        name="bid-attachments",
    ),
    path(
        "bids/<int:bid_id>/attachments/<int:attachment_id>/",
        api.BidAttachmentDetailApi.as_view(),
        name="bid-attachment",
    ),
    path("bids/<int:bid_id>/scores/", api.BidScoreApi.as_view(), name="bid-scores"),
    path("bids/<int:bid_id>/moderation/", api.BidModerationApi.as_view(), name="bid-moderation"),
    path("bids/<int:bid_id>/assessment/", api.BidAssessmentApi.as_view(), name="bid-assessment"),
    path(
        "tenders/<int:tender_id>/interest/",
        api.TenderInterestApi.as_view(),
        name="tender-interest",
    ),
    path("saved-searches/", api.SavedSearchListApi.as_view(), name="saved-search-list"),
    path(
        "saved-searches/<int:saved_search_id>/",
        api.SavedSearchDetailApi.as_view(),
        name="saved-search-detail",
    ),
    path("open-data/ocds/", api.OcdsPackageApi.as_view(), name="ocds-package"),
    path(
        "suppliers/<slug:slug>/profile/",
        api_suppliers.SupplierProfileApi.as_view(),
        name="supplier-profile",
    ),
]
