"""API around a project: revisions, follows, comments, feedback, updates, partners,
co-authors, adoption and attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from loti.accounts.selectors import active_user_by_email
from loti.api.errors import ApplicationError
from loti.api.users import signed_in_user
from loti.attachments import DOWNLOAD_RESPONSES, attachment_response
from projects import access, collaboration, selectors, services
from projects.api import project_detail_data
from projects.models import Comment, Project, ProjectRevision, PublicFeedback, StatusUpdate
from projects.serializers import (
    AttachmentInput,
    AttachmentOutput,
    CoauthorInput,
    CommentOutput,
    DecisionInput,
    FeedbackInput,
    FeedbackOutput,
    InterestOutput,
    OrganisationChoiceInput,
    ProjectDetailOutput,
    ProjectListOutput,
    RevisionChangeOutput,
    RevisionOutput,
    StatusUpdateInput,
    StatusUpdateOutput,
    TextInput,
)


class RevisionListApi(generics.ListAPIView[ProjectRevision]):
    queryset = ProjectRevision.objects.none()  # for the schema; get_queryset scopes it
    permission_classes = [AllowAny]
    serializer_class = RevisionOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[ProjectRevision]:
        project = access.project_get_for(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )
        return selectors.project_revisions(project=project)


class RevisionCompareApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, required=True),
            OpenApiParameter("to", int, required=True),
        ],
        responses=RevisionChangeOutput(many=True),
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        try:
            older, newer = int(request.query_params["from"]), int(request.query_params["to"])
        except (KeyError, ValueError) as error:
            raise ApplicationError(
                "Give two revision numbers, from and to.", field="from"
            ) from error
        changes = selectors.revisions_compare(project=project, older=older, newer=newer)
        return Response(RevisionChangeOutput(changes, many=True).data)


class FollowApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        collaboration.project_follow(acting_user=signed_in_user(request), project=project)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        collaboration.project_unfollow(acting_user=signed_in_user(request), project=project)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentListApi(generics.ListAPIView[Comment]):
    queryset = Comment.objects.none()  # for the schema; get_queryset scopes it
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = CommentOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Comment]:
        project = access.project_get_for(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )
        return selectors.comments_of(project=project)

    @extend_schema(request=TextInput, responses={201: CommentOutput})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        data = TextInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = collaboration.comment_add(
            acting_user=signed_in_user(request), project=project, **data.validated_data
        )
        return Response(CommentOutput(comment).data, status=status.HTTP_201_CREATED)


class FeedbackThrottle(AnonRateThrottle):
    scope = "public_feedback"
    rate = "5/hour"


class FeedbackListApi(generics.ListAPIView[PublicFeedback]):
    queryset = PublicFeedback.objects.none()  # for the schema; get_queryset scopes it
    """The public's feedback: anyone may send it about a public project; it is shown
    once the project's organisations approve it."""

    permission_classes = [AllowAny]
    serializer_class = FeedbackOutput
    pagination_class = None

    def get_throttles(self) -> list[Any]:
        return [FeedbackThrottle()] if self.request.method == "POST" else []

    def get_queryset(self) -> QuerySet[PublicFeedback]:
        project = access.project_get_for(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )
        return selectors.feedback_visible_to(user=self.request.user, project=project)

    @extend_schema(request=FeedbackInput, responses={201: FeedbackOutput}, auth=[])
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        data = FeedbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = collaboration.feedback_submit(project=project, **data.validated_data)
        return Response(FeedbackOutput(feedback).data, status=status.HTTP_201_CREATED)


class FeedbackModerateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=DecisionInput, responses=FeedbackOutput)
    def post(self, request: Request, feedback_id: int) -> Response:
        feedback = access.feedback_get_for(user=request.user, feedback_id=feedback_id)
        approve = _decision(request, "approve")
        feedback = collaboration.feedback_moderate(
            acting_user=signed_in_user(request), feedback=feedback, approve=approve
        )
        return Response(FeedbackOutput(feedback).data)


def _decision(request: Request, name: str) -> bool:
    data = DecisionInput(data=request.data)
    data.is_valid(raise_exception=True)
    if name not in data.validated_data:
        raise ApplicationError(f"Say true or false for {name}.", field=name)
    return bool(data.validated_data[name])


class StatusUpdateListApi(generics.ListAPIView[StatusUpdate]):
    queryset = StatusUpdate.objects.none()  # for the schema; get_queryset scopes it
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = StatusUpdateOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[StatusUpdate]:
        project = access.project_get_for(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )
        return selectors.status_updates_of(project=project)

    @extend_schema(request=StatusUpdateInput, responses={201: StatusUpdateOutput})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        data = StatusUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        update = collaboration.status_update_add(
            acting_user=signed_in_user(request), project=project, **data.validated_data
        )
        return Response(StatusUpdateOutput(update).data, status=status.HTTP_201_CREATED)


class InterestApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OrganisationChoiceInput, responses={201: InterestOutput})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        data = OrganisationChoiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        interest = collaboration.interest_request(
            acting_user=signed_in_user(request),
            project=project,
            organisation=access.organisation_named(slug=data.validated_data["organisation"]),
            message=data.validated_data["message"],
        )
        return Response(InterestOutput(interest).data, status=status.HTTP_201_CREATED)


class InterestAnswerApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=DecisionInput, responses=InterestOutput)
    def post(self, request: Request, interest_id: int) -> Response:
        interest = access.interest_get_for(user=request.user, interest_id=interest_id)
        interest = collaboration.interest_answer(
            acting_user=signed_in_user(request),
            interest=interest,
            accept=_decision(request, "accept"),
        )
        return Response(InterestOutput(interest).data)


class CoauthorApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CoauthorInput, responses={204: None})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        data = CoauthorInput(data=request.data)
        data.is_valid(raise_exception=True)
        person = active_user_by_email(email=data.validated_data["email"])
        if person is None:
            raise ApplicationError("Nobody with this e-mail address has an account.", field="email")
        services.project_coauthor_add(
            acting_user=signed_in_user(request), project=project, user=person
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectAdoptApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OrganisationChoiceInput, responses={201: ProjectDetailOutput})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        data = OrganisationChoiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.project_adopt(
            acting_user=signed_in_user(request),
            project=project,
            organisation=access.organisation_named(slug=data.validated_data["organisation"]),
        )
        copy = access.project_get_for(user=request.user, project_id=copy.pk)
        return Response(project_detail_data(copy), status=status.HTTP_201_CREATED)


class ProjectAdoptionListApi(generics.ListAPIView[Any]):
    queryset = Project.objects.none()  # for the schema; get_queryset scopes it
    permission_classes = [AllowAny]
    serializer_class = ProjectListOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Any]:
        project = access.project_get_for(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )
        return selectors.adoptions_of_project(user=self.request.user, project=project)


class AttachmentListApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [MultiPartParser]

    @extend_schema(responses=AttachmentOutput(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id)
        return Response(AttachmentOutput(selectors.attachments_of(project=project), many=True).data)

    @extend_schema(request=AttachmentInput, responses={201: AttachmentOutput})
    def post(self, request: Request, project_id: int) -> Response:
        project = access.project_get_for(user=request.user, project_id=project_id, write=True)
        data = AttachmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            acting_user=signed_in_user(request), project=project, upload=data.validated_data["file"]
        )
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDownloadApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=DOWNLOAD_RESPONSES)
    def get(self, request: Request, project_id: int, attachment_id: int) -> FileResponse:
        project = access.project_get_for(user=request.user, project_id=project_id)
        attachment = access.attachment_get_for(project=project, attachment_id=attachment_id)
        return attachment_response(attachment)
