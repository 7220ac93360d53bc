"""The naive peer: the straightforward design of the officer's project list.

Visibility is a django-guardian permission row per object and organisation group
(seeded by bench.seed.naive_permissions_ensure), read with guardian's
`get_objects_for_user`; the output is a DRF `ModelSerializer`. As the straightforward
design is written, the nested lead organisation is read per row (ModelSerializer does
not join it); `?related=1` adds select_related, to show how much of the gap that is.
Pages are cursor pages in the app's order, so both return the same rows.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet
from guardian.shortcuts import get_objects_for_user
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bench.seed import NAIVE_PERMISSION
from loti.accounts.models import Organisation
from loti.api.pagination import CursorPagination
from projects.models import Project


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    lead_organisation = OrganisationSerializer()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "summary",
            "phase",
            "themes",
            "tags",
            "visibility",
            "lead_organisation",
            "updated_at",
            "version",
        ]


class NaivePagination(CursorPagination):
    ordering = ("-updated_at", "-id")


def naive_projects(user: Any, search: str = "", *, related: bool = False) -> QuerySet[Project]:
    projects: QuerySet[Project] = get_objects_for_user(user, NAIVE_PERMISSION, klass=Project)
    if related:
        projects = projects.select_related("lead_organisation")
    if search.strip():
        query = SearchQuery(search, search_type="websearch", config="english")
        return (
            projects.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-updated_at", "-id")
        )
    return projects


class ProjectListApi(generics.ListAPIView[Project]):
    serializer_class = ProjectSerializer
    pagination_class = NaivePagination

    def get_queryset(self) -> QuerySet[Project]:
        params = self.request.query_params
        return naive_projects(
            self.request.user, params.get("search", ""), related=params.get("related") == "1"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.query_params.get("search", "").strip():
            data = self.get_serializer(self.get_queryset()[:50], many=True).data
            return Response({"next": None, "previous": None, "results": data})
        return super().list(request, *args, **kwargs)
