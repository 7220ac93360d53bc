from django.urls import include, path

from frontend import (
    views,
    views_challenges,
    views_challenges_judging,
    views_notifications,
    views_privacy,
    views_procurement,
    views_projects,
    views_suppliers,
    views_two_factor,
)

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", views_two_factor.sign_in_code, name="sign-in-code"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password-reset/", views.ResetRequestView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password-reset-complete"),
    path("account/", views.account, name="account"),
    # Data protection, and the statements linked from every page (frontend/views_privacy.py).
    path("account/your-data/", views_privacy.personal_data, name="personal-data"),
    path(
        "account/your-data/download/",
        views_privacy.personal_data_download,
        name="personal-data-download",
    ),
    path("account/delete/", views_privacy.account_delete, name="account-delete"),
    path("account/deleted/", views_privacy.account_deleted, name="account-deleted"),
    path("deletion-requests/", views_privacy.deletion_requests, name="deletion-requests"),
    path(
        "deletion-requests/<int:request_id>/",
        views_privacy.deletion_request,
        name="deletion-request",
    ),
    path("accessibility/", views_privacy.accessibility_statement, name="accessibility"),
    path("privacy/", views_privacy.privacy_notice, name="privacy"),
    path("account/two-factor/", views_two_factor.two_factor_status, name="two-factor"),
    path(
        "account/two-factor/set-up/",
        views_two_factor.two_factor_set_up,
        name="two-factor-set-up",
    ),
    path(
        "account/two-factor/recovery-codes/",
        views_two_factor.recovery_codes_renew,
        name="two-factor-recovery-codes",
    ),
    path(
        "account/two-factor/turn-off/",
        views_two_factor.two_factor_disable,
        name="two-factor-turn-off",
    ),
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation-members",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("suppliers/register/", views.supplier_register, name="supplier-register"),
    # Projects and playbooks (frontend/views_projects.py).
    path("projects/", views_projects.project_list, name="project-list"),
    path("projects/new/", views_projects.project_new, name="project-new"),
    path("projects/<int:project_id>/", views_projects.project_detail, name="project-detail"),
    path("projects/<int:project_id>/edit/", views_projects.project_edit, name="project-edit"),
    path(
        "projects/<int:project_id>/history/",
        views_projects.project_history,
        name="project-history",
    ),
    path(
        "projects/<int:project_id>/history/compare/",
        views_projects.project_compare,
        name="project-compare",
    ),
    path(
        "projects/<int:project_id>/outcomes/new/",
        views_projects.project_outcome_new,
        name="project-outcome-new",
    ),
    path(
        "projects/<int:project_id>/outcomes/<int:outcome_id>/",
        views_projects.project_outcome_edit,
        name="project-outcome",
    ),
    path(
        "projects/<int:project_id>/outcomes/<int:outcome_id>/remove/",
        views_projects.project_outcome_remove,
        name="project-outcome-remove",
    ),
    path(
        "projects/<int:project_id>/links/new/",
        views_projects.project_link_new,
        name="project-link-new",
    ),
    path(
        "projects/<int:project_id>/links/<int:link_id>/",
        views_projects.project_link_edit,
        name="project-link",
    ),
    path(
        "projects/<int:project_id>/links/<int:link_id>/remove/",
        views_projects.project_link_remove,
        name="project-link-remove",
    ),
    path("projects/<int:project_id>/follow/", views_projects.project_follow, name="project-follow"),
    path(
        "projects/<int:project_id>/comments/",
        views_projects.project_comment,
        name="project-comment",
    ),
    path(
        "projects/<int:project_id>/updates/",
        views_projects.project_status_update,
        name="project-status-update",
    ),
    path(
        "projects/<int:project_id>/coauthors/",
        views_projects.project_coauthor,
        name="project-coauthor",
    ),
    path(
        "projects/<int:project_id>/interest/",
        views_projects.project_interest,
        name="project-interest",
    ),
    path("projects/<int:project_id>/adopt/", views_projects.project_adopt, name="project-adopt"),
    path(
        "projects/<int:project_id>/attachments/",
        views_projects.project_attachment,
        name="project-attachment",
    ),
    path(
        "projects/<int:project_id>/feedback/",
        views_projects.project_feedback,
        name="project-feedback",
    ),
    path(
        "feedback/<int:feedback_id>/moderate/",
        views_projects.feedback_moderate,
        name="feedback-moderate",
    ),
    path(
        "interests/<int:interest_id>/answer/",
        views_projects.interest_answer,
        name="interest-answer",
    ),
    path("playbooks/", views_projects.playbook_list, name="playbook-list"),
    path("playbooks/new/", views_projects.playbook_new, name="playbook-new"),
    path("playbooks/<int:playbook_id>/", views_projects.playbook_detail, name="playbook-detail"),
    path("playbooks/<int:playbook_id>/edit/", views_projects.playbook_edit, name="playbook-edit"),
    path(
        "playbooks/<int:playbook_id>/publish/",
        views_projects.playbook_publish,
        name="playbook-publish",
    ),
    path(
        "playbooks/<int:playbook_id>/archive/",
        views_projects.playbook_archive,
        name="playbook-archive",
    ),
    path(
        "playbooks/<int:playbook_id>/adopt/",
        views_projects.playbook_adopt,
        name="playbook-adopt",
    ),
    path(
        "playbooks/<int:playbook_id>/versions/",
        views_projects.playbook_versions,
        name="playbook-versions",
    ),
    path(
        "playbooks/<int:playbook_id>/versions/compare/",
        views_projects.playbook_compare,
        name="playbook-compare",
    ),
    path("adoptions/<int:adoption_id>/", views_projects.adoption_detail, name="adoption-detail"),
    # The technology contracts register (frontend/urls_contracts.py).
    path("", include("frontend.urls_contracts")),
    # The tender board (frontend/views_procurement.py).
    path("tenders/", views_procurement.tender_list, name="tender-list"),
    path("suppliers/<slug:slug>/", views_suppliers.supplier_profile, name="supplier-profile"),
    path(
        "suppliers/<slug:slug>/edit/",
        views_suppliers.supplier_profile_edit,
        name="supplier-profile-edit",
    ),
    path("tenders/new/", views_procurement.tender_create, name="tender-create"),
    path(
        "tenders/saved-searches/",
        views_procurement.saved_search_list,
        name="saved-searches",
    ),
    path(
        "tenders/saved-searches/<int:saved_search_id>/delete/",
        views_procurement.saved_search_delete,
        name="saved-search-delete",
    ),
    path("tenders/<int:tender_id>/", views_procurement.tender_detail, name="tender-detail"),
    path("tenders/<int:tender_id>/edit/", views_procurement.tender_edit, name="tender-edit"),
    path(
        "tenders/<int:tender_id>/publish/",
        views_procurement.tender_publish,
        name="tender-publish",
    ),
    path("tenders/<int:tender_id>/amend/", views_procurement.tender_amend, name="tender-amend"),
    path(
        "tenders/<int:tender_id>/withdraw/",
        views_procurement.tender_end,
        {"ending": "withdraw"},
        name="tender-withdraw",
    ),
    path(
        "tenders/<int:tender_id>/cancel/",
        views_procurement.tender_end,
        {"ending": "cancel"},
        name="tender-cancel",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/no-award/",
        views_procurement.tender_end,
        {"ending": "no-award"},
        name="tender-no-award",
    ),
    path(
        "tenders/<int:tender_id>/documents/",
        views_procurement.tender_documents,
        name="tender-documents",
    ),
    path(
        "tenders/<int:tender_id>/documents/<int:document_id>/",
        views_procurement.tender_document_download,
        name="tender-document",
    ),
    path(
        "tenders/<int:tender_id>/documents/<int:document_id>/remove/",
        views_procurement.tender_document_remove,
        name="tender-document-remove",
    ),
    path(
        "tenders/<int:tender_id>/follow/",
        views_procurement.tender_interest,
        name="tender-follow",
    ),
    path(
        "tenders/<int:tender_id>/questions/",
        views_procurement.question_list,
        name="tender-questions",
    ),
    path(
        "tenders/<int:tender_id>/questions/ask/",
        views_procurement.question_ask,
        name="tender-question-ask",
    ),
    path(
        "tenders/<int:tender_id>/questions/<int:question_id>/answer/",
        views_procurement.question_answer,
        name="tender-question-answer",
    ),
    path("tenders/<int:tender_id>/bid/", views_procurement.bid_start, name="bid-start"),
    path(
        "tenders/<int:tender_id>/evaluation/",
        views_procurement.tender_evaluation,
        name="tender-evaluation",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/open-bids/",
        views_procurement.evaluation_start,
        name="tender-evaluation-start",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/evaluators/",
        views_procurement.evaluator_add,
        name="tender-evaluator-add",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/award/",
        views_procurement.tender_award,
        name="tender-award",
    ),
    path(
        "tenders/<int:tender_id>/evaluation/contract/",
        views_procurement.contract_award,
        name="tender-contract",
    ),
    path(
        "tenders/<int:tender_id>/conflicts/",
        views_procurement.conflicts_declare,
        name="tender-conflicts",
    ),
    path(
        "tenders/<int:tender_id>/evaluate/",
        views_procurement.tender_evaluate,
        name="tender-evaluate",
    ),
    path("bids/<int:bid_id>/", views_procurement.bid_detail, name="bid-detail"),
    path("bids/<int:bid_id>/submit/", views_procurement.bid_submit, name="bid-submit"),
    path("bids/<int:bid_id>/receipt/", views_procurement.bid_receipt, name="bid-receipt"),
    path(
        "bids/<int:bid_id>/receipt/submission.json",
        views_procurement.bid_receipt_json,
        name="bid-receipt-json",
    ),
    path("bids/<int:bid_id>/withdraw/", views_procurement.bid_withdraw, name="bid-withdraw"),
    path(
        "bids/<int:bid_id>/assessment/",
        views_procurement.bid_assessment,
        name="bid-assessment",
    ),
    path(
        "bids/<int:bid_id>/documents/",
        views_procurement.bid_attachment_upload,
        name="bid-attachment-upload",
    ),
    path(
        "bids/<int:bid_id>/documents/<int:attachment_id>/",
        views_procurement.bid_attachment_download,
        name="bid-attachment",
    ),
    path(
        "bids/<int:bid_id>/documents/<int:attachment_id>/remove/",
        views_procurement.bid_attachment_remove,
        name="bid-attachment-remove",
    ),
    path("bids/<int:bid_id>/score/", views_procurement.bid_score, name="bid-score"),
    path("bids/<int:bid_id>/moderate/", views_procurement.bid_moderate, name="bid-moderate"),
    # Open-call challenges (frontend/views_challenges.py and views_challenges_judging.py).
    path("challenges/", views_challenges.challenge_list, name="challenge-list"),
    path("challenges/new/", views_challenges.challenge_create, name="challenge-create"),
    path(
        "challenges/<int:challenge_id>/",
        views_challenges.challenge_detail,
        name="challenge-detail",
    ),
    path(
        "challenges/<int:challenge_id>/edit/",
        views_challenges.challenge_edit,
        name="challenge-edit",
    ),
    path(
        "challenges/<int:challenge_id>/invited/",
        views_challenges.challenge_invited,
        name="challenge-invited",
    ),
    path(
        "challenges/<int:challenge_id>/publish/",
        views_challenges.challenge_publish,
        name="challenge-publish",
    ),
    path(
        "challenges/<int:challenge_id>/cancel/",
        views_challenges.challenge_cancel,
        name="challenge-cancel",
    ),
    path(
        "challenges/<int:challenge_id>/questions/",
        views_challenges.question_list,
        name="challenge-questions",
    ),
    path(
        "challenges/<int:challenge_id>/questions/ask/",
        views_challenges.question_ask,
        name="challenge-question-ask",
    ),
    path(
        "challenges/<int:challenge_id>/questions/<int:question_id>/answer/",
        views_challenges.question_answer,
        name="challenge-question-answer",
    ),
    path(
        "challenges/<int:challenge_id>/enter/",
        views_challenges.entry_start,
        name="challenge-enter",
    ),
    path(
        "challenges/<int:challenge_id>/entries/",
        views_challenges.entry_list,
        name="challenge-entries",
    ),
    path(
        "challenges/<int:challenge_id>/rounds/new/",
        views_challenges_judging.round_create,
        name="challenge-round-create",
    ),
    path(
        "challenges/<int:challenge_id>/winners/",
        views_challenges_judging.decisions,
        name="challenge-decisions",
    ),
    path(
        "challenges/<int:challenge_id>/results/",
        views_challenges.challenge_results,
        name="challenge-results",
    ),
    path(
        "challenges/<int:challenge_id>/results/publish/",
        views_challenges.results_publish,
        name="challenge-results-publish",
    ),
    path(
        "challenges/entries/<int:entry_id>/",
        views_challenges.entry_detail,
        name="challenge-entry",
    ),
    path(
        "challenges/entries/<int:entry_id>/submit/",
        views_challenges.entry_submit,
        name="challenge-entry-submit",
    ),
    path(
        "challenges/entries/<int:entry_id>/receipt/",
        views_challenges.entry_receipt,
        name="challenge-entry-receipt",
    ),
    path(
        "challenges/entries/<int:entry_id>/receipt/submission.json",
        views_challenges.entry_receipt_json,
        name="challenge-entry-receipt-json",
    ),
    path(
        "challenges/entries/<int:entry_id>/withdraw/",
        views_challenges.entry_withdraw,
        name="challenge-entry-withdraw",
    ),
    path(
        "challenges/entries/<int:entry_id>/screening/",
        views_challenges.entry_screen,
        name="challenge-entry-screen",
    ),
    path(
        "challenges/entries/<int:entry_id>/documents/",
        views_challenges.entry_upload,
        name="challenge-entry-upload",
    ),
    path(
        "challenges/entries/<int:entry_id>/documents/<int:attachment_id>/",
        views_challenges.entry_document,
        name="challenge-entry-document",
    ),
    path(
        "challenges/entries/<int:entry_id>/documents/<int:attachment_id>/remove/",
        views_challenges.entry_document_remove,
        name="challenge-entry-document-remove",
    ),
    path(
        "challenges/rounds/<int:round_id>/",
        views_challenges_judging.round_detail,
        name="challenge-round",
    ),
    path(
        "challenges/rounds/<int:round_id>/edit/",
        views_challenges_judging.round_edit,
        name="challenge-round-edit",
    ),
    path(
        "challenges/rounds/<int:round_id>/panel/",
        views_challenges_judging.round_panel_invite,
        name="challenge-round-panel",
    ),
    path(
        "challenges/rounds/<int:round_id>/panel/<int:member_id>/remove/",
        views_challenges_judging.panel_member_remove,
        name="challenge-panel-remove",
    ),
    path(
        "challenges/rounds/<int:round_id>/panel/<int:member_id>/chair/",
        views_challenges_judging.panel_chair,
        name="challenge-panel-chair",
    ),
    path(
        "challenges/rounds/<int:round_id>/method/",
        views_challenges_judging.round_method,
        name="challenge-round-method",
    ),
    path(
        "challenges/rounds/<int:round_id>/start/",
        views_challenges_judging.round_start,
        name="challenge-round-start",
    ),
    path(
        "challenges/rounds/<int:round_id>/close/",
        views_challenges_judging.round_close,
        name="challenge-round-close",
    ),
    path(
        "challenges/rounds/<int:round_id>/declaration/",
        views_challenges_judging.declaration,
        name="challenge-round-declaration",
    ),
    path(
        "challenges/rounds/<int:round_id>/entries/<int:entry_id>/",
        views_challenges_judging.round_entry,
        name="challenge-round-entry",
    ),
    path(
        "challenges/rounds/<int:round_id>/entries/<int:entry_id>/documents/<int:attachment_id>/",
        views_challenges_judging.round_document,
        name="challenge-round-document",
    ),
    path(
        "challenges/rounds/<int:round_id>/conflicts/",
        views_challenges_judging.conflict_list,
        name="challenge-round-conflicts",
    ),
    path(
        "challenges/rounds/<int:round_id>/conflicts/<int:conflict_id>/decision/",
        views_challenges_judging.conflict_decision,
        name="challenge-conflict-decision",
    ),
    path(
        "challenges/rounds/<int:round_id>/assignments/",
        views_challenges_judging.assignments,
        name="challenge-round-assignments",
    ),
    path(
        "challenges/rounds/<int:round_id>/assignments/auto/",
        views_challenges_judging.assignments_auto,
        name="challenge-round-assignments-auto",
    ),
    path(
        "challenges/rounds/<int:round_id>/assignments/release/",
        views_challenges_judging.assignments_release,
        name="challenge-round-assignments-release",
    ),
    path(
        "challenges/assignments/<int:assignment_id>/remove/",
        views_challenges_judging.assignment_remove,
        name="challenge-assignment-remove",
    ),
    path(
        "challenges/assignment-batches/<int:batch_id>/undo/",
        views_challenges_judging.batch_undo,
        name="challenge-assignment-batch-undo",
    ),
    path(
        "challenges/rounds/<int:round_id>/results/",
        views_challenges_judging.round_results_page,
        name="challenge-round-results",
    ),
    path(
        "challenges/rounds/<int:round_id>/results.xlsx",
        views_challenges_judging.round_results_sheet,
        name="challenge-round-sheet",
    ),
    path(
        "challenges/rounds/<int:round_id>/advance/",
        views_challenges_judging.round_advance,
        name="challenge-round-advance",
    ),
    path(
        "challenges/judge-invitations/<str:token>/",
        views_challenges_judging.judge_invitation,
        name="challenge-judge-invitation",
    ),
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        views_notifications.notification_read,
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        views_notifications.notifications_read_all,
        name="notifications-read-all",
    ),
    path(
        "notifications/preferences/",
        views_notifications.notification_preferences,
        name="notification-preferences",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views_notifications.notifications_unsubscribe,
        name="notifications-unsubscribe",
    ),
]
