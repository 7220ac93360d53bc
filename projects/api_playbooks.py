from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.api.errors import ApplicationError
from loti.api.pagination import CursorPagination
from loti.api.users import signed_in_user
from projects import access, playbooks, selectors
from projects.models import Adoption, Playbook, PlaybookVersion, Theme
from projects.serializers import (
    AdoptionOutput,
    AdoptionStepInput,
    AdoptionStepOutput,
    OrganisationChoiceInput,
    PlaybookCreateInput,
    PlaybookDetailOutput,
    PlaybookListOutput,
    PlaybookUpdateInput,
    PublishInput,
    SearchResultOutput,
    VersionCompareOutput,
    VersionOutput,
)


class PlaybookPagination(CursorPagination):
    ordering = ("-updated_at", "-id")


class PlaybookListApi(generics.ListAPIView[Playbook]):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = PlaybookListOutput
    pagination_class = PlaybookPagination

    @extend_schema(parameters=[OpenApiParameter("theme", enum=Theme.values, required=False)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Playbook]:
        return selectors.playbooks_visible_to(
            user=self.request.user, theme=self.request.query_params.get("theme", "")
        )

    @extend_schema(request=PlaybookCreateInput, responses={201: PlaybookDetailOutput})
    def post(self, request: Request) -> Response:
        data = PlaybookCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        user = signed_in_user(request)
        owner = access.public_body_acting_for(
            user=user, slug=fields.pop("owner", None), field="owner"
        )
        playbook = playbooks.playbook_create(acting_user=user, owner=owner, **fields)
        return Response(
            PlaybookDetailOutput(selectors.playbook_detail(playbook=playbook, user=user)).data,
            status=status.HTTP_201_CREATED,
        )


class PlaybookDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=PlaybookDetailOutput)
    def get(self, request: Request, playbook_id: int) -> Response:
        playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
        return Response(
            PlaybookDetailOutput(
                selectors.playbook_detail(playbook=playbook, user=request.user)
            ).data
        )

    @extend_schema(request=PlaybookUpdateInput, responses=PlaybookDetailOutput)
    def patch(self, request: Request, playbook_id: int) -> Response:
        playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
        data = PlaybookUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = signed_in_user(request)
        playbook = playbooks.playbook_draft_update(
            acting_user=user, playbook=playbook, changes=dict(data.validated_data)
        )
        return Response(
            PlaybookDetailOutput(selectors.playbook_detail(playbook=playbook, user=user)).data
        )


class PlaybookPublishApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=PublishInput, responses={201: VersionOutput})
    def post(self, request: Request, playbook_id: int) -> Response:
        playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
        data = PublishInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = playbooks.playbook_publish(
            acting_user=signed_in_user(request), playbook=playbook, **data.validated_data
        )
        return Response(VersionOutput(version).data, status=status.HTTP_201_CREATED)


class VersionListApi(generics.ListAPIView[PlaybookVersion]):
    queryset = PlaybookVersion.objects.none()  # for the schema; get_queryset scopes it
    permission_classes = [AllowAny]
    serializer_class = VersionOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[PlaybookVersion]:
        playbook = access.playbook_get_for(
            user=self.request.user, playbook_id=self.kwargs["playbook_id"]
        )
        return selectors.playbook_versions(playbook=playbook)


class VersionCompareApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, required=True),
            OpenApiParameter("to", int, required=True),
        ],
        responses=VersionCompareOutput,
    )
    def get(self, request: Request, playbook_id: int) -> Response:
        playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
        older, newer = selectors.playbook_versions_to_compare(
            playbook=playbook,
            older=request.query_params.get("from", ""),
            newer=request.query_params.get("to", ""),
        )
        comparison = playbooks.versions_compare(older.steps, newer.steps)
        return Response(VersionCompareOutput(comparison).data)


class PlaybookAdoptApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OrganisationChoiceInput, responses={201: AdoptionOutput})
    def post(self, request: Request, playbook_id: int) -> Response:
        playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
        data = OrganisationChoiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        adoption = playbooks.playbook_adopt(
            acting_user=signed_in_user(request),
            playbook=playbook,
            organisation=access.organisation_named(slug=data.validated_data["organisation"]),
        )
        adoption = access.adoption_get_for(user=request.user, adoption_id=adoption.pk)
        return Response(AdoptionOutput(adoption).data, status=status.HTTP_201_CREATED)


class AdoptionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=AdoptionOutput)
    def get(self, request: Request, adoption_id: int) -> Response:
        adoption = access.adoption_get_for(user=request.user, adoption_id=adoption_id)
        return Response(AdoptionOutput(adoption).data)


class AdoptionStepApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AdoptionStepInput, responses=AdoptionStepOutput)
    def patch(self, request: Request, adoption_id: int, key: str) -> Response:
        adoption: Adoption = access.adoption_get_for(user=request.user, adoption_id=adoption_id)
        data = AdoptionStepInput(data=request.data)
        data.is_valid(raise_exception=True)
        step = playbooks.adoption_step_update(
            acting_user=signed_in_user(request),
            adoption=adoption,
            key=key,
            status_value=data.validated_data["status"],
            notes=data.validated_data.get("notes"),
        )
        return Response(AdoptionStepOutput(step).data)


class SearchApi(APIView):
    """Projects and playbooks together, best match first, only what you may see."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True),
            OpenApiParameter("theme", enum=Theme.values, required=False),
            OpenApiParameter("phase", str, required=False),
            OpenApiParameter("organisation", str, required=False),
            OpenApiParameter("charter_complete", bool, required=False),
        ],
        responses=SearchResultOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        if not params.get("q", "").strip():
            raise ApplicationError("Enter words to search for.", field="q")
        charter = params.get("charter_complete")
        results = selectors.search_everything(
            user=request.user,
            search=params["q"],
            theme=params.get("theme", ""),
            phase=params.get("phase", ""),
            organisation=params.get("organisation", ""),
            charter_complete=None if charter is None else charter.lower() in {"1", "true", "yes"},
        )
        return Response(SearchResultOutput(results, many=True).data)


class SimilarApi(APIView):
    """Existing work like the project you are about to start."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("text", str, required=True)],
        responses=SearchResultOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        results = selectors.similar_to(user=request.user, text=request.query_params.get("text", ""))
        return Response(SearchResultOutput(results, many=True).data)
