from django.urls import path

from projects import api, api_collaboration, api_open_data, api_outcomes_links, api_playbooks

P = "projects/<int:project_id>"
B = "playbooks/<int:playbook_id>"

urlpatterns = [
    path("projects/", api.ProjectListApi.as_view(), name="project-list"),
    path("projects/similar/", api_playbooks.SimilarApi.as_view(), name="project-similar"),
    path(f"{P}/", api.ProjectDetailApi.as_view(), name="project-detail"),
    path(f"{P}/outcomes/", api_outcomes_links.OutcomeListApi.as_view(), name="project-outcomes"),
    path(
        f"{P}/outcomes/<int:outcome_id>/",
        api_outcomes_links.OutcomeDetailApi.as_view(),
        name="project-outcome",
    ),
    path(f"{P}/links/", api_outcomes_links.LinkListApi.as_view(), name="project-links"),
    path(
        f"{P}/links/<int:link_id>/",
        api_outcomes_links.LinkDetailApi.as_view(),
        name="project-link",
    ),
    path(f"{P}/revisions/", api_collaboration.RevisionListApi.as_view(), name="project-revisions"),
    path(
        f"{P}/revisions/compare/",
        api_collaboration.RevisionCompareApi.as_view(),
        name="project-revisions-compare",
    ),
    path(f"{P}/follow/", api_collaboration.FollowApi.as_view(), name="project-follow"),
    path(f"{P}/comments/", api_collaboration.CommentListApi.as_view(), name="project-comments"),
    path(f"{P}/feedback/", api_collaboration.FeedbackListApi.as_view(), name="project-feedback"),
    path(f"{P}/updates/", api_collaboration.StatusUpdateListApi.as_view(), name="project-updates"),
    path(f"{P}/interest/", api_collaboration.InterestApi.as_view(), name="project-interest"),
    path(f"{P}/coauthors/", api_collaboration.CoauthorApi.as_view(), name="project-coauthors"),
    path(f"{P}/adopt/", api_collaboration.ProjectAdoptApi.as_view(), name="project-adopt"),
    path(
        f"{P}/adoptions/",
        api_collaboration.ProjectAdoptionListApi.as_view(),
        name="project-adoptions",
    ),
    path(
        f"{P}/attachments/",
        api_collaboration.AttachmentListApi.as_view(),
        name="project-attachments",
    ),
    path(
        f"{P}/attachments/<int:attachment_id>/",
        api_collaboration.AttachmentDownloadApi.as_view(),
        name="project-attachment",
    ),
    path(
        "feedback/<int:feedback_id>/moderate/",
        api_collaboration.FeedbackModerateApi.as_view(),
        name="feedback-moderate",
    ),
    path(
        "interests/<int:interest_id>/answer/",
        api_collaboration.InterestAnswerApi.as_view(),
        name="interest-answer",
    ),
    path("playbooks/", api_playbooks.PlaybookListApi.as_view(), name="playbook-list"),
    path(f"{B}/", api_playbooks.PlaybookDetailApi.as_view(), name="playbook-detail"),
    path(f"{B}/publish/", api_playbooks.PlaybookPublishApi.as_view(), name="playbook-publish"),
    path(f"{B}/versions/", api_playbooks.VersionListApi.as_view(), name="playbook-versions"),
    path(
        f"{B}/versions/compare/",
        api_playbooks.VersionCompareApi.as_view(),
        name="playbook-versions-compare",
    ),
    path(f"{B}/adopt/", api_playbooks.PlaybookAdoptApi.as_view(), name="playbook-adopt"),
    path(
        "adoptions/<int:adoption_id>/",
        api_playbooks.AdoptionDetailApi.as_view(),
        name="adoption-detail",
    ),
    path(
        "adoptions/<int:adoption_id>/steps/<str:key>/",
        api_playbooks.AdoptionStepApi.as_view(),
        name="adoption-step",
    ),
    path("search/", api_playbooks.SearchApi.as_view(), name="search"),
    path("open-data/dcat/", api_open_data.DcatCatalogueApi.as_view(), name="open-data-dcat"),
    path(
        "open-data/projects-and-playbooks.csv",
        api_open_data.CatalogueCsvApi.as_view(),
        name="open-data-csv",
    ),
]
