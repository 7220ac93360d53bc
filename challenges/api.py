"""The challenges API. Each view parses, fetches through access, calls one service or
selector, and serializes."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from challenges import access, exports, judging, selectors, services
from challenges.charts import judge_distribution_svg
from challenges.models import (
    Assignment,
    Challenge,
    ChallengeQuestion,
    ChallengeStatus,
    Entry,
    EntryAttachment,
    EntryConflict,
    PanelMember,
    Round,
    ScoreSheet,
)
from challenges.results import round_results
from challenges.serializers import (
    AdvanceInput,
    AdvanceOutput,
    AssignmentInput,
    AssignmentOutput,
    BatchOutput,
    ChallengeCreateInput,
    ChallengeDecisionInput,
    ChallengeDetailOutput,
    ChallengeFieldsInput,
    ChallengeListOutput,
    ChallengeOwnerQuestionOutput,
    ChallengePublicQuestionOutput,
    ChallengeQuestionAnswerInput,
    ChallengeQuestionAskInput,
    ChallengeReasonInput,
    ConflictDecisionInput,
    DeclarationEntryOutput,
    DeclarationMakeInput,
    EntryAttachmentInput,
    EntryAttachmentOutput,
    EntryConflictOutput,
    EntryCreateInput,
    EntryFeedbackOutput,
    EntryFieldsInput,
    EntryOutput,
    EntryReceiptOutput,
    JudgeAcceptInput,
    JudgeEntryOutput,
    LoadsOutput,
    OwnerChallengeOutput,
    PanelInviteInput,
    PanelMemberOutput,
    PanelRemovalOutput,
    PublicResultsOutput,
    ReleaseOutput,
    RoundCreateInput,
    RoundFieldsInput,
    RoundOutput,
    RoundResultsOutput,
    ScoreSheetInput,
    ScoreSheetOutput,
    ScreeningInput,
    SealedDocumentOutput,
)
from loti.api.errors import ApplicationError
from loti.api.users import signed_in_user
from loti.attachments import DOWNLOAD_RESPONSES, attachment_response


def _detail(request: Request, challenge_id: int, *, code: int = status.HTTP_200_OK) -> Response:
    challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
    serializer = (
        OwnerChallengeOutput if access.is_owner(request.user, challenge) else ChallengeDetailOutput
    )
    return Response(serializer(challenge).data, status=code)


def _round(request: Request, round_id: int, *, code: int = status.HTTP_200_OK) -> Response:
    round_ = access.round_get_for(user=request.user, round_id=round_id)
    return Response(RoundOutput(round_).data, status=code)


class ChallengeListApi(generics.ListAPIView[Challenge]):
    """Challenges you may see: public ones to anyone, network ones to LOTI members,
    invite-only ones to the organisations invited; drafts to their owners."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = ChallengeListOutput

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=ChallengeStatus.values, required=False)],
        auth=[],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Challenge]:
        wanted = self.request.query_params.get("status", "")
        if wanted and wanted not in ChallengeStatus.values:
            raise ApplicationError(
                f"Status must be one of: {', '.join(ChallengeStatus.values)}.", field="status"
            )
        return selectors.challenges_visible_to(user=self.request.user, status=wanted)

    @extend_schema(request=ChallengeCreateInput, responses={201: OwnerChallengeOutput})
    def post(self, request: Request) -> Response:
        data = ChallengeCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        owner = access.owner_organisation_for(request.user, fields.pop("owner", None))
        challenge = services.challenge_create(
            acting_user=signed_in_user(request), owner=owner, **fields
        )
        return _detail(request, challenge.pk, code=status.HTTP_201_CREATED)


class ChallengeDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ChallengeDetailOutput, auth=[])
    def get(self, request: Request, challenge_id: int) -> Response:
        return _detail(request, challenge_id)

    @extend_schema(request=ChallengeFieldsInput, responses=OwnerChallengeOutput)
    def patch(self, request: Request, challenge_id: int) -> Response:
        """Edit a draft; a published challenge's terms are fixed."""
        challenge = access.challenge_get_for(
            user=request.user, challenge_id=challenge_id, write=True
        )
        data = ChallengeFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.challenge_update(
            acting_user=signed_in_user(request), challenge=challenge, changes=data.validated_data
        )
        return _detail(request, challenge_id)


class ChallengePublishApi(APIView):
    @extend_schema(request=None, responses=OwnerChallengeOutput)
    def post(self, request: Request, challenge_id: int) -> Response:
        challenge = access.challenge_get_for(
            user=request.user, challenge_id=challenge_id, write=True
        )
        services.challenge_publish(acting_user=signed_in_user(request), challenge=challenge)
        return _detail(request, challenge_id)


class ChallengeCancelApi(APIView):
    @extend_schema(request=ChallengeReasonInput, responses=OwnerChallengeOutput)
    def post(self, request: Request, challenge_id: int) -> Response:
        """Cancel before a decision; every entrant is told the reason."""
        challenge = access.challenge_get_for(
            user=request.user, challenge_id=challenge_id, write=True
        )
        data = ChallengeReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.challenge_cancel(
            acting_user=signed_in_user(request), challenge=challenge, **data.validated_data
        )
        return _detail(request, challenge_id)


# Questions -------------------------------------------------------------------------------


class QuestionListApi(generics.ListAPIView[ChallengeQuestion]):
    """Published Q&As (never the asker); your own questions; the owners see all."""

    queryset = ChallengeQuestion.objects.none()  # for the schema: get_queryset scopes it
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = None

    @extend_schema(responses=ChallengePublicQuestionOutput(many=True), auth=[])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def _challenge(self) -> Challenge:
        if not hasattr(self, "challenge"):
            self.challenge = access.challenge_get_for(
                user=self.request.user, challenge_id=self.kwargs["challenge_id"]
            )
        return self.challenge

    def get_queryset(self) -> QuerySet[ChallengeQuestion]:
        return selectors.questions_visible_to(user=self.request.user, challenge=self._challenge())

    def get_serializer_class(self) -> Any:
        if access.is_owner(self.request.user, self._challenge()):
            return ChallengeOwnerQuestionOutput
        return ChallengePublicQuestionOutput

    @extend_schema(
        request=ChallengeQuestionAskInput, responses={201: ChallengePublicQuestionOutput}
    )
    def post(self, request: Request, challenge_id: int) -> Response:
        challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
        data = ChallengeQuestionAskInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_ask(
            acting_user=signed_in_user(request), challenge=challenge, **data.validated_data
        )
        return Response(
            ChallengePublicQuestionOutput(question).data, status=status.HTTP_201_CREATED
        )


class QuestionAnswerApi(APIView):
    @extend_schema(request=ChallengeQuestionAnswerInput, responses=ChallengePublicQuestionOutput)
    def post(self, request: Request, challenge_id: int, question_id: int) -> Response:
        """Answer and publish to everyone, without the asker's identity."""
        challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
        question = access.question_get_for(
            user=request.user, challenge=challenge, question_id=question_id
        )
        data = ChallengeQuestionAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_answer(
            acting_user=signed_in_user(request), question=question, **data.validated_data
        )
        return Response(ChallengePublicQuestionOutput(question).data)


# Entries ---------------------------------------------------------------------------------


class EntryListApi(generics.ListAPIView[Entry]):
    """Your organisation's entries; the owners see every submitted entry."""

    queryset = Entry.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = EntryOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Entry]:
        challenge = access.challenge_get_for(
            user=self.request.user, challenge_id=self.kwargs["challenge_id"]
        )
        return selectors.entries_of_challenge(user=self.request.user, challenge=challenge)

    @extend_schema(request=EntryCreateInput, responses={201: EntryOutput})
    def post(self, request: Request, challenge_id: int) -> Response:
        """Start your organisation's draft entry."""
        challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
        data = EntryCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        supplier = access.supplier_for(
            request.user, fields.pop("supplier", None), challenge=challenge
        )
        entry = services.entry_create(
            acting_user=signed_in_user(request), challenge=challenge, supplier=supplier, **fields
        )
        entry = access.entry_get_for(user=request.user, entry_id=entry.pk)
        return Response(EntryOutput(entry).data, status=status.HTTP_201_CREATED)


class EntryDetailApi(APIView):
    @extend_schema(responses=EntryOutput)
    def get(self, request: Request, entry_id: int) -> Response:
        entry = access.entry_get_for(user=request.user, entry_id=entry_id)
        return Response(EntryOutput(entry).data)

    @extend_schema(request=EntryFieldsInput, responses=EntryOutput)
    def patch(self, request: Request, entry_id: int) -> Response:
        """Edit the working copy until the challenge closes; submit again to seal it."""
        entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
        data = EntryFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.entry_update(
            acting_user=signed_in_user(request), entry=entry, changes=data.validated_data
        )
        return Response(
            EntryOutput(access.entry_get_for(user=request.user, entry_id=entry_id)).data
        )


class EntrySubmitApi(APIView):
    @extend_schema(request=None, responses={201: EntryReceiptOutput})
    def post(self, request: Request, entry_id: int) -> Response:
        """Submit (or resubmit) before the deadline; the answer is your receipt."""
        entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
        submission = services.entry_submit(acting_user=signed_in_user(request), entry=entry)
        return Response(EntryReceiptOutput(submission).data, status=status.HTTP_201_CREATED)


class EntryWithdrawApi(APIView):
    @extend_schema(request=None, responses=EntryOutput)
    def post(self, request: Request, entry_id: int) -> Response:
        entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
        services.entry_withdraw(acting_user=signed_in_user(request), entry=entry)
        return Response(
            EntryOutput(access.entry_get_for(user=request.user, entry_id=entry_id)).data
        )


class EntryScreeningApi(APIView):
    @extend_schema(request=ScreeningInput, responses=EntryOutput)
    def post(self, request: Request, entry_id: int) -> Response:
        """The owners mark a submitted entry eligible, or not with a reason the entrant sees."""
        entry = access.entry_get_for(user=request.user, entry_id=entry_id)
        data = ScreeningInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.entry_screen(
            acting_user=signed_in_user(request), entry=entry, **data.validated_data
        )
        return Response(
            EntryOutput(access.entry_get_for(user=request.user, entry_id=entry_id)).data
        )


class EntryAttachmentListApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses=EntryAttachmentOutput(many=True))
    def get(self, request: Request, entry_id: int) -> Response:
        """The entrant's people see their working set; the owners, exactly the documents
        sealed with the latest submission (none added since, none removed since left out)."""
        entry = access.entry_get_for(user=request.user, entry_id=entry_id)
        documents = selectors.entry_documents_for(user=request.user, entry=entry)
        return Response(EntryAttachmentOutput(documents, many=True).data)

    @extend_schema(request=EntryAttachmentInput, responses={201: EntryAttachmentOutput})
    def post(self, request: Request, entry_id: int) -> Response:
        entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
        data = EntryAttachmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.entry_attachment_add(
            acting_user=signed_in_user(request), entry=entry, upload=data.validated_data["file"]
        )
        return Response(EntryAttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class EntryAttachmentDetailApi(APIView):
    @extend_schema(responses=DOWNLOAD_RESPONSES)
    def get(self, request: Request, entry_id: int, attachment_id: int) -> FileResponse:
        attachment = access.attachment_get_for(
            user=request.user, entry_id=entry_id, attachment_id=attachment_id
        )
        return attachment_response(attachment)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, entry_id: int, attachment_id: int) -> Response:
        access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
        attachment = access.attachment_get_for(
            user=request.user, entry_id=entry_id, attachment_id=attachment_id
        )
        services.entry_attachment_remove(acting_user=signed_in_user(request), attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntryFeedbackApi(APIView):
    @extend_schema(responses=EntryFeedbackOutput(many=True))
    def get(self, request: Request, entry_id: int) -> Response:
        """The judges' feedback for the entrant, released when the results are published."""
        entry = access.entry_get_for(user=request.user, entry_id=entry_id)
        if entry.challenge.status != ChallengeStatus.PUBLISHED:
            raise ApplicationError(
                "Feedback is released when the results are announced.",
                status_code=status.HTTP_409_CONFLICT,
            )
        return Response(EntryFeedbackOutput(selectors.feedback_for(entry=entry), many=True).data)


# Rounds ----------------------------------------------------------------------------------


class RoundListApi(generics.ListAPIView[Round]):
    """The challenge's judging rounds: for its owners and judges."""

    queryset = Round.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = RoundOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Round]:
        challenge = access.challenge_get_for(
            user=self.request.user, challenge_id=self.kwargs["challenge_id"]
        )
        access.require_owner_or_panel(self.request.user, challenge)
        return selectors.rounds_of(challenge=challenge)

    @extend_schema(request=RoundCreateInput, responses={201: RoundOutput})
    def post(self, request: Request, challenge_id: int) -> Response:
        """Add the next round with its rubric: weights total 100."""
        challenge = access.challenge_get_for(
            user=request.user, challenge_id=challenge_id, write=True
        )
        data = RoundCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = judging.round_create(
            acting_user=signed_in_user(request), challenge=challenge, **data.validated_data
        )
        return _round(request, round_.pk, code=status.HTTP_201_CREATED)


class RoundDetailApi(APIView):
    @extend_schema(responses=RoundOutput)
    def get(self, request: Request, round_id: int) -> Response:
        return _round(request, round_id)

    @extend_schema(request=RoundFieldsInput, responses=RoundOutput)
    def patch(self, request: Request, round_id: int) -> Response:
        """Change the round. The chair may pick the method until the first score is in."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        data = RoundFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        judging.round_update(
            acting_user=signed_in_user(request), round_=round_, changes=data.validated_data
        )
        return _round(request, round_id)


class PanelMemberApi(APIView):
    @extend_schema(responses=PanelRemovalOutput)
    def delete(self, request: Request, round_id: int, member_id: int) -> Response:
        """Take a judge off the panel, or withdraw an invitation (the owners or the chair).
        Entries they had not scored go back to be assigned; scores they gave stop
        counting and stay in the audit log. Not the chair, not once scoring is closed."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        member = access.panel_member_get_for(user=request.user, round_=round_, member_id=member_id)
        outcome = judging.panel_member_remove(acting_user=signed_in_user(request), member=member)
        return Response(PanelRemovalOutput(outcome).data)


class PanelChairApi(APIView):
    @extend_schema(request=None, responses=PanelMemberOutput)
    def post(self, request: Request, round_id: int, member_id: int) -> Response:
        """Make a judge who has joined the panel its chair; the chair before stays a judge."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        member = access.panel_member_get_for(user=request.user, round_=round_, member_id=member_id)
        member = judging.panel_chair_set(acting_user=signed_in_user(request), member=member)
        return Response(PanelMemberOutput(member).data)


class RoundStartApi(APIView):
    @extend_schema(request=None, responses=RoundOutput)
    def post(self, request: Request, round_id: int) -> Response:
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        judging.round_start(acting_user=signed_in_user(request), round_=round_)
        return _round(request, round_id)


class RoundCloseApi(APIView):
    @extend_schema(request=None, responses=RoundOutput)
    def post(self, request: Request, round_id: int) -> Response:
        """End scoring (the owners or the chair): no score is accepted after, the ranking
        is recorded, and the next round can start."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        judging.round_close(acting_user=signed_in_user(request), round_=round_)
        return _round(request, round_id)


class PanelApi(generics.ListAPIView[PanelMember]):
    queryset = PanelMember.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = PanelMemberOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[PanelMember]:
        round_ = access.round_get_for(user=self.request.user, round_id=self.kwargs["round_id"])
        return selectors.panel_of(round_=round_)

    @extend_schema(request=PanelInviteInput, responses={201: PanelMemberOutput})
    def post(self, request: Request, round_id: int) -> Response:
        """Invite a judge (or the chair) by e-mail: they join by the signed link."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        data = PanelInviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = judging.panel_invite(
            acting_user=signed_in_user(request), round_=round_, **data.validated_data
        )
        return Response(PanelMemberOutput(member).data, status=status.HTTP_201_CREATED)


class JudgeInvitationAcceptApi(APIView):
    """Whoever holds the link: signed in as the address invited, or creating that account."""

    permission_classes = [AllowAny]

    @extend_schema(request=JudgeAcceptInput, responses={201: PanelMemberOutput})
    def post(self, request: Request, token: str) -> Response:
        data = JudgeAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = judging.judge_invitation_accept(
            token=token,
            acting_user=signed_in_user(request) if request.user.is_authenticated else None,
            **data.validated_data,
        )
        return Response(PanelMemberOutput(member).data, status=status.HTTP_201_CREATED)


class DeclarationApi(generics.ListAPIView[Entry]):
    """What you declare against: the round's entries (in a blind round, titles only)."""

    queryset = Entry.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = DeclarationEntryOutput
    pagination_class = None

    def _round(self) -> Round:
        if not hasattr(self, "round_"):
            self.round_ = access.round_get_for(
                user=self.request.user, round_id=self.kwargs["round_id"]
            )
        return self.round_

    def get_queryset(self) -> QuerySet[Entry]:
        return selectors.declaration_entries(round_=self._round())

    def get_serializer_context(self) -> dict[str, Any]:
        hidden = access.identity_hidden(self.request.user, self._round())
        return {**super().get_serializer_context(), "hide_identity": hidden}

    @extend_schema(request=DeclarationMakeInput, responses={201: EntryConflictOutput(many=True)})
    def post(self, request: Request, round_id: int) -> Response:
        """Declare, once, before seeing any entry: empty lists mean no conflict."""
        round_ = self._round()
        data = DeclarationMakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = signed_in_user(request)
        judging.declaration_make(acting_user=user, round_=round_, **data.validated_data)
        conflicts = selectors.conflicts_for(user=user, round_=round_)
        return Response(
            EntryConflictOutput(conflicts, many=True).data, status=status.HTTP_201_CREATED
        )


class ConflictListApi(generics.ListAPIView[EntryConflict]):
    """The chair sees every conflict on the round's entries; a judge their own."""

    queryset = EntryConflict.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = EntryConflictOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[EntryConflict]:
        round_ = access.round_get_for(user=self.request.user, round_id=self.kwargs["round_id"])
        return selectors.conflicts_for(user=self.request.user, round_=round_)


class ConflictDecisionApi(APIView):
    @extend_schema(request=ConflictDecisionInput, responses=EntryConflictOutput)
    def post(self, request: Request, conflict_id: int) -> Response:
        """The chair confirms or dismisses a flagged conflict."""
        conflict = access.conflict_get_for(user=request.user, conflict_id=conflict_id)
        data = ConflictDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        conflict = judging.conflict_decide(
            acting_user=signed_in_user(request), conflict=conflict, **data.validated_data
        )
        return Response(EntryConflictOutput(conflict).data)


class AssignmentListApi(generics.ListAPIView[Assignment]):
    """The chair sees every assignment; a judge their own released ones."""

    queryset = Assignment.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = AssignmentOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[Assignment]:
        round_ = access.round_get_for(user=self.request.user, round_id=self.kwargs["round_id"])
        return selectors.assignments_for(user=self.request.user, round_=round_)

    @extend_schema(request=AssignmentInput, responses={201: AssignmentOutput})
    def post(self, request: Request, round_id: int) -> Response:
        """The chair's adjustment: put one judge on one entry."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        data = AssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = judging.assignment_add(
            acting_user=signed_in_user(request),
            round_=round_,
            entry_id=data.validated_data["entry"],
            judge_id=data.validated_data["judge"],
        )
        return Response(AssignmentOutput(assignment).data, status=status.HTTP_201_CREATED)


class AssignmentLoadsApi(APIView):
    @extend_schema(responses=LoadsOutput)
    def get(self, request: Request, round_id: int) -> Response:
        """Each judge's load and the entries short of judges: the chair's preview."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        access.require_chair(request.user, round_)
        return Response(LoadsOutput(selectors.assignment_loads(round_=round_)).data)


class AssignmentAutoApi(APIView):
    @extend_schema(request=None, responses={201: BatchOutput})
    def post(self, request: Request, round_id: int) -> Response:
        """Propose a bulk assignment (not released: preview, adjust, then release)."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        batch = judging.assignments_auto(acting_user=signed_in_user(request), round_=round_)
        batch = selectors.batch_with_assignments(batch=batch)
        return Response(BatchOutput(batch).data, status=status.HTTP_201_CREATED)


class AssignmentReleaseApi(APIView):
    @extend_schema(request=None, responses=ReleaseOutput)
    def post(self, request: Request, round_id: int) -> Response:
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        released = judging.assignments_release(acting_user=signed_in_user(request), round_=round_)
        return Response(ReleaseOutput({"released": released}).data)


class AssignmentDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, assignment_id: int) -> Response:
        assignment = access.assignment_get_for(user=request.user, assignment_id=assignment_id)
        judging.assignment_remove(acting_user=signed_in_user(request), assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BatchUndoApi(APIView):
    @extend_schema(request=None, responses=BatchOutput)
    def post(self, request: Request, batch_id: int) -> Response:
        """Undo a bulk assignment, unless a judge has scored under it."""
        batch = access.batch_get_for(user=request.user, batch_id=batch_id)
        batch = judging.batch_undo(acting_user=signed_in_user(request), batch=batch)
        return Response(BatchOutput(selectors.batch_with_assignments(batch=batch)).data)


class RoundEntryListApi(generics.ListAPIView[Entry]):
    """Entries to judge: a judge's own released, unconflicted assignments (after
    declaring); the whole round for the chair and owners. Blind rounds hide entrants."""

    queryset = Entry.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = JudgeEntryOutput
    pagination_class = None

    def _round(self) -> Round:
        if not hasattr(self, "round_"):
            self.round_ = access.round_get_for(
                user=self.request.user, round_id=self.kwargs["round_id"]
            )
        return self.round_

    def get_queryset(self) -> QuerySet[Entry]:
        return selectors.round_entries_for(user=self.request.user, round_=self._round())

    def get_serializer_context(self) -> dict[str, Any]:
        hidden = access.identity_hidden(self.request.user, self._round())
        return {**super().get_serializer_context(), "hide_identity": hidden}


class RoundEntryDetailApi(APIView):
    @extend_schema(responses=JudgeEntryOutput)
    def get(self, request: Request, round_id: int, entry_id: int) -> Response:
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        entry = access.round_entry_get_for(user=request.user, round_=round_, entry_id=entry_id)
        hidden = access.identity_hidden(request.user, round_)
        return Response(JudgeEntryOutput(entry, context={"hide_identity": hidden}).data)


class RoundEntryAttachmentListApi(generics.ListAPIView[EntryAttachment]):
    """The documents sealed with the entry's latest submission, for whoever may see the
    entry in the round. Blind rounds name them by entry and number."""

    queryset = EntryAttachment.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = SealedDocumentOutput
    pagination_class = None

    def _round(self) -> Round:
        if not hasattr(self, "round_"):
            self.round_ = access.round_get_for(
                user=self.request.user, round_id=self.kwargs["round_id"]
            )
        return self.round_

    def get_queryset(self) -> QuerySet[EntryAttachment]:
        entry = access.round_entry_get_for(
            user=self.request.user, round_=self._round(), entry_id=self.kwargs["entry_id"]
        )
        return selectors.submitted_attachments(entry=entry)

    def get_serializer_context(self) -> dict[str, Any]:
        hidden = access.identity_hidden(self.request.user, self._round())
        return {**super().get_serializer_context(), "hide_identity": hidden}


class RoundEntryAttachmentDetailApi(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(
        self, request: Request, round_id: int, entry_id: int, attachment_id: int
    ) -> FileResponse:
        """Download a sealed document; in a blind round under its entry-and-number name."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        _, attachment = access.round_attachment_get_for(
            user=request.user, round_=round_, entry_id=entry_id, attachment_id=attachment_id
        )
        hidden = access.identity_hidden(request.user, round_)
        return attachment_response(attachment, attachment.blind_name if hidden else "")


class ScoreApi(generics.ListAPIView[ScoreSheet]):
    """Your score sheet for the entry; the other judges' only once yours is in."""

    queryset = ScoreSheet.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = ScoreSheetOutput
    pagination_class = None

    def get_queryset(self) -> QuerySet[ScoreSheet]:
        round_ = access.round_get_for(user=self.request.user, round_id=self.kwargs["round_id"])
        entry = access.round_entry_get_for(
            user=self.request.user, round_=round_, entry_id=self.kwargs["entry_id"]
        )
        return selectors.sheets_for(user=self.request.user, round_=round_, entry=entry)

    @extend_schema(request=ScoreSheetInput, responses=ScoreSheetOutput)
    def put(self, request: Request, round_id: int, entry_id: int) -> Response:
        """Score every criterion on the round's scale; send again to change your scores."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        entry = access.round_entry_get_for(user=request.user, round_=round_, entry_id=entry_id)
        data = ScoreSheetInput(data=request.data)
        data.is_valid(raise_exception=True)
        sheet = judging.score_submit(
            acting_user=signed_in_user(request), round_=round_, entry=entry, **data.validated_data
        )
        return Response(ScoreSheetOutput(sheet).data)


def _results(request: Request, round_id: int) -> tuple[Round, dict[str, Any], bool]:
    round_ = access.round_get_for(user=request.user, round_id=round_id)
    if not (
        access.is_chair(request.user, round_) or access.is_owner(request.user, round_.challenge)
    ):
        raise ApplicationError(
            "Only the chair and the owners see the results.", status_code=status.HTTP_403_FORBIDDEN
        )
    return round_, round_results(round_=round_), access.identity_hidden(request.user, round_)


class RoundResultsApi(APIView):
    @extend_schema(responses=RoundResultsOutput)
    def get(self, request: Request, round_id: int) -> Response:
        """Raw and z-score rankings side by side, spread, agreement, suggested top N."""
        _, results, hidden = _results(request, round_id)
        return Response(RoundResultsOutput(results, context={"hide_identity": hidden}).data)


class RoundResultsSheetApi(APIView):
    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        }
    )
    def get(self, request: Request, round_id: int) -> HttpResponse:
        """The scoring sheet as .xlsx; text that looks like a formula is written as text."""
        round_, results, hidden = _results(request, round_id)
        body = exports.scoring_workbook(
            round_=round_,
            results=results,
            hide_identity=hidden,
            judges=selectors.judges_by_id(round_=round_),
        )
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-scores.xlsx"'
        return response


class RoundChartApi(APIView):
    @extend_schema(responses={(200, "image/svg+xml"): OpenApiTypes.STR})
    def get(self, request: Request, round_id: int) -> HttpResponse:
        """Each judge's score distribution, to spot a harsh or lenient judge."""
        round_, results, _ = _results(request, round_id)
        svg = judge_distribution_svg(round_name=round_.name, judges=results["judges"])
        response = HttpResponse(svg, content_type="image/svg+xml")
        # A download when opened on its own: SVG is a document that could carry script.
        response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-judges.svg"'
        return response


class RoundAdvanceApi(APIView):
    @extend_schema(request=AdvanceInput, responses={201: AdvanceOutput})
    def post(self, request: Request, round_id: int) -> Response:
        """The chair moves entries from this closed round into the next."""
        round_ = access.round_get_for(user=request.user, round_id=round_id)
        data = AdvanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        rows = judging.entries_advance(
            acting_user=signed_in_user(request),
            round_=round_,
            entry_ids=data.validated_data["entries"],
        )
        output = {"round": rows[0].round_id, "entries": [row.entry_id for row in rows]}
        return Response(AdvanceOutput(output).data, status=status.HTTP_201_CREATED)


# Decisions and results -------------------------------------------------------------------


class DecisionApi(APIView):
    @extend_schema(request=ChallengeDecisionInput, responses=OwnerChallengeOutput)
    def post(self, request: Request, challenge_id: int) -> Response:
        """The last round's chair records the winners of each prize, with a rationale.
        Nobody is told until the owners publish the results."""
        challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
        access.require_final_chair(request.user, challenge)
        data = ChallengeDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.decisions_record(
            acting_user=signed_in_user(request), challenge=challenge, **data.validated_data
        )
        return _detail(request, challenge_id)


class ResultsPublishApi(APIView):
    @extend_schema(request=None, responses=OwnerChallengeOutput)
    def post(self, request: Request, challenge_id: int) -> Response:
        """Announce: results public, entrants told, feedback released."""
        challenge = access.challenge_get_for(
            user=request.user, challenge_id=challenge_id, write=True
        )
        services.results_publish(acting_user=signed_in_user(request), challenge=challenge)
        return _detail(request, challenge_id)


def _published(request: Request, challenge_id: int) -> Challenge:
    challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
    if challenge.status != ChallengeStatus.PUBLISHED:
        raise ApplicationError(
            "The results have not been announced yet.", status_code=status.HTTP_404_NOT_FOUND
        )
    return challenge


class PublicResultsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=PublicResultsOutput, auth=[])
    def get(self, request: Request, challenge_id: int) -> Response:
        """The results page: prizes with their winners and rationale, and the shortlist."""
        challenge = _published(request, challenge_id)
        return Response(PublicResultsOutput(selectors.public_results(challenge=challenge)).data)


class OpenDataJsonApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The open-data record.")},
        auth=[],
    )
    def get(self, request: Request, challenge_id: int) -> HttpResponse:
        """The challenge, its prizes, shortlisted entries and winners, as JSON."""
        data = exports.open_data(challenge=_published(request, challenge_id))
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")


class OpenDataCsvApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR}, auth=[])
    def get(self, request: Request, challenge_id: int) -> HttpResponse:
        """The same as a flat CSV: a row per prize, shortlisted entry and winner."""
        data = exports.open_data(challenge=_published(request, challenge_id))
        response = HttpResponse(exports.open_data_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="challenge-{challenge_id}.csv"'
        return response
