from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from loti.accounts import access, selectors, services, sign_in, two_factor
from loti.accounts.models import Invitation, Membership, Organisation
from loti.accounts.serializers import (
    InvitationAcceptInput,
    InvitationCreateInput,
    InvitationOutput,
    InvitationPreviewOutput,
    MemberOutput,
    MembershipOutput,
    MemberUpdateInput,
    MeOutput,
    OrganisationCreateInput,
    OrganisationOutput,
    OrganisationUpdateInput,
    SupplierRegisterInput,
    SupplierRegisterOutput,
    TokenInput,
    TokenOutput,
)
from loti.api.errors import ApplicationError
from loti.api.pagination import CursorPagination
from loti.api.users import signed_in_user


class SignInThrottle(AnonRateThrottle):
    scope = "sign_in"
    rate = "20/minute"


class TokenApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [SignInThrottle]

    @extend_schema(request=TokenInput, responses=TokenOutput, auth=[])
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"].lower(),
            password=data.validated_data["password"],
        )
        if user is None and sign_in.is_locked_out(request._request):
            raise ApplicationError(
                sign_in.locked_out_message(), status_code=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if user is None:
            raise ApplicationError(
                "The e-mail address or password is not right.",
                fields={"password": ["The e-mail address or password is not right."]},
                status_code=status.HTTP_400_BAD_REQUEST,
            )
        two_factor.two_factor_check_for_token(user=user, code=data.validated_data["otp"])
        token = services.api_token_issue(user=user)
        return Response(TokenOutput({"token": token}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        """Sign the API token out: it stops working at once."""
        if not request.user.is_authenticated:
            # DRF's own error, so the 401 carries the WWW-Authenticate header it must.
            raise NotAuthenticated("Sign in first.")
        services.api_token_revoke(user=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        user = selectors.user_with_memberships(user=signed_in_user(request))
        return Response(MeOutput(user).data)


class OrganisationPagination(CursorPagination):
    ordering = ("name", "id")


class OrganisationListApi(generics.ListAPIView[Organisation]):
    serializer_class = OrganisationOutput
    pagination_class = OrganisationPagination

    @extend_schema(
        parameters=[OpenApiParameter("kind", enum=Organisation.Kind.values, required=False)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Organisation]:
        kind = self.request.query_params.get("kind")
        if kind and kind not in Organisation.Kind.values:
            raise ApplicationError(
                f"Kind must be one of: {', '.join(Organisation.Kind.values)}.", field="kind"
            )
        return selectors.organisations_list(kind=kind)

    @extend_schema(request=OrganisationCreateInput, responses={201: OrganisationOutput})
    def post(self, request: Request) -> Response:
        data = OrganisationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = services.organisation_create(
            acting_user=signed_in_user(request), **data.validated_data
        )
        return Response(OrganisationOutput(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailApi(APIView):
    @extend_schema(responses=OrganisationOutput)
    def get(self, request: Request, slug: str) -> Response:
        organisation = access.organisation_get_for(user=request.user, slug=slug)
        return Response(OrganisationOutput(organisation).data)

    @extend_schema(request=OrganisationUpdateInput, responses=OrganisationOutput)
    def patch(self, request: Request, slug: str) -> Response:
        organisation = access.organisation_get_for(user=request.user, slug=slug)
        data = OrganisationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = services.organisation_update(
            acting_user=signed_in_user(request), organisation=organisation, **data.validated_data
        )
        return Response(OrganisationOutput(organisation).data)


class MemberListApi(generics.ListAPIView[Membership]):
    # Names the model for the schema generator, which has no slug to look one up with.
    queryset = Membership.objects.none()
    serializer_class = MemberOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Membership]:
        organisation = access.organisation_get_as_member(
            user=self.request.user, slug=self.kwargs["slug"]
        )
        return selectors.members_of_organisation(organisation=organisation)


class MemberDetailApi(APIView):
    @extend_schema(request=MemberUpdateInput, responses=MemberOutput)
    def patch(self, request: Request, slug: str, user_id: int) -> Response:
        membership = access.membership_get_for(user=request.user, slug=slug, user_id=user_id)
        data = MemberUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_role_change(
            acting_user=signed_in_user(request),
            membership=membership,
            role=data.validated_data["role"],
        )
        return Response(MemberOutput(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, user_id: int) -> Response:
        membership = access.membership_get_for(user=request.user, slug=slug, user_id=user_id)
        services.membership_end(acting_user=signed_in_user(request), membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationListApi(generics.ListAPIView[Invitation]):
    # Names the model for the schema generator, which has no slug to look one up with.
    queryset = Invitation.objects.none()
    serializer_class = InvitationOutput

    def get_queryset(self) -> QuerySet[Invitation]:
        organisation = self._organisation_as_admin()
        return selectors.invitations_of_organisation(organisation=organisation)

    def _organisation_as_admin(self) -> Organisation:
        return access.organisation_get_as_admin(
            user=self.request.user, slug=self.kwargs["slug"], action="manage invitations"
        )

    @extend_schema(request=InvitationCreateInput, responses={201: InvitationOutput})
    def post(self, request: Request, slug: str) -> Response:
        organisation = self._organisation_as_admin()
        data = InvitationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            acting_user=signed_in_user(request), organisation=organisation, **data.validated_data
        )
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, invitation_id: int) -> Response:
        invitation = access.invitation_get_for(
            user=request.user, slug=slug, invitation_id=invitation_id
        )
        services.invitation_revoke(acting_user=signed_in_user(request), invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationTokenApi(APIView):
    """Anyone holding the link may read what it invites them to, and accept it."""

    permission_classes = [AllowAny]

    @extend_schema(responses=InvitationPreviewOutput, auth=[])
    def get(self, request: Request, token: str) -> Response:
        invitation = services.invitation_from_token(token)
        preview = selectors.invitation_preview(invitation=invitation)
        return Response(InvitationPreviewOutput(preview).data)


class InvitationAcceptApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=InvitationAcceptInput, responses={201: MembershipOutput})
    def post(self, request: Request, token: str) -> Response:
        data = InvitationAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.invitation_accept(
            token=token,
            acting_user=signed_in_user(request) if request.user.is_authenticated else None,
            **data.validated_data,
        )
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)


class SupplierRegisterApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [SignInThrottle]

    @extend_schema(request=SupplierRegisterInput, responses={201: SupplierRegisterOutput}, auth=[])
    def post(self, request: Request) -> Response:
        data = SupplierRegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation, user = services.supplier_register(**data.validated_data)
        output = SupplierRegisterOutput({"organisation": organisation, "email": user.email})
        return Response(output.data, status=status.HTTP_201_CREATED)
