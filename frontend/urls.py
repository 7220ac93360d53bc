from django.urls import path

from frontend import views, views_notifications, views_projects

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
    path("projects/", views_projects.project_list, name="project-list"),
    path("projects/<int:project_id>/", views_projects.project_detail, name="project-detail"),
    path("playbooks/<int:playbook_id>/", views_projects.playbook_detail, name="playbook-detail"),
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
