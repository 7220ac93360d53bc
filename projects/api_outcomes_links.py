"""A project's outcomes and links, item by item. Reading follows the project; writing
is editing the project: its organisations and co-authors only, each change taking the
project's next version. Changing or removing an item needs the project's ETag in
If-Match (428 without it, 412 when someone saved first); every write answers with the
new ETag."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.api.schema import error_response
from loti.api.users import signed_in_user
from projects import access, outcomes_links, selectors
from projects.api import expected_version, given_version, with_etag
from projects.serializers import (
    LinkInput,
    LinkOutput,
    LinkUpdateInput,
    OutcomeInput,
    OutcomeOutput,
    OutcomeUpdateInput,
)

STALE = error_response("Someone saved a newer version first: reload and edit that.")
MISSING = error_response("If-Match is missing: send the ETag you read.")
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description="The project's ETag."
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The project's ETag, if the addition must follow that version.",
)


class OutcomeListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=OutcomeOutput(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        return Response(OutcomeOutput(selectors.outcomes_of(project=project), many=True).data)

    @extend_schema(
        request=OutcomeInput,
        responses={201: OutcomeOutput, 412: STALE},
        parameters=[IF_MATCH_OPTIONAL],
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        version = given_version(request, project)
        data = OutcomeInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = outcomes_links.outcome_add(
            acting_user=signed_in_user(request),
            project=project,
            expected_version=version,
            **data.validated_data,
        )
        response = Response(OutcomeOutput(outcome).data, status=status.HTTP_201_CREATED)
        return with_etag(response, outcome.project)


class OutcomeDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=OutcomeOutput)
    def get(self, request: Request, project_id: int, outcome_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        outcome = access.outcome_get_for(project=project, outcome_id=outcome_id)
        return with_etag(Response(OutcomeOutput(outcome).data), project)

    @extend_schema(
        request=OutcomeUpdateInput,
        responses={200: OutcomeOutput, 412: STALE, 428: MISSING},
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, project_id: int, outcome_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        outcome = access.outcome_get_for(project=project, outcome_id=outcome_id)
        version = expected_version(request, project)
        data = OutcomeUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        outcome = outcomes_links.outcome_update(
            acting_user=signed_in_user(request),
            outcome=outcome,
            expected_version=version,
            changes=dict(data.validated_data),
        )
        return with_etag(Response(OutcomeOutput(outcome).data), outcome.project)

    @extend_schema(responses={204: None, 412: STALE, 428: MISSING}, parameters=[IF_MATCH])
    def delete(self, request: Request, project_id: int, outcome_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        outcome = access.outcome_get_for(project=project, outcome_id=outcome_id)
        project = outcomes_links.outcome_remove(
            acting_user=signed_in_user(request),
            outcome=outcome,
            expected_version=expected_version(request, project),
        )
        return with_etag(Response(status=status.HTTP_204_NO_CONTENT), project)


class LinkListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=LinkOutput(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        return Response(LinkOutput(selectors.links_of(project=project), many=True).data)

    @extend_schema(
        request=LinkInput, responses={201: LinkOutput, 412: STALE}, parameters=[IF_MATCH_OPTIONAL]
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        version = given_version(request, project)
        data = LinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        link = outcomes_links.link_add(
            acting_user=signed_in_user(request),
            project=project,
            expected_version=version,
            **data.validated_data,
        )
        response = Response(LinkOutput(link).data, status=status.HTTP_201_CREATED)
        return with_etag(response, link.project)


class LinkDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=LinkOutput)
    def get(self, request: Request, project_id: int, link_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        link = access.link_get_for(project=project, link_id=link_id)
        return with_etag(Response(LinkOutput(link).data), project)

    @extend_schema(
        request=LinkUpdateInput,
        responses={200: LinkOutput, 412: STALE, 428: MISSING},
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, project_id: int, link_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        link = access.link_get_for(project=project, link_id=link_id)
        version = expected_version(request, project)
        data = LinkUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        link = outcomes_links.link_update(
            acting_user=signed_in_user(request),
            link=link,
            expected_version=version,
            changes=dict(data.validated_data),
        )
        return with_etag(Response(LinkOutput(link).data), link.project)

    @extend_schema(responses={204: None, 412: STALE, 428: MISSING}, parameters=[IF_MATCH])
    def delete(self, request: Request, project_id: int, link_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        link = access.link_get_for(project=project, link_id=link_id)
        project = outcomes_links.link_remove(
            acting_user=signed_in_user(request),
            link=link,
            expected_version=expected_version(request, project),
        )
        return with_etag(Response(status=status.HTTP_204_NO_CONTENT), project)
