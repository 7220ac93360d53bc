from __future__ import annotations

import difflib
import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Count, F, Prefetch, Q, QuerySet

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.charter import CHARTER_ITEMS, charter_completeness
from loti.organisations import public_bodies_of
from loti.permissions import active_organisation_ids
from loti.visibility import Visibility
from projects.access import (
    feedback_can_moderate,
    playbook_can_edit,
    project_can_edit,
    project_is_lead_member,
    project_is_organisation_member,
)
from projects.models import (
    Adoption,
    Comment,
    Outcome,
    PartnerInterest,
    Playbook,
    PlaybookStep,
    PlaybookVersion,
    Project,
    ProjectAttachment,
    ProjectLink,
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
    return _projects_found(
        projects, search=search, theme=theme, phase=phase, organisation=organisation
    )


def _projects_found(
    projects: QuerySet[Project], *, search: str, theme: str, phase: str, organisation: str
) -> QuerySet[Project]:
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


# What the project list shows of each (projects.serializers.project_list_output), beside
# the lead organisation's slug and name.
PROJECT_LIST_ROW = [
    "id",
    "title",
    "summary",
    "phase",
    "themes",
    "tags",
    "visibility",
    "updated_at",
    "version",
]


def project_list_rows(
    *,
    user: User | Any,
    search: str = "",
    theme: str = "",
    phase: str = "",
    organisation: str = "",
) -> QuerySet[Project, dict[str, Any]]:
    """projects_visible_to as plain rows for the list endpoint, the lead organisation
    joined: model instances and a ModelSerializer cost more than the query does, and
    so does each step of building it (no select_related, one values())."""
    projects = _projects_found(
        Project.objects.visible_to(user),
        search=search,
        theme=theme,
        phase=phase,
        organisation=organisation,
    )
    return projects.values(
        *PROJECT_LIST_ROW,
        lead_slug=F("lead_organisation__slug"),
        lead_name=F("lead_organisation__name"),
    )


def project_charter_completeness(project: Project) -> dict[str, Any]:
    return charter_completeness(project)


def project_revisions(*, project: Project, after: int = 0) -> QuerySet[ProjectRevision]:
    """Revisions newest first; with `after`, only those saved after that one."""
    return project.revisions.filter(number__gt=after).select_related("author")


def project_revision(*, project: Project, number: int, field: str = "from") -> ProjectRevision:
    revision = project_revisions(project=project).filter(number=number).first()
    if revision is None:
        raise ApplicationError("No such revision.", field=field)
    return revision


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
        # Revisions saved before outcomes and links were recorded have neither: none.
        missing: list[Any] | None = [] if field in ProjectRevision.RECORDED_LISTS else None
        old, new = before.get(field, missing), after.get(field, missing)
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


def outcomes_of(*, project: Project) -> QuerySet[Outcome]:
    """In their order; read with the project when it came through project_get_for."""
    return project.outcomes.all()


def links_of(*, project: Project) -> QuerySet[ProjectLink]:
    """In their order; read with the project when it came through project_get_for."""
    return project.links.all()


def comments_of(*, project: Project) -> QuerySet[Comment]:
    return project.comments.select_related("author")


def feedback_visible_to(*, user: User | Any, project: Project) -> QuerySet[PublicFeedback]:
    """Those who moderate it see everything; others, what was approved."""
    feedback = project.feedback.all()
    if feedback_can_moderate(user, project):
        return feedback
    return feedback.filter(status=PublicFeedback.Status.APPROVED)


def status_updates_of(*, project: Project) -> QuerySet[StatusUpdate]:
    return project.status_updates.select_related("author")


def project_adopters(*, user: User | Any, project: Project) -> list[dict[str, Any]]:
    """Every organisation that adopted the project, which the source shows to whoever
    can see it; with the copy itself only where the viewer may see that copy."""
    copies = project.adoptions.select_related("lead_organisation").order_by(
        "lead_organisation__name", "pk"
    )
    visible = set(project.adoptions.visible_to(user).values_list("pk", flat=True))
    return [
        {"organisation": copy.lead_organisation, "copy": copy if copy.pk in visible else None}
        for copy in copies
    ]


def project_adopted_by(*, project: Project) -> list[dict[str, str]]:
    """Slug and name of every organisation that adopted the project: adopting is not
    secret, though the copies may be private."""
    return [
        {"slug": slug, "name": name}
        for slug, name in project.adoptions.order_by("lead_organisation__name").values_list(
            "lead_organisation__slug", "lead_organisation__name"
        )
    ]


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
        # A query with GROUP BY ignores Meta.ordering, so the order is said again.
        .order_by("-updated_at", "-id")
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
        complete = _charter_complete_q()
        projects = projects.filter(complete) if charter_complete else projects.exclude(complete)
    results: list[dict[str, Any]] = [
        {
            "kind": "project",
            "id": p.pk,
            "title": p.title,
            "summary": p.summary,
            "organisation": p.lead_organisation.name,
            "rank": getattr(p, "rank", 0.0),
            "updated_at": p.updated_at,
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
                "updated_at": p.updated_at,
            }
            for p in playbooks[:limit]
        ]
    # Best match first; equal ranks (all of them, when there are no words) newest first.
    results.sort(key=lambda row: (-float(row["rank"]), -row["updated_at"].timestamp()))
    return results[:limit]


def _charter_complete_q() -> Q:
    """Every part of the charter given: the same test as charter_completeness."""
    complete = Q()
    for field, _ in CHARTER_ITEMS:
        if isinstance(Project._meta.get_field(field), BooleanField):
            complete &= Q(**{f"{field}__isnull": False})
        else:
            complete &= Q(**{f"{field}__gt": ""})
    return complete


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


def project_followed_by(*, project: Project, user: User | Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return project.follows.filter(user=user).exists()


def attachments_of(*, project: Project) -> QuerySet[ProjectAttachment]:
    return project.attachments.filter(removed_at__isnull=True).select_related("uploaded_by")


def interests_pending_of(*, project: Project) -> QuerySet[PartnerInterest]:
    """Requests to join that wait for the lead's answer."""
    return project.interests.filter(status=PartnerInterest.Status.PENDING).select_related(
        "organisation", "requested_by"
    )


def project_adopted_from(*, user: User | Any, project: Project) -> Project | None:
    """The project this one was adopted from, if the viewer may see it."""
    if project.adopted_from_id is None:
        return None
    return (
        Project.objects.visible_to(user)
        .select_related("lead_organisation")
        .filter(pk=project.adopted_from_id)
        .first()
    )


def playbook_versions(*, playbook: Playbook) -> QuerySet[PlaybookVersion]:
    """Published versions, newest first."""
    return playbook.versions.select_related("published_by").order_by("-number")


def playbook_versions_to_compare(
    *, playbook: Playbook, older: str, newer: str
) -> tuple[PlaybookVersion, PlaybookVersion]:
    """The published versions numbered `older` and `newer`, as typed in a query string,
    in one query; a 400 naming "from" or "to" for one that does not exist."""
    typed = {
        name: int(text) if text.strip().isdigit() else None
        for name, text in (("from", older), ("to", newer))
    }
    found: dict[int | None, PlaybookVersion] = {
        version.number: version
        for version in playbook_versions(playbook=playbook).filter(number__in=typed.values())
    }
    for name, number in typed.items():
        if number not in found:
            raise ApplicationError("No such version.", field=name)
    return found[typed["from"]], found[typed["to"]]


def playbook_latest_version(*, playbook: Playbook) -> PlaybookVersion | None:
    return playbook_versions(playbook=playbook).first()


def playbook_draft_steps(*, playbook: Playbook) -> QuerySet[PlaybookStep]:
    return playbook.steps.all()


def adoptions_of_playbook(*, playbook: Playbook) -> QuerySet[Adoption]:
    """Who adopted the playbook: adoptions are not secret, their progress is."""
    return playbook.adoptions.select_related("organisation", "version").order_by(
        "organisation__name"
    )


def playbook_detail(*, playbook: Playbook, user: User | Any) -> dict[str, Any]:
    """What a reader sees of a playbook: its latest published version (the draft's own
    fields until there is one), who adopted it and, for the owner's members, the draft."""
    latest = playbook_latest_version(playbook=playbook)
    detail: dict[str, Any] = {
        "id": playbook.pk,
        "title": latest.title if latest else playbook.title,
        "summary": latest.summary if latest else playbook.summary,
        "owner": playbook.owner,
        "themes": playbook.themes,
        "visibility": playbook.visibility,
        "status": playbook.status,
        "version": latest.number if latest else None,
        "steps": latest.steps if latest else [],
        "adopted_by": [a.organisation for a in adoptions_of_playbook(playbook=playbook)],
    }
    if playbook_can_edit(user, playbook):
        detail["draft_steps"] = list(
            playbook_draft_steps(playbook=playbook).values("key", "title", "body")
        )
    return detail


def organisations_to_adopt_project(*, user: User | Any, project: Project) -> list[Organisation]:
    """The user's public bodies that may adopt the project: any but its lead."""
    return [o for o in public_bodies_of(user) if o.pk != project.lead_organisation_id]


def organisations_to_join_project(
    *, project: Project, adopters: list[Organisation]
) -> list[Organisation]:
    """Of the bodies that may adopt the project (organisations_to_adopt_project), those
    that may ask to join it: not already partners."""
    partners = {partner.pk for partner in project.partners.all()}
    return [o for o in adopters if o.pk not in partners]


def organisations_to_adopt_playbook(*, user: User | Any, playbook: Playbook) -> list[Organisation]:
    """The user's public bodies that may adopt the playbook: any but its owner."""
    return [o for o in public_bodies_of(user) if o.pk != playbook.owner_id]


def playbook_draft_unpublished(
    *, playbook: Playbook, latest: PlaybookVersion | None, draft: list[PlaybookStep]
) -> bool:
    """Whether the draft differs from the latest published version."""
    if latest is None:
        return bool(draft)
    steps = [{"key": s.key, "title": s.title, "body": s.body} for s in draft]
    return (latest.title, latest.summary, latest.steps) != (playbook.title, playbook.summary, steps)


def feedback_for_page(*, user: User | Any, project: Project) -> dict[str, list[PublicFeedback]]:
    """The project page's feedback: what is published, and for the project's
    organisations what waits to be moderated."""
    feedback = list(feedback_visible_to(user=user, project=project))
    return {
        "published_feedback": [f for f in feedback if f.status == PublicFeedback.Status.APPROVED],
        "pending_feedback": [f for f in feedback if f.status == PublicFeedback.Status.PENDING],
    }


def project_page(*, user: User | Any, project: Project) -> dict[str, Any]:
    """What the project page shows this viewer, and what they may do there: edit it
    (`can_edit`), speak for it (`is_member`: the lead and partners), lead it
    (`is_lead`), and adopt it or ask to join it for which of their organisations."""
    member = project_is_organisation_member(user, project)
    lead = member and project_is_lead_member(user, project)
    adopters = organisations_to_adopt_project(user=user, project=project)
    return {
        "project": project,
        "outcomes": outcomes_of(project=project),
        "links": links_of(project=project),
        "adopted_from": project_adopted_from(user=user, project=project),
        "charter": project_charter_completeness(project),
        "attachments": attachments_of(project=project),
        "updates": status_updates_of(project=project),
        "comments": comments_of(project=project),
        **feedback_for_page(user=user, project=project),
        "adopters": project_adopters(user=user, project=project),
        "interests": interests_pending_of(project=project) if lead else [],
        "following": project_followed_by(project=project, user=user),
        "can_edit": project_can_edit(user, project),
        "is_member": member,
        "is_lead": lead,
        "organisations_to_adopt": adopters,
        "organisations_to_join": organisations_to_join_project(project=project, adopters=adopters),
    }
