"""Writes around a project that are not edits of it: following, comments, the public's
feedback, status updates and partner requests."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError, Conflict
from loti.audit.services import audit_record
from loti.organisations import PUBLIC_BODY_KINDS
from loti.permissions import is_member
from loti.visibility import Visibility
from projects.access import feedback_require_moderator, project_is_organisation_member
from projects.models import (
    Comment,
    Follow,
    PartnerInterest,
    Project,
    PublicFeedback,
    StatusUpdate,
)


def _require_project_member(user: User, project: Project, action: str) -> None:
    # The lead and partners only: co-authors edit the project but do not speak for it.
    if not project_is_organisation_member(user, project):
        raise ApplicationError(
            f"Only the project's organisations can {action}.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _text(value: str, *, field: str, limit: int = 5000) -> str:
    value = value.strip()
    if not value:
        raise ApplicationError("Enter some text.", field=field)
    if len(value) > limit:
        raise ApplicationError(f"Keep it under {limit} characters.", field=field)
    return value


@transaction.atomic
def project_follow(*, acting_user: User, project: Project) -> Follow:
    follow, _ = Follow.objects.get_or_create(project=project, user=acting_user)
    return follow


@transaction.atomic
def project_unfollow(*, acting_user: User, project: Project) -> None:
    Follow.objects.filter(project=project, user=acting_user).delete()


@transaction.atomic
def comment_add(*, acting_user: User, project: Project, body: str) -> Comment:
    """Anyone who can see the project may comment on it (access has checked that)."""
    return Comment.objects.create(
        project=project, author=acting_user, body=_text(body, field="body")
    )


@transaction.atomic
def feedback_submit(*, project: Project, body: str, name: str = "") -> PublicFeedback:
    if project.visibility != Visibility.PUBLIC:
        raise ApplicationError("Feedback is taken on public projects only.")
    return PublicFeedback.objects.create(
        project=project, body=_text(body, field="body", limit=2000), name=name.strip()[:100]
    )


@transaction.atomic
def feedback_moderate(
    *, acting_user: User, feedback: PublicFeedback, approve: bool
) -> PublicFeedback:
    feedback_require_moderator(acting_user, feedback.project)
    if feedback.status != PublicFeedback.Status.PENDING:
        raise Conflict("This feedback has already been moderated.")
    feedback.status = PublicFeedback.Status.APPROVED if approve else PublicFeedback.Status.REJECTED
    feedback.moderated_by = acting_user
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_by", "moderated_at"])
    audit_record(
        actor=acting_user,
        verb=f"feedback.{feedback.status}",
        target=feedback.project,
        organisation=feedback.project.lead_organisation,
        detail={"feedback": feedback.pk},
    )
    return feedback


@transaction.atomic
def status_update_add(
    *, acting_user: User, project: Project, body: str, happened_on: date | None = None
) -> StatusUpdate:
    _require_project_member(acting_user, project, "post status updates")
    update = StatusUpdate.objects.create(
        project=project,
        author=acting_user,
        body=_text(body, field="body"),
        happened_on=happened_on or timezone.localdate(),
    )
    from projects.events import project_updated

    project_updated(
        project=project, actor=acting_user, summary=f"Status update: {update.body[:140]}"
    )
    return update


@transaction.atomic
def interest_request(
    *, acting_user: User, project: Project, organisation: Organisation, message: str = ""
) -> PartnerInterest:
    if not is_member(acting_user, organisation) or organisation.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Ask on behalf of a public body you belong to.", field="organisation"
        )
    if (
        project.lead_organisation_id == organisation.pk
        or project.partners.filter(pk=organisation.pk).exists()
    ):
        raise Conflict(
            f"{organisation.name} is already part of this project.", field="organisation"
        )
    try:
        with transaction.atomic():
            interest = PartnerInterest.objects.create(
                project=project,
                organisation=organisation,
                requested_by=acting_user,
                message=message.strip(),
            )
    except IntegrityError as error:
        raise Conflict(
            f"{organisation.name} has already asked to join; wait for the answer.",
            field="organisation",
        ) from error
    audit_record(
        actor=acting_user,
        verb="project.interest_requested",
        target=project,
        organisation=organisation,
    )
    from projects.events import interest_requested

    interest_requested(interest=interest)
    return interest


@transaction.atomic
def interest_answer(
    *, acting_user: User, interest: PartnerInterest, accept: bool
) -> PartnerInterest:
    project = interest.project
    if not is_member(acting_user, project.lead_organisation):
        raise ApplicationError(
            f"Only {project.lead_organisation.name} can answer.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    interest = PartnerInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != PartnerInterest.Status.PENDING:
        raise Conflict("This request has already been answered.")
    interest.status = PartnerInterest.Status.ACCEPTED if accept else PartnerInterest.Status.DECLINED
    interest.answered_by = acting_user
    interest.answered_at = timezone.now()
    interest.save(update_fields=["status", "answered_by", "answered_at"])
    if accept:
        project.partners.add(interest.organisation)
    audit_record(
        actor=acting_user,
        verb=f"project.interest_{interest.status}",
        target=project,
        organisation=project.lead_organisation,
        detail={"organisation": interest.organisation.slug},
    )
    from projects.events import interest_answered

    interest_answered(interest=interest)
    return interest
