from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from loti.audit.api import AuditEventListApi
from loti.health import healthz

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("loti.accounts.urls")),
    path("", include("projects.urls")),
    path("", include("procurement.urls")),
    path("", include("procurement.urls_contracts")),
    path("", include("challenges.urls")),
    path("", include("loti.notifications.urls")),
    path("audit-events/", AuditEventListApi.as_view(), name="audit-event-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"))),
    path("", include("frontend.urls")),
]

handler404 = "loti.api.handlers.not_found"
handler500 = "loti.api.handlers.server_error"
