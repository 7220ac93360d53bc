"""Error responses outside DRF's views: an unknown /api/ address answers in the API's
error shape, any other page with a GOV.UK page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"message": "Not found.", "fields": {}}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"message": "Something went wrong on our side. Try again later.", "fields": {}},
            status=500,
        )
    # Rendered without the request's context processors: they may be what failed.
    return HttpResponse(get_template("500.html").render(), status=500)
