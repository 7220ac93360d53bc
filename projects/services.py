"""Writes for projects. Every edit is checked against the version it was made from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from guardian.shortcuts import assign_perm
from rest_framework import status

from loti import attachments
from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.audit.services import audit_record
from loti.organisations import PUBLIC_BODY_KINDS, public_bodies_by_slug
from loti.permissions import is_member
from loti.visibility import Visibility
from projects.access import project_can_edit
from projects.models import (
    Outcome,
    Phase,
    Project,
    ProjectAttachment,
    ProjectLink,
    ProjectRevision,
    Theme,
)

MAX_PROJECT_ATTACHMENTS = 50
PAST_ALPHA = {Phase.BETA, Phase.LIVE}
# Fields a revision records; relations are recorded as sorted slugs.
TRACKED_FIELDS = [
    "title",
    "summary",
    "problem",
    "approach",
    "phase",
    "themes",
    "tags",
    "visibility",
    "budget",
    "starts_on",
    "ends_on",
    "charter_technology",
    "charter_dpia_url",
    "charter_inclusivity",
    "charter_consequences",
    "charter_unused_functionality",
    "charter_open_data",
]
# An outcome's numbers; revisions record its measure and these.
OUTCOME_VALUES = ["baseline", "target", "actual"]


class PreconditionFailed(ApplicationError):
    def __init__(self, current: Project) -> None:
        super().__init__(
            "Someone else saved this project after you opened it. Review their change, "
            "then make yours again.",
            status_code=status.HTTP_412_PRECONDITION_FAILED,
        )
        self.current = current


def _check_themes(themes: Iterable[str]) -> list[str]:
    themes = list(dict.fromkeys(themes))
    unknown = [theme for theme in themes if theme not in Theme.values]
    if unknown:
        raise ApplicationError(
            f"Unknown theme: {', '.join(unknown)}. Choose from: {', '.join(Theme.values)}.",
            field="themes",
        )
    return themes


def _check_tags(tags: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(tag.strip().lower() for tag in tags if tag.strip()))
    if any(len(tag) > 50 for tag in cleaned):
        raise ApplicationError("A tag can be at most 50 characters.", field="tags")
    return cleaned


def _check_charter(project: Project) -> None:
    """Past alpha, a public project must explain its technology and its inclusivity."""
    if project.phase not in PAST_ALPHA or project.visibility != Visibility.PUBLIC:
        return
    missing = {}
    if not project.charter_technology.strip():
        missing["charter_technology"] = [
            "Say in plain English what the technology is and why it is used."
        ]
    if not project.charter_inclusivity.strip():
        missing["charter_inclusivity"] = ["Add the inclusivity statement."]
    if missing:
        raise ApplicationError(
            "A public project past alpha needs the charter's plain-English statement and "
            "inclusivity statement.",
            fields=missing,
        )


def _check_dates(project: Project) -> None:
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        raise ApplicationError("The end date must be on or after the start date.", field="ends_on")
    if project.budget is not None and project.budget < 0:
        raise ApplicationError("The budget cannot be negative.", field="budget")


def _recorded(value: Any) -> Any:
    if isinstance(value, Decimal):
        # As the database gives it back (2 places), so a budget typed as "25000" does
        # not read as a change when compared with the saved "25000.00".
        return f"{value:.2f}"
    if isinstance(value, date):
        return str(value)
    return value


def _snapshot(project: Project, shared_with: list[str], partners: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {field: _recorded(getattr(project, field)) for field in TRACKED_FIELDS}
    data["shared_with"] = sorted(shared_with)
    data["partners"] = sorted(partners)
    data.update(_lists_snapshot(project))
    return data


def _lists_snapshot(project: Project) -> dict[str, list[dict[str, Any]]]:
    """The project's outcomes and links as saved, in their order."""
    outcomes = Outcome.objects.filter(project=project).order_by("position", "id")
    links = ProjectLink.objects.filter(project=project).order_by("position", "id")
    return {
        "outcomes": [
            {
                "measure": outcome.measure,
                **{name: _recorded(getattr(outcome, name)) for name in OUTCOME_VALUES},
            }
            for outcome in outcomes
        ],
        "links": [{"title": link.title, "url": link.url} for link in links],
    }


def _refresh_search_vector(project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(
        search_vector=SearchVector(Value(project.title), weight="A", config="english")
        + SearchVector(Value(project.summary), weight="B", config="english")
        + SearchVector(
            Value(" ".join([project.problem, project.approach, " ".join(project.tags)])),
            weight="C",
            config="english",
        )
    )


def _record_revision(
    project: Project, *, author: User, changed: list[str], snapshot: dict[str, Any]
) -> None:
    ProjectRevision.objects.create(
        project=project,
        number=project.version,
        author=author,
        snapshot=snapshot,
        changed_fields=changed,
    )


def project_lock_for_edit(
    *, acting_user: User, project: Project, expected_version: int | None
) -> Project:
    """The project's row, locked for an edit by acting_user made against
    `expected_version` (None: against whatever is current, for an edit that cannot
    undo anyone's change, such as adding an outcome). Call inside a transaction."""
    if not project_can_edit(acting_user, project):
        raise ApplicationError(
            "Only the project's organisations and co-authors can edit it.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    # Only the project's row is locked: not its organisation, which other projects share.
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("lead_organisation")
        .get(pk=project.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise PreconditionFailed(locked)
    return locked


def project_revision_record(
    *, acting_user: User, project: Project, field: str, verb: str, summary: str
) -> Project:
    """A change to one of the project's lists (`field`: outcomes or links), already
    written, saved as an edit of the project: the next version, so its ETag changes and
    an edit made from the version before is refused; a revision with the new snapshot;
    an audit row; followers told. `project` is the row project_lock_for_edit locked."""
    project.version += 1
    project.updated_at = timezone.now()
    project.save(update_fields=["version", "updated_at"])
    shared = list(project.shared_with.values_list("slug", flat=True))
    partners = list(project.partners.values_list("slug", flat=True))
    snapshot = _snapshot(project, shared, partners)
    _record_revision(project, author=acting_user, changed=[field], snapshot=snapshot)
    audit_record(
        actor=acting_user,
        verb=verb,
        target=project,
        organisation=project.lead_organisation,
        detail={"fields": [field], "version": project.version},
    )
    from projects.events import project_updated

    project_updated(project=project, actor=acting_user, summary=summary)
    return project


@transaction.atomic
def project_create(
    *,
    acting_user: User,
    lead_organisation: Organisation,
    title: str,
    summary: str,
    visibility: str = Visibility.PRIVATE,
    shared_with: Iterable[str] = (),
    partners: Iterable[str] = (),
    themes: Iterable[str] = (),
    tags: Iterable[str] = (),
    **fields: Any,
) -> Project:
    if not is_member(acting_user, lead_organisation):
        raise ApplicationError(
            f"You are not a member of {lead_organisation.name}.",
            field="lead_organisation",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if lead_organisation.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Projects are led by boroughs and public bodies.", field="lead_organisation"
        )
    if not title.strip():
        raise ApplicationError("Enter a title.", field="title")
    if not summary.strip():
        raise ApplicationError("Enter a plain-English summary.", field="summary")
    shared = public_bodies_by_slug(shared_with, field="shared_with")
    partner_orgs = public_bodies_by_slug(partners, field="partners")
    if visibility == Visibility.SHARED and not shared:
        raise ApplicationError("Name the organisations to share with.", field="shared_with")
    project = Project(
        lead_organisation=lead_organisation,
        title=title.strip(),
        summary=summary.strip(),
        visibility=visibility,
        themes=_check_themes(themes),
        tags=_check_tags(tags),
        created_by=acting_user,
        **fields,
    )
    _check_dates(project)
    _check_charter(project)
    project.save()
    project.shared_with.set(shared)
    project.partners.set(partner_orgs)
    _refresh_search_vector(project)
    snapshot = _snapshot(project, [o.slug for o in shared], [o.slug for o in partner_orgs])
    _record_revision(project, author=acting_user, changed=sorted(snapshot), snapshot=snapshot)
    audit_record(
        actor=acting_user,
        verb="project.created",
        target=project,
        organisation=lead_organisation,
        detail={"visibility": visibility},
    )
    return project


@transaction.atomic
def project_update(
    *, acting_user: User, project: Project, expected_version: int, changes: dict[str, Any]
) -> Project:
    """Apply an edit made against `expected_version`. The row is locked, so of two
    edits from the same version one is saved and the other gets PreconditionFailed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.version != expected_version:
        raise PreconditionFailed(project)
    shared = list(project.shared_with.values_list("slug", flat=True))
    partners = list(project.partners.values_list("slug", flat=True))
    before = _snapshot(project, shared, partners)
    changes = dict(changes)
    if "themes" in changes:
        changes["themes"] = _check_themes(changes["themes"])
    if "tags" in changes:
        changes["tags"] = _check_tags(changes["tags"])
    new_shared = changes.pop("shared_with", None)
    new_partners = changes.pop("partners", None)
    for field, value in changes.items():
        if field not in TRACKED_FIELDS:
            raise ApplicationError(f"{field} cannot be changed here.", field=field)
        setattr(project, field, value.strip() if isinstance(value, str) else value)
    if new_shared is not None:
        shared = [o.slug for o in public_bodies_by_slug(new_shared, field="shared_with")]
    if new_partners is not None:
        partners = [o.slug for o in public_bodies_by_slug(new_partners, field="partners")]
    if project.visibility == Visibility.SHARED and not shared:
        raise ApplicationError("Name the organisations to share with.", field="shared_with")
    if not project.title:
        raise ApplicationError("Enter a title.", field="title")
    if not project.summary:
        raise ApplicationError("Enter a plain-English summary.", field="summary")
    _check_dates(project)
    _check_charter(project)
    after = _snapshot(project, shared, partners)
    changed = sorted(key for key in after if after[key] != before[key])
    if not changed:
        return project
    project.version += 1
    project.updated_at = timezone.now()
    project.save(
        update_fields=[f for f in changed if f in TRACKED_FIELDS] + ["version", "updated_at"]
    )
    if new_shared is not None:
        project.shared_with.set(Organisation.objects.filter(slug__in=shared))
    if new_partners is not None:
        project.partners.set(Organisation.objects.filter(slug__in=partners))
    _refresh_search_vector(project)
    _record_revision(project, author=acting_user, changed=changed, snapshot=after)
    audit_record(
        actor=acting_user,
        verb="project.updated",
        target=project,
        organisation=project.lead_organisation,
        detail={"fields": changed, "version": project.version},
    )
    from projects.events import project_updated

    project_updated(
        project=project,
        actor=acting_user,
        summary=f"{acting_user.full_name} changed: {', '.join(changed).replace('_', ' ')}.",
    )
    return project


@transaction.atomic
def project_coauthor_add(*, acting_user: User, project: Project, user: User) -> None:
    """Let a named person from another organisation see and edit the project."""
    if not is_member(acting_user, project.lead_organisation):
        raise ApplicationError(
            f"Only members of {project.lead_organisation.name} can add co-authors.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    for codename in ("view_project", "change_project", "coauthor_project"):
        assign_perm(f"projects.{codename}", user, project)
    audit_record(
        actor=acting_user,
        verb="project.coauthor_added",
        target=project,
        organisation=project.lead_organisation,
        detail={"user": user.email},
    )
    from projects.events import coauthor_added

    coauthor_added(project=project, user=user, actor=acting_user)


COPIED_ON_ADOPTION = [
    "title",
    "summary",
    "problem",
    "approach",
    "themes",
    "tags",
    "charter_technology",
    "charter_dpia_url",
    "charter_inclusivity",
    "charter_consequences",
    "charter_unused_functionality",
    "charter_open_data",
]


@transaction.atomic
def project_adopt(*, acting_user: User, project: Project, organisation: Organisation) -> Project:
    """Start the adopter's own project from this one: a private copy led by the adopter,
    linked back to its source."""
    if not is_member(acting_user, organisation) or organisation.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Adopt on behalf of a public body you belong to.", field="organisation"
        )
    if organisation.pk == project.lead_organisation_id:
        raise ApplicationError("This is your organisation's own project.", field="organisation")
    copy = Project(
        lead_organisation=organisation,
        visibility=Visibility.PRIVATE,
        phase=Phase.IDEA,
        adopted_from=project,
        created_by=acting_user,
        **{field: getattr(project, field) for field in COPIED_ON_ADOPTION},
    )
    copy.save()
    _refresh_search_vector(copy)
    snapshot = _snapshot(copy, [], [])
    _record_revision(copy, author=acting_user, changed=sorted(snapshot), snapshot=snapshot)
    audit_record(
        actor=acting_user,
        verb="project.adopted",
        target=project,
        organisation=organisation,
        detail={"copy": copy.pk},
    )
    return copy


@transaction.atomic
def attachment_add(
    *, acting_user: User, project: Project, upload: UploadedFile
) -> ProjectAttachment:
    # Locked, so two uploads at once cannot both slip under the limit.
    project = Project.objects.select_for_update().get(pk=project.pk)
    attachment = attachments.attachment_add(
        ProjectAttachment,
        upload,
        acting_user=acting_user,
        now=timezone.now(),
        limit=MAX_PROJECT_ATTACHMENTS,
        too_many=f"A project can hold at most {MAX_PROJECT_ATTACHMENTS} documents.",
        project=project,
    )
    audit_record(
        actor=acting_user,
        verb="project.attachment_added",
        target=project,
        organisation=project.lead_organisation,
        detail={"name": attachment.original_name},
    )
    return attachment
