"""Writes for playbooks: editing the draft, publishing immutable versions, adopting."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any, TypedDict

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError, Conflict
from loti.audit.services import audit_record
from loti.organisations import PUBLIC_BODY_KINDS, public_bodies_by_slug
from loti.permissions import is_member
from loti.visibility import Visibility
from projects.access import playbook_can_edit
from projects.models import Adoption, AdoptionStep, Playbook, PlaybookStep, PlaybookVersion
from projects.services import _check_themes


class StepInput(TypedDict, total=False):
    key: str
    title: str
    body: str


def _require_owner_member(user: User, playbook: Playbook) -> None:
    if not playbook_can_edit(user, playbook):
        raise ApplicationError(
            f"Only members of {playbook.owner.name} can change this playbook.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _replace_steps(playbook: Playbook, steps: Iterable[StepInput]) -> None:
    steps = list(steps)
    seen: set[str] = set()
    for index, step in enumerate(steps):
        if not str(step.get("title", "")).strip():
            raise ApplicationError("Give every step a title.", field=f"steps.{index}.title")
        key = step.get("key") or secrets.token_hex(6)
        if key in seen:
            raise ApplicationError("Two steps have the same key.", field=f"steps.{index}.key")
        seen.add(key)
        step["key"] = key
    playbook.steps.all().delete()
    PlaybookStep.objects.bulk_create(
        PlaybookStep(
            playbook=playbook,
            key=step["key"],
            position=index,
            title=step["title"].strip(),
            body=step.get("body", ""),
        )
        for index, step in enumerate(steps)
    )


@transaction.atomic
def playbook_create(
    *,
    acting_user: User,
    owner: Organisation,
    title: str,
    summary: str,
    visibility: str = Visibility.PRIVATE,
    shared_with: Iterable[str] = (),
    themes: Iterable[str] = (),
    steps: Iterable[StepInput] = (),
) -> Playbook:
    if not is_member(acting_user, owner) or owner.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Playbooks are written by public bodies you belong to.", field="owner"
        )
    if not title.strip():
        raise ApplicationError("Enter a title.", field="title")
    if not summary.strip():
        raise ApplicationError("Enter a summary.", field="summary")
    shared = public_bodies_by_slug(shared_with, field="shared_with")
    if visibility == Visibility.SHARED and not shared:
        raise ApplicationError("Name the organisations to share with.", field="shared_with")
    playbook = Playbook.objects.create(
        owner=owner,
        title=title.strip(),
        summary=summary.strip(),
        visibility=visibility,
        themes=_check_themes(themes),
        created_by=acting_user,
    )
    playbook.shared_with.set(shared)
    _replace_steps(playbook, steps)
    _refresh_search_vector(playbook)
    audit_record(actor=acting_user, verb="playbook.created", target=playbook, organisation=owner)
    return playbook


def _refresh_search_vector(playbook: Playbook) -> None:
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    bodies = " ".join(step.title + " " + step.body for step in playbook.steps.all())
    Playbook.objects.filter(pk=playbook.pk).update(
        search_vector=SearchVector(Value(playbook.title), weight="A", config="english")
        + SearchVector(Value(playbook.summary), weight="B", config="english")
        + SearchVector(Value(bodies), weight="C", config="english")
    )


@transaction.atomic
def playbook_draft_update(
    *, acting_user: User, playbook: Playbook, changes: dict[str, Any]
) -> Playbook:
    """Edit the draft. Published versions are not touched; readers keep seeing the
    latest one until the draft is published again."""
    _require_owner_member(acting_user, playbook)
    playbook = Playbook.objects.select_for_update().get(pk=playbook.pk)
    if playbook.status == Playbook.Status.ARCHIVED:
        raise Conflict("This playbook is archived.")
    fields = []
    for name in ("title", "summary", "visibility"):
        if name in changes:
            value = str(changes[name]).strip()
            if not value:
                raise ApplicationError(f"Enter the {name}.", field=name)
            setattr(playbook, name, value)
            fields.append(name)
    if "themes" in changes:
        playbook.themes = _check_themes(changes["themes"])
        fields.append("themes")
    if "shared_with" in changes:
        playbook.shared_with.set(public_bodies_by_slug(changes["shared_with"], field="shared_with"))
    if playbook.visibility == Visibility.SHARED and not playbook.shared_with.exists():
        raise ApplicationError("Name the organisations to share with.", field="shared_with")
    if "steps" in changes:
        _replace_steps(playbook, changes["steps"])
    playbook.updated_at = timezone.now()
    playbook.save(update_fields=[*fields, "updated_at"])
    _refresh_search_vector(playbook)
    audit_record(
        actor=acting_user,
        verb="playbook.draft_updated",
        target=playbook,
        organisation=playbook.owner,
        detail={"fields": sorted(changes)},
    )
    return playbook


def _steps_snapshot(playbook: Playbook) -> list[dict[str, str]]:
    return [
        {"key": step.key, "title": step.title, "body": step.body} for step in playbook.steps.all()
    ]


def versions_compare(
    older: list[dict[str, str]], newer: list[dict[str, str]]
) -> dict[str, list[str]]:
    """Which steps were added, removed, changed or moved between two versions."""
    before = {step["key"]: (i, step) for i, step in enumerate(older)}
    after = {step["key"]: (i, step) for i, step in enumerate(newer)}
    changed = [
        after[key][1]["title"]
        for key in after
        if key in before
        and (before[key][1]["title"], before[key][1]["body"])
        != (after[key][1]["title"], after[key][1]["body"])
    ]
    moved = [
        after[key][1]["title"]
        for key in after
        if key in before
        and before[key][0] != after[key][0]
        and after[key][1]["title"] not in changed
    ]
    return {
        "added": [after[key][1]["title"] for key in after if key not in before],
        "removed": [before[key][1]["title"] for key in before if key not in after],
        "changed": changed,
        "moved": moved,
    }


def describe_changes(comparison: dict[str, list[str]]) -> str:
    lines = []
    for kind, titles in comparison.items():
        if titles:
            lines.append(f"{kind.capitalize()}: {', '.join(titles)}")
    return "\n".join(lines)


@transaction.atomic
def playbook_publish(*, acting_user: User, playbook: Playbook, change_note: str) -> PlaybookVersion:
    _require_owner_member(acting_user, playbook)
    playbook = Playbook.objects.select_for_update().get(pk=playbook.pk)
    if playbook.status == Playbook.Status.ARCHIVED:
        raise Conflict("An archived playbook cannot be published.")
    if not change_note.strip():
        raise ApplicationError("Say what changed in this version.", field="change_note")
    steps = _steps_snapshot(playbook)
    if not steps:
        raise ApplicationError("Add at least one step before publishing.", field="steps")
    latest = playbook.versions.order_by("-number").first()
    if (
        latest is not None
        and latest.steps == steps
        and latest.title == playbook.title
        and (latest.summary == playbook.summary)
    ):
        raise Conflict("Nothing has changed since the last version.", field="steps")
    number = (playbook.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlaybookVersion.objects.create(
        playbook=playbook,
        number=number,
        change_note=change_note.strip(),
        title=playbook.title,
        summary=playbook.summary,
        steps=steps,
        published_by=acting_user,
    )
    playbook.status = Playbook.Status.PUBLISHED
    playbook.updated_at = timezone.now()
    playbook.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="playbook.published",
        target=playbook,
        organisation=playbook.owner,
        detail={"version": number},
    )
    if latest is not None:
        from projects.events import playbook_version_published

        changes = describe_changes(versions_compare(latest.steps, steps))
        playbook_version_published(playbook=playbook, version=version, changes=changes)
    return version


@transaction.atomic
def playbook_archive(*, acting_user: User, playbook: Playbook) -> Playbook:
    _require_owner_member(acting_user, playbook)
    playbook.status = Playbook.Status.ARCHIVED
    playbook.save(update_fields=["status"])
    audit_record(
        actor=acting_user, verb="playbook.archived", target=playbook, organisation=playbook.owner
    )
    return playbook


@transaction.atomic
def playbook_adopt(
    *, acting_user: User, playbook: Playbook, organisation: Organisation
) -> Adoption:
    if not is_member(acting_user, organisation) or organisation.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Adopt on behalf of a public body you belong to.", field="organisation"
        )
    playbook.refresh_from_db(fields=["status"])
    version = playbook.versions.order_by("-number").first()
    if version is None or playbook.status != Playbook.Status.PUBLISHED:
        raise Conflict("Only a published playbook can be adopted.")
    if organisation.pk == playbook.owner_id:
        raise Conflict("This is your organisation's own playbook.", field="organisation")
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                playbook=playbook,
                organisation=organisation,
                version=version,
                adopted_by=acting_user,
            )
    except IntegrityError as error:
        raise Conflict(
            f"{organisation.name} has already adopted this playbook.", field="organisation"
        ) from error
    AdoptionStep.objects.bulk_create(
        AdoptionStep(adoption=adoption, key=step["key"]) for step in version.steps
    )
    audit_record(
        actor=acting_user,
        verb="playbook.adopted",
        target=playbook,
        organisation=organisation,
        detail={"version": version.number},
    )
    return adoption


@transaction.atomic
def adoption_step_update(
    *, acting_user: User, adoption: Adoption, key: str, status_value: str, notes: str | None = None
) -> AdoptionStep:
    if not is_member(acting_user, adoption.organisation):
        raise ApplicationError(
            f"Only {adoption.organisation.name} tracks its own progress.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if status_value not in AdoptionStep.Status.values:
        raise ApplicationError(
            f"Status must be one of: {', '.join(AdoptionStep.Status.values)}.", field="status"
        )
    latest = adoption.playbook.versions.order_by("-number").first()
    keys = {s["key"] for s in (latest.steps if latest else [])} | {
        s["key"] for s in adoption.version.steps
    }
    if key not in keys:
        raise ApplicationError("This playbook has no such step.", field="key")
    step, _ = AdoptionStep.objects.select_for_update().get_or_create(adoption=adoption, key=key)
    step.status = status_value
    if notes is not None:
        step.notes = notes.strip()
    step.updated_at = timezone.now()
    step.save(update_fields=["status", "notes", "updated_at"])
    return step


@transaction.atomic
def adoption_progress_update(
    *, acting_user: User, adoption: Adoption, steps: dict[str, tuple[str, str | None]]
) -> list[AdoptionStep]:
    """Save the status and notes of several steps at once ({key: (status, notes)}): all of
    them or, if one is refused, none."""
    return [
        adoption_step_update(
            acting_user=acting_user,
            adoption=adoption,
            key=key,
            status_value=status_value,
            notes=notes,
        )
        for key, (status_value, notes) in steps.items()
    ]
