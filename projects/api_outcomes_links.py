"""A project's outcomes and links, item by item. Reading follows the project; writing
is editing the project: its organisations and co-authors only, each change taking the
project's next version. Changing or removing an item needs the project's ETag in
If-Match (428 without it, 412 when someone saved first); every write answers with the
new ETag.

Both kinds are served by the same two views, ItemListApi and ItemDetailApi; an
ItemApi says which kind, and extend_schema_view gives each its own schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.api.schema import error_response
from loti.api.users import signed_in_user
from projects import access, outcomes_links, selectors
from projects.api import expected_version, given_version, with_etag
from projects.models import Project
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


@dataclass(frozen=True)
class ItemApi:
    """One kind of item as the API serves it."""

    kind: outcomes_links.ItemKind[Any]
    listed: Callable[..., QuerySet[Any]]  # the selector: listed(project=…)
    output: type[serializers.ModelSerializer[Any]]
    new: type[serializers.Serializer[Any]]
    changes: type[serializers.Serializer[Any]]
    url_id: str  # the URL argument naming one item: "outcome_id"


OUTCOMES = ItemApi(
    kind=outcomes_links.OUTCOMES,
    listed=selectors.outcomes_of,
    output=OutcomeOutput,
    new=OutcomeInput,
    changes=OutcomeUpdateInput,
    url_id="outcome_id",
)
LINKS = ItemApi(
    kind=outcomes_links.LINKS,
    listed=selectors.links_of,
    output=LinkOutput,
    new=LinkInput,
    changes=LinkUpdateInput,
    url_id="link_id",
)


def _list_schema(api: ItemApi) -> Callable[[type[ItemListApi]], type[ItemListApi]]:
    return extend_schema_view(
        get=extend_schema(responses=api.output(many=True)),
        post=extend_schema(
            request=api.new,
            responses={201: api.output, 412: STALE},
            parameters=[IF_MATCH_OPTIONAL],
        ),
    )


def _detail_schema(api: ItemApi) -> Callable[[type[ItemDetailApi]], type[ItemDetailApi]]:
    return extend_schema_view(
        get=extend_schema(responses=api.output),
        patch=extend_schema(
            request=api.changes,
            responses={200: api.output, 412: STALE, 428: MISSING},
            parameters=[IF_MATCH],
        ),
        delete=extend_schema(
            responses={204: None, 412: STALE, 428: MISSING}, parameters=[IF_MATCH]
        ),
    )


class ItemListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    items: ClassVar[ItemApi]

    def get(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        return Response(self.items.output(self.items.listed(project=project), many=True).data)

    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        version = given_version(request, project)
        data = self.items.new(data=request.data)
        data.is_valid(raise_exception=True)
        item = outcomes_links.item_add(
            self.items.kind,
            acting_user=signed_in_user(request),
            project=project,
            values=dict(data.validated_data),
            expected_version=version,
        )
        response = Response(self.items.output(item).data, status=status.HTTP_201_CREATED)
        return with_etag(response, item.project)


class ItemDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    items: ClassVar[ItemApi]

    def _item(self, project: Project, ids: dict[str, int]) -> Any:
        kind = self.items.kind
        item_id = ids[self.items.url_id]
        return access.project_item_get_for(
            project=project, model=kind.model, item_id=item_id, noun=kind.noun
        )

    def get(self, request: Request, project_id: int, **ids: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        item = self._item(project, ids)
        return with_etag(Response(self.items.output(item).data), project)

    def patch(self, request: Request, project_id: int, **ids: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        item = self._item(project, ids)
        version = expected_version(request, project)
        data = self.items.changes(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        item = outcomes_links.item_update(
            self.items.kind,
            acting_user=signed_in_user(request),
            item=item,
            expected_version=version,
            changes=dict(data.validated_data),
        )
        return with_etag(Response(self.items.output(item).data), item.project)

    def delete(self, request: Request, project_id: int, **ids: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        item = self._item(project, ids)
        project = outcomes_links.item_remove(
            self.items.kind,
            acting_user=signed_in_user(request),
            item=item,
            expected_version=expected_version(request, project),
        )
        return with_etag(Response(status=status.HTTP_204_NO_CONTENT), project)


@_list_schema(OUTCOMES)
class OutcomeListApi(ItemListApi):
    items = OUTCOMES


@_detail_schema(OUTCOMES)
class OutcomeDetailApi(ItemDetailApi):
    items = OUTCOMES


@_list_schema(LINKS)
class LinkListApi(ItemListApi):
    items = LINKS


@_detail_schema(LINKS)
class LinkDetailApi(ItemDetailApi):
    items = LINKS
