from django.urls import path

from loti.accounts import privacy_api

urlpatterns = [
    path("me/personal-data/", privacy_api.PersonalDataApi.as_view(), name="personal-data"),
    path("me/deletion/", privacy_api.AccountDeletionApi.as_view(), name="account-deletion"),
    path(
        "deletion-requests/",
        privacy_api.DeletionRequestListApi.as_view(),
        name="deletion-request-list",
    ),
    path(
        "deletion-requests/<int:request_id>/",
        privacy_api.DeletionRequestDetailApi.as_view(),
        name="deletion-request-detail",
    ),
    path(
        "deletion-requests/<int:request_id>/confirm/",
        privacy_api.DeletionRequestConfirmApi.as_view(),
        name="deletion-request-confirm",
    ),
]
