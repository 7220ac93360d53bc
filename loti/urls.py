from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from loti.audit.api import AuditEventListApi
from loti.health import healthz

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("loti.accounts.urls")),
    path("", include("loti.accounts.privacy_urls")),
    path("", include("projects.urls")),
    path("", include("procurement.urls")),
    path("", include("procurement.urls_contracts")),
    path("", include("challenges.urls")),
    path("", include("loti.notifications.urls")),
    path("audit-events/", AuditEventListApi.as_view(), name="audit-event-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from its own URL, not inline: the
    # Content Security Policy allows no inline script. Our template moves its styles
    # out to a file as well.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="frontend/api_docs.html"
        ),
        name="docs",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The admin signs people in through the service's own sign-in, which throttles
    # guessing and asks for the two-factor code.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="frontend:sign-in", query_string=True),
        name="admin-sign-in",
    ),
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"))),
    path("", include("frontend.urls")),
]

handler404 = "loti.api.handlers.not_found"
handler500 = "loti.api.handlers.server_error"
