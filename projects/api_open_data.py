from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.open_data import catalogue_csv, dcat_catalogue


class DcatCatalogueApi(APIView):
    """Public projects and playbooks as a DCAT-AP JSON-LD catalogue (OGL v3)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT}, auth=[])
    def get(self, request: Request) -> Response:
        return Response(dcat_catalogue(), content_type="application/ld+json")


class CatalogueCsvApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR}, auth=[])
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(catalogue_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="loti-projects-playbooks.csv"'
        return response
