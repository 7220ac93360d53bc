"""Writes of a project's outcomes (measure, baseline, target, actual) and links.

Each is an edit of the project: only those who may edit it make it, it takes the
project's next version (so the ETag changes) and it is recorded in the project's
history. Changing or removing an item is made against the version it was read at, so
it cannot undo a change its author has not seen; adding one can undo nothing, so the
version is checked only when it is given.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Max, QuerySet

from loti.accounts.models import User
from loti.api.errors import ApplicationError, Conflict
from projects.models import Outcome, Project, ProjectLink
from projects.services import OUTCOME_VALUES, project_lock_for_edit, project_revision_record

MAX_OUTCOMES = 30
MAX_LINKS = 30
# Outcome values are numeric(14, 2): up to twelve digits before the point, two after.
LARGEST_VALUE = Decimal("1e12")
CENT = Decimal("0.01")
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def _text(value: str, *, field: str, missing: str, limit: int = 200) -> str:
    value = value.strip()
    if not value:
        raise ApplicationError(missing, field=field)
    if len(value) > limit:
        raise ApplicationError(f"Keep it to {limit} characters or fewer.", field=field)
    return value


def _number(value: Decimal | int | str | None, *, field: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ApplicationError(f"Enter the {field} as a number, like 320 or 72.5.", field=field)
    if abs(number) >= LARGEST_VALUE:
        raise ApplicationError(f"The {field} must be less than a trillion.", field=field)
    if number != number.quantize(CENT):
        raise ApplicationError(f"The {field} can have at most 2 decimal places.", field=field)
    return number


def _outcome_fields(values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - {"measure", *OUTCOME_VALUES})
    if unknown:
        raise ApplicationError(f"{unknown[0]} is not part of an outcome.", field=unknown[0])
    return {
        "measure": _text(
            str(values.get("measure") or ""), field="measure", missing="Enter the measure."
        ),
        **{name: _number(values.get(name), field=name) for name in OUTCOME_VALUES},
    }


def _link_fields(values: dict[str, Any]) -> dict[str, str]:
    unknown = sorted(set(values) - {"title", "url"})
    if unknown:
        raise ApplicationError(f"{unknown[0]} is not part of a link.", field=unknown[0])
    title = _text(str(values.get("title") or ""), field="title", missing="Enter the link text.")
    url = _text(str(values.get("url") or ""), field="url", missing="Enter the web address.")
    # Only web pages: a javascript: or data: address in a link is a way to attack readers.
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ApplicationError("The web address must start with http:// or https://", field="url")
    try:
        WEB_ADDRESS(url)
    except ValidationError as error:
        raise ApplicationError(
            "Enter a web address in the correct format, like https://example.org/report",
            field="url",
        ) from error
    return {"title": title, "url": url}


def _next_position(items: QuerySet[Any], *, limit: int, noun: str) -> int:
    counted = items.aggregate(count=Count("id"), last=Max("position"))
    if counted["count"] >= limit:
        raise Conflict(f"A project can have at most {limit} {noun}.")
    return 0 if counted["last"] is None else counted["last"] + 1


def _changed(item: Outcome | ProjectLink, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, values[name])
    return changed


@transaction.atomic
def outcome_add(
    *,
    acting_user: User,
    project: Project,
    measure: str,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    actual: Decimal | None = None,
    expected_version: int | None = None,
) -> Outcome:
    project = project_lock_for_edit(
        acting_user=acting_user, project=project, expected_version=expected_version
    )
    values = _outcome_fields(
        {"measure": measure, "baseline": baseline, "target": target, "actual": actual}
    )
    position = _next_position(project.outcomes.all(), limit=MAX_OUTCOMES, noun="outcomes")
    outcome = Outcome.objects.create(project=project, position=position, **values)
    project_revision_record(
        acting_user=acting_user,
        project=project,
        field="outcomes",
        verb="project.outcome_added",
        summary=f"{acting_user.full_name} added an outcome: {outcome.measure}.",
    )
    return outcome


@transaction.atomic
def outcome_update(
    *, acting_user: User, outcome: Outcome, expected_version: int, changes: dict[str, Any]
) -> Outcome:
    """Change some of an outcome's fields; a number set to None is cleared."""
    project = project_lock_for_edit(
        acting_user=acting_user, project=outcome.project, expected_version=expected_version
    )
    outcome = Outcome.objects.get(pk=outcome.pk, project=project)
    outcome.project = project
    current = {name: getattr(outcome, name) for name in ("measure", *OUTCOME_VALUES)}
    changed = _changed(outcome, _outcome_fields({**current, **changes}))
    if changed:
        outcome.save(update_fields=changed)
        project_revision_record(
            acting_user=acting_user,
            project=project,
            field="outcomes",
            verb="project.outcome_changed",
            summary=f"{acting_user.full_name} changed the outcome {outcome.measure}.",
        )
    return outcome


@transaction.atomic
def outcome_remove(*, acting_user: User, outcome: Outcome, expected_version: int) -> Project:
    """Remove an outcome; the project, at its new version, is returned."""
    project = project_lock_for_edit(
        acting_user=acting_user, project=outcome.project, expected_version=expected_version
    )
    Outcome.objects.filter(pk=outcome.pk, project=project).delete()
    return project_revision_record(
        acting_user=acting_user,
        project=project,
        field="outcomes",
        verb="project.outcome_removed",
        summary=f"{acting_user.full_name} removed the outcome {outcome.measure}.",
    )


@transaction.atomic
def link_add(
    *,
    acting_user: User,
    project: Project,
    title: str,
    url: str,
    expected_version: int | None = None,
) -> ProjectLink:
    project = project_lock_for_edit(
        acting_user=acting_user, project=project, expected_version=expected_version
    )
    values = _link_fields({"title": title, "url": url})
    position = _next_position(project.links.all(), limit=MAX_LINKS, noun="links")
    link = ProjectLink.objects.create(project=project, position=position, **values)
    project_revision_record(
        acting_user=acting_user,
        project=project,
        field="links",
        verb="project.link_added",
        summary=f"{acting_user.full_name} added a link: {link.title}.",
    )
    return link


@transaction.atomic
def link_update(
    *, acting_user: User, link: ProjectLink, expected_version: int, changes: dict[str, Any]
) -> ProjectLink:
    project = project_lock_for_edit(
        acting_user=acting_user, project=link.project, expected_version=expected_version
    )
    link = ProjectLink.objects.get(pk=link.pk, project=project)
    link.project = project
    changed = _changed(link, _link_fields({"title": link.title, "url": link.url, **changes}))
    if changed:
        link.save(update_fields=changed)
        project_revision_record(
            acting_user=acting_user,
            project=project,
            field="links",
            verb="project.link_changed",
            summary=f"{acting_user.full_name} changed the link {link.title}.",
        )
    return link


@transaction.atomic
def link_remove(*, acting_user: User, link: ProjectLink, expected_version: int) -> Project:
    """Remove a link; the project, at its new version, is returned."""
    project = project_lock_for_edit(
        acting_user=acting_user, project=link.project, expected_version=expected_version
    )
    ProjectLink.objects.filter(pk=link.pk, project=project).delete()
    return project_revision_record(
        acting_user=acting_user,
        project=project,
        field="links",
        verb="project.link_removed",
        summary=f"{acting_user.full_name} removed the link {link.title}.",
    )
