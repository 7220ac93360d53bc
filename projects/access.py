from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q
from django.http import Http404
from rest_framework import status

from loti.accounts.models import Membership, Organisation, User
from loti.api.errors import ApplicationError
from loti.organisations import public_bodies_of
from loti.permissions import is_member
from projects.models import (
    Adoption,
    Outcome,
    PartnerInterest,
    Playbook,
    Project,
    ProjectAttachment,
    ProjectLink,
    PublicFeedback,
)


def project_is_organisation_member(user: User | Any, project: Project) -> bool:
    """Whether the user belongs to the lead organisation or a partner (not a co-author)."""
    if not getattr(user, "is_authenticated", False):
        return False
    owners = [project.lead_organisation_id, *(p.pk for p in project.partners.all())]
    return Membership.objects.active().filter(user=user, organisation_id__in=owners).exists()


def project_is_lead_member(user: User | Any, project: Project) -> bool:
    """Whether the user belongs to the organisation that leads the project."""
    return is_member(user, project.lead_organisation)


def feedback_can_moderate(user: User | Any, project: Project) -> bool:
    """Only the lead organisation's members moderate what the public says about the
    project, and see it before it is published: it speaks for the lead. Partners and
    co-authors from other boroughs work on the project but do not."""
    return project_is_lead_member(user, project)


def project_can_edit(user: User | Any, project: Project) -> bool:
    if project_is_organisation_member(user, project):
        return True
    return bool(getattr(user, "is_authenticated", False)) and bool(
        user.has_perm("projects.change_project", project)
    )


def project_get_for(*, user: User | Any, project_id: int, write: bool = False) -> Project:
    """The project if the user may see it (404 otherwise, as if it did not exist);
    with write=True, 403 unless they may also edit it."""
    project = (
        Project.objects.visible_to(user)
        .select_related("lead_organisation")
        .prefetch_related("shared_with", "partners", "outcomes", "links")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    if write and not project_can_edit(user, project):
        raise ApplicationError(
            "Only the project's organisations and co-authors can edit it.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return project


def playbook_can_edit(user: User | Any, playbook: Playbook) -> bool:
    """Only the owner's members change a playbook's draft, publish or archive it."""
    return is_member(user, playbook.owner)


def playbook_get_for(*, user: User | Any, playbook_id: int) -> Playbook:
    from projects.selectors import playbooks_visible_to

    playbook = playbooks_visible_to(user=user).filter(pk=playbook_id).first()
    if playbook is None:
        raise Http404("No such playbook.")
    return playbook


def adoption_get_for(*, user: User | Any, adoption_id: int) -> Adoption:
    """An adoption is seen by the adopting organisation and the playbook's owner."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such adoption.")
    organisations = Membership.objects.active().filter(user=user).values("organisation_id")
    adoption = (
        Adoption.objects.select_related("organisation", "playbook", "version")
        .prefetch_related("step_progress")
        .filter(pk=adoption_id)
        .filter(Q(organisation_id__in=organisations) | Q(playbook__owner_id__in=organisations))
        .first()
    )
    if adoption is None:
        raise Http404("No such adoption.")
    return adoption


def feedback_get_for(*, user: User | Any, feedback_id: int) -> PublicFeedback:
    """Feedback for the user to moderate (feedback_can_moderate). 404 when they may not
    see it: its project is hidden from them, or it is not published and they do not
    moderate; 403 for published feedback they see but do not moderate."""
    feedback = (
        PublicFeedback.objects.select_related("project__lead_organisation")
        .filter(pk=feedback_id, project__in=Project.objects.visible_to(user))
        .first()
    )
    if feedback is None:
        raise Http404("No such feedback.")
    if not feedback_can_moderate(user, feedback.project):
        if feedback.status != PublicFeedback.Status.APPROVED:
            raise Http404("No such feedback.")
        raise _not_a_moderator(feedback.project)
    return feedback


def feedback_require_moderator(user: User | Any, project: Project) -> None:
    """403 unless the user moderates the project's feedback (feedback_can_moderate)."""
    if not feedback_can_moderate(user, project):
        raise _not_a_moderator(project)


def _not_a_moderator(project: Project) -> ApplicationError:
    return ApplicationError(
        f"Only members of {project.lead_organisation.name} moderate feedback on this project.",
        status_code=status.HTTP_403_FORBIDDEN,
    )


def interest_get_for(*, user: User | Any, interest_id: int) -> PartnerInterest:
    interest = (
        PartnerInterest.objects.select_related("project__lead_organisation", "organisation")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such request.")
    involved = [interest.project.lead_organisation_id, interest.organisation_id]
    if not Membership.objects.active().filter(user=user, organisation_id__in=involved).exists():
        raise Http404("No such request.")
    return interest


def attachment_get_for(*, project: Project, attachment_id: int) -> ProjectAttachment:
    """An attachment of a project already fetched through project_get_for."""
    attachment = project.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


Item = TypeVar("Item", Outcome, ProjectLink)


def project_item_get_for(*, project: Project, model: type[Item], item_id: int, noun: str) -> Item:
    """An outcome or a link (`noun` names it in the 404) of a project already fetched
    through project_get_for."""
    item = model._default_manager.filter(project=project, pk=item_id).first()
    if item is None:
        raise Http404(f"No such {noun}.")
    item.project = project
    return item


def outcome_get_for(*, project: Project, outcome_id: int) -> Outcome:
    return project_item_get_for(project=project, model=Outcome, item_id=outcome_id, noun="outcome")


def link_get_for(*, project: Project, link_id: int) -> ProjectLink:
    return project_item_get_for(project=project, model=ProjectLink, item_id=link_id, noun="link")


def organisation_named(*, slug: str, field: str = "organisation") -> Organisation:
    """The organisation an input names by slug; the service decides whether the user may
    act for it. An unknown slug is a 400 naming `field`."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ApplicationError("No such organisation.", field=field)
    return organisation


def public_body_acting_for(*, user: User | Any, slug: str | None, field: str) -> Organisation:
    """The public body the user acts for: the one named, which they must belong to, or,
    when none is named, their only one. A 400 naming `field` otherwise."""
    bodies = public_bodies_of(user)
    if slug:
        body = bodies.filter(slug=slug).first()
        if body is None:
            raise ApplicationError("You can only act for a public body you belong to.", field=field)
        return body
    found = list(bodies[:2])
    if not found:
        raise ApplicationError(
            "Only officers of boroughs and other public bodies can do this.", field=field
        )
    if len(found) > 1:
        raise ApplicationError("You belong to several public bodies: say which one.", field=field)
    return found[0]
