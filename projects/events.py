"""What people are told when projects and playbooks change."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from loti.accounts.models import Organisation, User
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify
from projects.models import Adoption, PartnerInterest, Playbook, PlaybookVersion, Project

CATEGORY = "projects"

for name, title in [
    ("project.coauthor_added", "You can now edit {{ project_title }}"),
    ("project.updated", "{{ project_title }} has changed"),
    ("project.interest_requested", "{{ organisation_name }} asks to join {{ project_title }}"),
    ("project.interest_answered", "Your request to join {{ project_title }} was {{ answer }}"),
    ("playbook.version_published", "{{ playbook_title }}: version {{ number }} is published"),
]:
    event_register(EventType(name=name, title=title))


def _project_path(project: Project) -> str:
    return reverse("frontend:project-detail", args=[project.pk])


def _members(organisations: Iterable[Organisation]) -> list[User]:
    ids = [organisation.pk for organisation in organisations]
    return list(
        User.objects.filter(
            memberships__organisation_id__in=ids,
            memberships__ended_at__isnull=True,
            is_active=True,
        ).distinct()
    )


def coauthor_added(*, project: Project, user: User, actor: User) -> None:
    notify(
        event="project.coauthor_added",
        recipients=[user],
        target=project,
        category=CATEGORY,
        actor=actor,
        context={
            "project_title": project.title,
            "message": f"{actor.full_name} made you a co-author of {project.title}.",
            "path": _project_path(project),
        },
    )


def project_updated(*, project: Project, actor: User, summary: str) -> None:
    """Tell the project's followers; they may take it in their digest."""
    followers = [follow.user for follow in project.follows.select_related("user")]
    notify(
        event="project.updated",
        recipients=followers,
        target=project,
        category=CATEGORY,
        actor=actor,
        context={
            "project_title": project.title,
            "message": summary,
            "path": _project_path(project),
        },
    )


def interest_requested(*, interest: PartnerInterest) -> None:
    project = interest.project
    notify(
        event="project.interest_requested",
        recipients=_members([project.lead_organisation]),
        target=project,
        category=CATEGORY,
        actor=interest.requested_by,
        context={
            "project_title": project.title,
            "organisation_name": interest.organisation.name,
            "message": interest.message
            or f"{interest.organisation.name} would like to be a partner.",
            "path": _project_path(project),
        },
    )


def interest_answered(*, interest: PartnerInterest) -> None:
    project = interest.project
    answer = "accepted" if interest.status == PartnerInterest.Status.ACCEPTED else "declined"
    notify(
        event="project.interest_answered",
        recipients=[interest.requested_by] if interest.requested_by else [],
        target=project,
        category=CATEGORY,
        actor=interest.answered_by,
        context={
            "project_title": project.title,
            "answer": answer,
            "message": f"{project.lead_organisation.name} {answer} the request from "
            f"{interest.organisation.name} to join {project.title} as a partner.",
            "path": _project_path(project),
        },
    )


def playbook_version_published(
    *, playbook: Playbook, version: PlaybookVersion, changes: str
) -> None:
    adopters = Adoption.objects.filter(playbook=playbook).values("organisation_id")
    notify(
        event="playbook.version_published",
        recipients=_members(Organisation.objects.filter(pk__in=adopters)),
        target=playbook,
        category=CATEGORY,
        actor=version.published_by,
        context={
            "playbook_title": playbook.title,
            "number": version.number,
            "message": f"{version.change_note}\n\n{changes}".strip(),
            "path": reverse("frontend:playbook-detail", args=[playbook.pk]),
        },
    )
