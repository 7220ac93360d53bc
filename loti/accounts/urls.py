from django.urls import path

from loti.accounts import api

urlpatterns = [
    path("auth/token/", api.TokenApi.as_view(), name="auth-token"),
    path("me/", api.MeApi.as_view(), name="me"),
    path("organisations/", api.OrganisationListApi.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        api.OrganisationDetailApi.as_view(),
        name="organisation-detail",
    ),
    path("organisations/<slug:slug>/members/", api.MemberListApi.as_view(), name="member-list"),
    path(
        "organisations/<slug:slug>/members/<int:user_id>/",
        api.MemberDetailApi.as_view(),
        name="member-detail",
    ),
    path(
        "organisations/<slug:slug>/invitations/",
        api.InvitationListApi.as_view(),
        name="invitation-list",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/",
        api.InvitationDetailApi.as_view(),
        name="invitation-detail",
    ),
    path("invitations/<str:token>/", api.InvitationTokenApi.as_view(), name="invitation-token"),
    path(
        "invitations/<str:token>/accept/",
        api.InvitationAcceptApi.as_view(),
        name="invitation-accept",
    ),
    path("suppliers/register/", api.SupplierRegisterApi.as_view(), name="supplier-register"),
]
