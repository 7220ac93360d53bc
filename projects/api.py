from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.api.errors import ApplicationError
from loti.api.pagination import CursorPagination
from loti.api.schema import error_response
from loti.api.users import signed_in_user
from projects import access, selectors, services
from projects.models import Phase, Project, Theme
from projects.serializers import (
    ProjectCreateInput,
    ProjectDetailOutput,
    ProjectListOutput,
    ProjectUpdateInput,
    project_list_output,
)


def etag(project: Project) -> str:
    return f'"project-{project.pk}-v{project.version}"'


def expected_version(request: Request, project: Project) -> int:
    """The version an edit was made from, read from If-Match (428 when absent)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise ApplicationError(
            "Send the project's ETag in an If-Match header, so an edit cannot overwrite a "
            "change you have not seen.",
            fields={"If-Match": ["This header is required."]},
            status_code=status.HTTP_428_PRECONDITION_REQUIRED,
        )
    match = re.fullmatch(r'(?:W/)?"project-(\d+)-v(\d+)"', header)
    if match is None or int(match.group(1)) != project.pk:
        raise services.PreconditionFailed(project)
    return int(match.group(2))


def given_version(request: Request, project: Project) -> int | None:
    """The version in If-Match when one is sent: for writes that need none, such as
    adding an outcome, but honour one that is given."""
    if not request.headers.get("If-Match", "").strip():
        return None
    return expected_version(request, project)


def with_etag(response: Response, project: Project) -> Response:
    """The response, carrying the ETag of the project at the version a write left it at."""
    response["ETag"] = etag(project)
    return response


def project_detail_data(project: Project) -> dict[str, Any]:
    """ProjectDetailOutput for a project fetched through access.project_get_for."""
    adopted_by = selectors.project_adopted_by(project=project)
    return ProjectDetailOutput(project, context={"adopted_by": adopted_by}).data


class ProjectPagination(CursorPagination):
    ordering = ("-updated_at", "-id")


class ProjectListApi(generics.ListAPIView[Project]):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = ProjectListOutput
    pagination_class = ProjectPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, required=False, description="Words to search for"),
            OpenApiParameter("theme", enum=Theme.values, required=False),
            OpenApiParameter("phase", enum=Phase.values, required=False),
            OpenApiParameter("organisation", str, required=False, description="Lead's slug"),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Project, dict[str, Any]]:  # type: ignore[override]
        params = self.request.query_params
        return selectors.project_list_rows(
            user=self.request.user,
            search=params.get("search", ""),
            theme=params.get("theme", ""),
            phase=params.get("phase", ""),
            organisation=params.get("organisation", ""),
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.get_queryset()
        # Ranked search results are one page of the best matches; cursor paging needs a
        # stable column order, which a relevance rank is not.
        if request.query_params.get("search", "").strip():
            results = project_list_output(rows[:50])
            return Response({"next": None, "previous": None, "results": results})
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(project_list_output(page or []))

    @extend_schema(request=ProjectCreateInput, responses={201: ProjectDetailOutput})
    def post(self, request: Request) -> Response:
        data = ProjectCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        user = signed_in_user(request)
        lead = access.public_body_acting_for(
            user=user, slug=fields.pop("lead_organisation", None), field="lead_organisation"
        )
        project = services.project_create(acting_user=user, lead_organisation=lead, **fields)
        project = access.project_get_for(user=request.user, project_id=project.pk)
        response = Response(project_detail_data(project), status=status.HTTP_201_CREATED)
        response["ETag"] = etag(project)
        return response


class ProjectDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ProjectDetailOutput)
    def get(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        response = Response(project_detail_data(project))
        response["ETag"] = etag(project)
        return response

    @extend_schema(
        request=ProjectUpdateInput,
        responses={
            200: ProjectDetailOutput,
            412: error_response("Someone saved a newer version first: reload and edit that."),
            428: error_response("If-Match is missing: send the ETag you read."),
        },
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
    )
    def patch(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        version = expected_version(request, project)
        data = ProjectUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.project_update(
            acting_user=signed_in_user(request),
            project=project,
            expected_version=version,
            changes=dict(data.validated_data),
        )
        project = access.project_get_for(user=request.user, project_id=project_id)
        response = Response(project_detail_data(project))
        response["ETag"] = etag(project)
        return response
