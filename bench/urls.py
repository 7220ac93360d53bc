"""The app's URLs, plus the framework floors and the naive peer under /bench/."""

from django.urls import path

from bench import floors, naive
from loti.urls import handler404, handler500
from loti.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/floor/tenders/", floors.tender_list_view, name="bench-floor-tenders"),
    path("bench/floor/tender-facets/", floors.tender_facets_view, name="bench-floor-facets"),
    path("bench/naive/projects/", naive.ProjectListApi.as_view(), name="bench-naive-projects"),
    *app_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
