"""Writes of a project's outcomes (measure, baseline, target, actual) and links.

Each is an edit of the project: only those who may edit it make it, it takes the
project's next version (so the ETag changes) and it is recorded in the project's
history. Changing or removing an item is made against the version it was read at, so
it cannot undo a change its author has not seen; adding one can undo nothing, so the
version is checked only when it is given.

Outcomes and links are written the same way; what differs (their model, fields, limit
and wording) is an ItemKind: OUTCOMES or LINKS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar
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


Item = TypeVar("Item", Outcome, ProjectLink)


@dataclass(frozen=True)
class ItemKind(Generic[Item]):
    """One kind of item a project lists. `related` is both the project's related name
    for them and the field its history records them under."""

    model: type[Item]
    related: str  # "outcomes"
    noun: str  # "outcome": in audit verbs and messages
    a_noun: str  # "an outcome"
    fields: tuple[str, ...]
    limit: int
    clean: Callable[[dict[str, Any]], dict[str, Any]]

    def of(self, project: Project) -> QuerySet[Item]:
        items: QuerySet[Item] = getattr(project, self.related).all()
        return items


OUTCOMES = ItemKind(
    model=Outcome,
    related="outcomes",
    noun="outcome",
    a_noun="an outcome",
    fields=("measure", *OUTCOME_VALUES),
    limit=MAX_OUTCOMES,
    clean=_outcome_fields,
)
LINKS = ItemKind(
    model=ProjectLink,
    related="links",
    noun="link",
    a_noun="a link",
    fields=("title", "url"),
    limit=MAX_LINKS,
    clean=_link_fields,
)


def _next_position(kind: ItemKind[Item], project: Project) -> int:
    counted = kind.of(project).aggregate(count=Count("id"), last=Max("position"))
    if counted["count"] >= kind.limit:
        raise Conflict(f"A project can have at most {kind.limit} {kind.related}.")
    return 0 if counted["last"] is None else counted["last"] + 1


def _record(
    kind: ItemKind[Item], *, acting_user: User, project: Project, verb: str, did: str
) -> Project:
    return project_revision_record(
        acting_user=acting_user,
        project=project,
        field=kind.related,
        verb=f"project.{kind.noun}_{verb}",
        summary=f"{acting_user.full_name} {did}.",
    )


@transaction.atomic
def item_add(
    kind: ItemKind[Item],
    *,
    acting_user: User,
    project: Project,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Item:
    project = project_lock_for_edit(
        acting_user=acting_user, project=project, expected_version=expected_version
    )
    cleaned = kind.clean(values)
    position = _next_position(kind, project)
    item = kind.model._default_manager.create(project=project, position=position, **cleaned)
    _record(
        kind,
        acting_user=acting_user,
        project=project,
        verb="added",
        did=f"added {kind.a_noun}: {item}",
    )
    return item


@transaction.atomic
def item_update(
    kind: ItemKind[Item],
    *,
    acting_user: User,
    item: Item,
    expected_version: int,
    changes: dict[str, Any],
) -> Item:
    """Change some of an item's fields; an outcome's number set to None is cleared."""
    project = project_lock_for_edit(
        acting_user=acting_user, project=item.project, expected_version=expected_version
    )
    item = kind.model._default_manager.get(pk=item.pk, project=project)
    item.project = project
    current = {name: getattr(item, name) for name in kind.fields}
    values = kind.clean({**current, **changes})
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        item.save(update_fields=changed)
        _record(
            kind,
            acting_user=acting_user,
            project=project,
            verb="changed",
            did=f"changed the {kind.noun} {item}",
        )
    return item


@transaction.atomic
def item_remove(
    kind: ItemKind[Item], *, acting_user: User, item: Item, expected_version: int
) -> Project:
    """Remove an item; the project, at its new version, is returned."""
    project = project_lock_for_edit(
        acting_user=acting_user, project=item.project, expected_version=expected_version
    )
    kind.model._default_manager.filter(pk=item.pk, project=project).delete()
    return _record(
        kind,
        acting_user=acting_user,
        project=project,
        verb="removed",
        did=f"removed the {kind.noun} {item}",
    )


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
    values = {"measure": measure, "baseline": baseline, "target": target, "actual": actual}
    return item_add(
        OUTCOMES,
        acting_user=acting_user,
        project=project,
        values=values,
        expected_version=expected_version,
    )


def outcome_update(
    *, acting_user: User, outcome: Outcome, expected_version: int, changes: dict[str, Any]
) -> Outcome:
    return item_update(
        OUTCOMES,
        acting_user=acting_user,
        item=outcome,
        expected_version=expected_version,
        changes=changes,
    )


def outcome_remove(*, acting_user: User, outcome: Outcome, expected_version: int) -> Project:
    return item_remove(
        OUTCOMES, acting_user=acting_user, item=outcome, expected_version=expected_version
    )


def link_add(
    *,
    acting_user: User,
    project: Project,
    title: str,
    url: str,
    expected_version: int | None = None,
) -> ProjectLink:
    return item_add(
        LINKS,
        acting_user=acting_user,
        project=project,
        values={"title": title, "url": url},
        expected_version=expected_version,
    )


def link_update(
    *, acting_user: User, link: ProjectLink, expected_version: int, changes: dict[str, Any]
) -> ProjectLink:
    return item_update(
        LINKS,
        acting_user=acting_user,
        item=link,
        expected_version=expected_version,
        changes=changes,
    )


def link_remove(*, acting_user: User, link: ProjectLink, expected_version: int) -> Project:
    return item_remove(LINKS, acting_user=acting_user, item=link, expected_version=expected_version)
