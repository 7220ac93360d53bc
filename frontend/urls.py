from django.urls import path

from frontend import views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
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
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation-members",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("suppliers/register/", views.supplier_register, name="supplier-register"),
]
