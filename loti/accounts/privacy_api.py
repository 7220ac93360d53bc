"""Data protection API: download your data, ask for deletion, and (network
administrators) confirm a deletion that had to wait."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.accounts import privacy_access, privacy_selectors, privacy_services
from loti.accounts.models import DeletionRequest
from loti.accounts.privacy_serializers import (
    DeletionInput,
    DeletionRequestOutput,
    PersonalDataOutput,
    personal_data_filename,
)
from loti.api.errors import ApplicationError
from loti.api.pagination import CursorPagination
from loti.api.users import signed_in_user


class PersonalDataApi(APIView):
    @extend_schema(
        responses=PersonalDataOutput,
        description="Everything held about you, as a JSON file to keep (sent as an attachment).",
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        data = privacy_services.personal_data_export(acting_user=user)
        response = Response(PersonalDataOutput(data, context={"user": user}).data)
        response["Content-Disposition"] = f'attachment; filename="{personal_data_filename(data)}"'
        return response


class AccountDeletionApi(APIView):
    @extend_schema(responses=DeletionRequestOutput)
    def get(self, request: Request) -> Response:
        """Your deletion request that is waiting for a network administrator, if any."""
        pending = privacy_selectors.deletion_request_pending(user=signed_in_user(request))
        if pending is None:
            raise Http404("You have no deletion request waiting.")
        return Response(DeletionRequestOutput(pending).data)

    @extend_schema(
        request=DeletionInput,
        responses={
            200: OpenApiResponse(DeletionRequestOutput, description="Deleted: status completed."),
            202: OpenApiResponse(
                DeletionRequestOutput,
                description="Waiting for a network administrator: status pending, with holds.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Delete your account: your name and e-mail address are replaced by a pseudonym,
        you are signed out everywhere and cannot sign in again."""
        data = DeletionInput(data=request.data)
        data.is_valid(raise_exception=True)
        deletion = privacy_services.account_deletion_request(
            acting_user=signed_in_user(request), password=data.validated_data["password"]
        )
        done = deletion.status == DeletionRequest.Status.COMPLETED
        return Response(
            DeletionRequestOutput(deletion).data,
            status=status.HTTP_200_OK if done else status.HTTP_202_ACCEPTED,
        )


class DeletionRequestPagination(CursorPagination):
    ordering = ("-requested_at", "-id")


class DeletionRequestListApi(generics.ListAPIView[DeletionRequest]):
    """Every deletion request for network administrators; your own for anyone else."""

    # Names the model for the schema generator, which has no signed-in person.
    queryset = DeletionRequest.objects.none()
    serializer_class = DeletionRequestOutput
    pagination_class = DeletionRequestPagination

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=DeletionRequest.Status.values, required=False)]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[DeletionRequest]:
        wanted = self.request.query_params.get("status")
        if wanted and wanted not in DeletionRequest.Status.values:
            raise ApplicationError(
                f"Status must be one of: {', '.join(DeletionRequest.Status.values)}.",
                field="status",
            )
        return privacy_selectors.deletion_requests_visible_to(
            user=signed_in_user(self.request), status=wanted
        )


class DeletionRequestDetailApi(APIView):
    @extend_schema(responses=DeletionRequestOutput)
    def get(self, request: Request, request_id: int) -> Response:
        deletion = privacy_access.deletion_request_get_for(user=request.user, request_id=request_id)
        return Response(DeletionRequestOutput(deletion).data)


class DeletionRequestConfirmApi(APIView):
    @extend_schema(request=None, responses=DeletionRequestOutput)
    def post(self, request: Request, request_id: int) -> Response:
        """Carry out a waiting deletion (network administrators)."""
        deletion = privacy_access.deletion_request_get_for(user=request.user, request_id=request_id)
        deletion = privacy_services.deletion_request_confirm(
            acting_user=signed_in_user(request), request=deletion
        )
        return Response(DeletionRequestOutput(deletion).data)
