from __future__ import annotations

import difflib
import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, Prefetch, Q, QuerySet

from loti.accounts.models import Membership, User
from loti.api.errors import ApplicationError
from loti.charter import charter_completeness
from loti.permissions import active_organisation_ids
from loti.visibility import Visibility
from projects.models import (
    Comment,
    Playbook,
    PlaybookVersion,
    Project,
    ProjectRevision,
    PublicFeedback,
    StatusUpdate,
)


def projects_visible_to(
    *,
    user: User | Any,
    search: str = "",
    theme: str = "",
    phase: str = "",
    organisation: str = "",
) -> QuerySet[Project]:
    """Projects the user may see, newest first or, with words to search, best first."""
    projects = Project.objects.visible_to(user).select_related("lead_organisation")
    if theme:
        projects = projects.filter(themes__contains=[theme])
    if phase:
        projects = projects.filter(phase=phase)
    if organisation:
        projects = projects.filter(lead_organisation__slug=organisation)
    if search.strip():
        query = SearchQuery(search, search_type="websearch", config="english")
        ranked = projects.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        return ranked.order_by("-rank", "-updated_at", "-id")
    return projects


def project_charter_completeness(project: Project) -> dict[str, Any]:
    return charter_completeness(project)


def project_revisions(*, project: Project) -> QuerySet[ProjectRevision]:
    return project.revisions.select_related("author")


def revisions_compare(*, project: Project, older: int, newer: int) -> list[dict[str, Any]]:
    """Field by field, what changed from revision `older` to revision `newer`; text
    fields carry a unified diff."""
    revisions = {r.number: r for r in project.revisions.filter(number__in=[older, newer])}
    if older not in revisions or newer not in revisions:
        raise ApplicationError(
            "No such revision.", field="from" if older not in revisions else "to"
        )
    before, after = revisions[older].snapshot, revisions[newer].snapshot
    changes = []
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        change: dict[str, Any] = {"field": field, "before": old, "after": new}
        if isinstance(old, str) and isinstance(new, str):
            change["diff"] = "\n".join(
                difflib.unified_diff(
                    old.splitlines(),
                    new.splitlines(),
                    f"revision {older}",
                    f"revision {newer}",
                    lineterm="",
                )
            )
        changes.append(change)
    return changes


def comments_of(*, project: Project) -> QuerySet[Comment]:
    return project.comments.select_related("author")


def feedback_visible_to(*, user: User | Any, project: Project) -> QuerySet[PublicFeedback]:
    """The project's organisations see everything to moderate; others, what was approved."""
    feedback = project.feedback.all()
    owners = [project.lead_organisation_id, *project.partners.values_list("id", flat=True)]
    if (
        getattr(user, "is_authenticated", False)
        and Membership.objects.active().filter(user=user, organisation_id__in=owners).exists()
    ):
        return feedback
    return feedback.filter(status=PublicFeedback.Status.APPROVED)


def status_updates_of(*, project: Project) -> QuerySet[StatusUpdate]:
    return project.status_updates.select_related("author")


def adoptions_of_project(*, user: User | Any, project: Project) -> QuerySet[Project]:
    """The copies of a project that the viewer may see, with who leads them."""
    return project.adoptions.visible_to(user).select_related("lead_organisation")


def playbooks_visible_to(
    *, user: User | Any, search: str = "", theme: str = ""
) -> QuerySet[Playbook]:
    """Playbooks the user may see. Drafts never published are seen only by their owners."""
    readable = Q(status__in=[Playbook.Status.PUBLISHED, Playbook.Status.ARCHIVED])
    if getattr(user, "is_authenticated", False):
        readable |= Playbook.objects.owned_by_q(active_organisation_ids(user))
    playbooks = (
        Playbook.objects.visible_to(user)
        .filter(readable)
        .select_related("owner")
        .annotate(adoption_count=Count("adoptions", distinct=True))
    )
    if theme:
        playbooks = playbooks.filter(themes__contains=[theme])
    if search.strip():
        query = SearchQuery(search, search_type="websearch", config="english")
        return (
            playbooks.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-updated_at", "-id")
        )
    return playbooks


def search_everything(
    *,
    user: User | Any,
    search: str,
    theme: str = "",
    phase: str = "",
    organisation: str = "",
    charter_complete: bool | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Projects and playbooks matching the words, best first, only what the user may see.
    Two queries: one per kind, each ranked in SQL; merged by rank here."""
    projects = projects_visible_to(
        user=user, search=search, theme=theme, phase=phase, organisation=organisation
    )
    if charter_complete is not None:
        complete = Q(charter_technology__gt="", charter_inclusivity__gt="", charter_dpia_url__gt="")
        projects = projects.filter(complete) if charter_complete else projects.exclude(complete)
    results = [
        {
            "kind": "project",
            "id": p.pk,
            "title": p.title,
            "summary": p.summary,
            "organisation": p.lead_organisation.name,
            "rank": getattr(p, "rank", 0.0),
        }
        for p in projects[:limit]
    ]
    if not phase and charter_complete is None:
        playbooks = playbooks_visible_to(user=user, search=search, theme=theme)
        if organisation:
            playbooks = playbooks.filter(owner__slug=organisation)
        results += [
            {
                "kind": "playbook",
                "id": p.pk,
                "title": p.title,
                "summary": p.summary,
                "organisation": p.owner.name,
                "rank": getattr(p, "rank", 0.0),
            }
            for p in playbooks[:limit]
        ]
    results.sort(key=lambda row: -float(row["rank"]))
    return results[:limit]


def similar_to(*, user: User | Any, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Existing work that looks like what the user is about to start: any of the
    significant words may match ("reuse before you build")."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text.lower())][:30]
    if not words:
        return []
    return search_everything(user=user, search=" or ".join(words), limit=limit)


def public_catalogue() -> tuple[QuerySet[Project], QuerySet[Playbook]]:
    projects = Project.objects.filter(visibility=Visibility.PUBLIC).select_related(
        "lead_organisation"
    )
    playbooks = (
        Playbook.objects.filter(visibility=Visibility.PUBLIC, status=Playbook.Status.PUBLISHED)
        .select_related("owner")
        .prefetch_related(
            Prefetch("versions", queryset=PlaybookVersion.objects.order_by("-number"))
        )
    )
    return projects.order_by("pk"), playbooks.order_by("pk")
