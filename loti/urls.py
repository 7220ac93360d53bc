from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from loti.audit.api import AuditEventListApi
from loti.health import healthz

api_patterns = [
    path("", include("loti.accounts.urls")),
    path("", include("projects.urls")),
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
