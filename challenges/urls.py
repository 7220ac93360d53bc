from django.urls import path

from challenges import api

urlpatterns = [
    path("challenges/", api.ChallengeListApi.as_view(), name="challenge-list"),
    path(
        "challenges/<int:challenge_id>/", api.ChallengeDetailApi.as_view(), name="challenge-detail"
    ),
    path(
        "challenges/<int:challenge_id>/publish/",
        api.ChallengePublishApi.as_view(),
        name="challenge-publish",
    ),
    path(
        "challenges/<int:challenge_id>/cancel/",
        api.ChallengeCancelApi.as_view(),
        name="challenge-cancel",
    ),
    path(
        "challenges/<int:challenge_id>/questions/",
        api.QuestionListApi.as_view(),
        name="challenge-questions",
    ),
    path(
        "challenges/<int:challenge_id>/questions/<int:question_id>/answer/",
        api.QuestionAnswerApi.as_view(),
        name="challenge-question-answer",
    ),
    path(
        "challenges/<int:challenge_id>/entries/",
        api.EntryListApi.as_view(),
        name="challenge-entries",
    ),
    path(
        "challenges/<int:challenge_id>/rounds/", api.RoundListApi.as_view(), name="challenge-rounds"
    ),
    path(
        "challenges/<int:challenge_id>/decisions/",
        api.DecisionApi.as_view(),
        name="challenge-decisions",
    ),
    path(
        "challenges/<int:challenge_id>/results/publish/",
        api.ResultsPublishApi.as_view(),
        name="challenge-results-publish",
    ),
    path(
        "challenges/<int:challenge_id>/results/",
        api.PublicResultsApi.as_view(),
        name="challenge-results",
    ),
    path(
        "challenges/<int:challenge_id>/open-data.json",
        api.OpenDataJsonApi.as_view(),
        name="challenge-open-data-json",
    ),
    path(
        "challenges/<int:challenge_id>/open-data.csv",
        api.OpenDataCsvApi.as_view(),
        name="challenge-open-data-csv",
    ),
    path("entries/<int:entry_id>/", api.EntryDetailApi.as_view(), name="entry-detail"),
    path("entries/<int:entry_id>/submit/", api.EntrySubmitApi.as_view(), name="entry-submit"),
    path("entries/<int:entry_id>/withdraw/", api.EntryWithdrawApi.as_view(), name="entry-withdraw"),
    path(
        "entries/<int:entry_id>/screening/", api.EntryScreeningApi.as_view(), name="entry-screening"
    ),
    path("entries/<int:entry_id>/feedback/", api.EntryFeedbackApi.as_view(), name="entry-feedback"),
    path(
        "entries/<int:entry_id>/attachments/",
        api.EntryAttachmentListApi.as_view(),
        name="entry-attachments",
    ),
    path(
        "entries/<int:entry_id>/attachments/<int:attachment_id>/",
        api.EntryAttachmentDetailApi.as_view(),
        name="entry-attachment",
    ),
    path("rounds/<int:round_id>/", api.RoundDetailApi.as_view(), name="round-detail"),
    path("rounds/<int:round_id>/start/", api.RoundStartApi.as_view(), name="round-start"),
    path("rounds/<int:round_id>/close/", api.RoundCloseApi.as_view(), name="round-close"),
    path("rounds/<int:round_id>/panel/", api.PanelApi.as_view(), name="round-panel"),
    path(
        "rounds/<int:round_id>/panel/<int:member_id>/",
        api.PanelMemberApi.as_view(),
        name="round-panel-member",
    ),
    path(
        "rounds/<int:round_id>/panel/<int:member_id>/chair/",
        api.PanelChairApi.as_view(),
        name="round-panel-chair",
    ),
    path(
        "rounds/<int:round_id>/declaration/",
        api.DeclarationApi.as_view(),
        name="round-declaration",
    ),
    path("rounds/<int:round_id>/conflicts/", api.ConflictListApi.as_view(), name="round-conflicts"),
    path(
        "rounds/<int:round_id>/assignments/",
        api.AssignmentListApi.as_view(),
        name="round-assignments",
    ),
    path(
        "rounds/<int:round_id>/assignments/loads/",
        api.AssignmentLoadsApi.as_view(),
        name="round-assignment-loads",
    ),
    path(
        "rounds/<int:round_id>/assignments/auto/",
        api.AssignmentAutoApi.as_view(),
        name="round-assignments-auto",
    ),
    path(
        "rounds/<int:round_id>/assignments/release/",
        api.AssignmentReleaseApi.as_view(),
        name="round-assignments-release",
    ),
    path("rounds/<int:round_id>/entries/", api.RoundEntryListApi.as_view(), name="round-entries"),
    path(
        "rounds/<int:round_id>/entries/<int:entry_id>/",
        api.RoundEntryDetailApi.as_view(),
        name="round-entry",
    ),
    path(
        "rounds/<int:round_id>/entries/<int:entry_id>/attachments/",
        api.RoundEntryAttachmentListApi.as_view(),
        name="round-entry-attachments",
    ),
    path(
        "rounds/<int:round_id>/entries/<int:entry_id>/attachments/<int:attachment_id>/",
        api.RoundEntryAttachmentDetailApi.as_view(),
        name="round-entry-attachment",
    ),
    path(
        "rounds/<int:round_id>/entries/<int:entry_id>/score/",
        api.ScoreApi.as_view(),
        name="round-entry-score",
    ),
    path("rounds/<int:round_id>/results/", api.RoundResultsApi.as_view(), name="round-results"),
    path(
        "rounds/<int:round_id>/results.xlsx",
        api.RoundResultsSheetApi.as_view(),
        name="round-results-xlsx",
    ),
    path(
        "rounds/<int:round_id>/results/chart.svg",
        api.RoundChartApi.as_view(),
        name="round-results-chart",
    ),
    path("rounds/<int:round_id>/advance/", api.RoundAdvanceApi.as_view(), name="round-advance"),
    path(
        "conflicts/<int:conflict_id>/decision/",
        api.ConflictDecisionApi.as_view(),
        name="conflict-decision",
    ),
    path(
        "assignments/<int:assignment_id>/",
        api.AssignmentDetailApi.as_view(),
        name="assignment-detail",
    ),
    path(
        "assignment-batches/<int:batch_id>/undo/",
        api.BatchUndoApi.as_view(),
        name="assignment-batch-undo",
    ),
    path(
        "judge-invitations/<str:token>/accept/",
        api.JudgeInvitationAcceptApi.as_view(),
        name="judge-invitation-accept",
    ),
]
