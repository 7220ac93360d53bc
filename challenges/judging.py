"""Writes for judging: rounds and rubrics, panels and judge invitations, conflicts of
interest, assignments, scores, advancing entries.

Conflicts are HotCRP's model: a judge declares before seeing any entry; memberships
and e-mail domains are checked automatically and flagged; the chair confirms or
dismisses each flag. A declared or confirmed conflict, or a flag nobody has looked at,
keeps the judge off the entry: unassignable, unable to see or score it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils.text import slugify
from guardian.shortcuts import assign_perm, remove_perm
from rest_framework import status

from challenges import events
from challenges.access import blocking_conflicts, is_chair, is_owner, panel_place
from challenges.models import (
    Assignment,
    AssignmentBatch,
    Challenge,
    ChallengeStatus,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    Eligibility,
    Entry,
    EntryConflict,
    EntryStatus,
    JudgeReminder,
    Method,
    PanelMember,
    Round,
    RoundEntry,
    RoundKind,
    RoundStatus,
    RubricCriterion,
    ScoreSheet,
)
from loti.accounts.models import User
from loti.api.errors import ApplicationError, Conflict
from loti.audit.services import audit_record
from loti.scoring.assignment import assign
from loti.scoring.conflicts import people_conflicts
from loti.scoring.criteria import Criterion, criteria_check
from procurement.dates import db_now

JUDGE_INVITATION_SALT = "challenges.judge-invitation"
ROUND_SETUP_FIELDS = [
    "name",
    "kind",
    "blind",
    "judges_per_entry",
    "max_per_judge",
    "scale",
    "comment_required",
    "method",
    "disagreement_threshold",
    "advance_count",
    "deadline",
]
# Fields that may still change once scoring has started.
ROUND_SCORING_FIELDS = ["judges_per_entry", "max_per_judge", "deadline", "disagreement_threshold"]
DEFAULT_SCALE = [
    {"score": 0, "descriptor": "Does not address the criterion"},
    {"score": 1, "descriptor": "Weak"},
    {"score": 2, "descriptor": "Adequate"},
    {"score": 3, "descriptor": "Good"},
    {"score": 4, "descriptor": "Very good"},
    {"score": 5, "descriptor": "Excellent"},
]


def _forbidden(message: str) -> ApplicationError:
    return ApplicationError(message, status_code=status.HTTP_403_FORBIDDEN)


def _require_owner(user: User, challenge: Challenge) -> None:
    if not is_owner(user, challenge):
        raise _forbidden(f"Only officers of {challenge.owner.name} can do this.")


def _require_chair(user: User, round_: Round) -> None:
    if not is_chair(user, round_):
        raise _forbidden("Only the round's chair can do this.")


def _require_owner_or_chair(user: User, round_: Round) -> None:
    if not (is_owner(user, round_.challenge) or is_chair(user, round_)):
        raise _forbidden("Only the challenge's owners and the round's chair can do this.")


def _require_round_status(round_: Round, *allowed: str, action: str) -> None:
    if round_.status not in allowed:
        label = RoundStatus(round_.status).label.lower()
        raise Conflict(f"You cannot {action} while the round is {label}.", field="status")


def _lock_round(round_id: int) -> Round:
    return Round.objects.select_for_update().select_related("challenge__owner").get(pk=round_id)


# Rounds and rubrics ---------------------------------------------------------------------


def _check_scale(scale: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    levels = []
    for item in scale:
        try:
            score = int(item["score"])
        except (KeyError, TypeError, ValueError):
            score = None
        descriptor = str(item.get("descriptor", "")).strip()
        if score is None or score != item.get("score") or not descriptor:
            raise ApplicationError(
                "Each level of the scale is a whole-number score with a descriptor.",
                field="scale",
            )
        levels.append({"score": score, "descriptor": descriptor})
    values = [level["score"] for level in levels]
    if len(values) < 2 or len(set(values)) != len(values):
        raise ApplicationError("A scale has two or more different levels.", field="scale")
    return sorted(levels, key=lambda level: level["score"])


def _check_rubric(criteria: Iterable[Mapping[str, Any]]) -> list[RubricCriterion]:
    rows = []
    for position, item in enumerate(criteria):
        name = str(item.get("name", "")).strip()
        if not name:
            raise ApplicationError("Give each criterion a name.", field="criteria")
        key = str(item.get("key") or "").strip() or slugify(name)[:40] or "criterion"
        rows.append(
            RubricCriterion(
                key=key,
                name=name,
                description=str(item.get("description", "")).strip(),
                weight=Decimal(str(item.get("weight", 0))),
                position=position,
            )
        )
    criteria_check(
        [Criterion(key=r.key, name=r.name, weight=r.weight) for r in rows], field="criteria"
    )
    return rows


def _check_round(round_: Round) -> None:
    errors: dict[str, list[str]] = {}
    if not round_.name.strip():
        errors["name"] = ["Name the round."]
    if round_.kind not in RoundKind.values:
        errors["kind"] = [f"Kind must be one of: {', '.join(RoundKind.values)}."]
    if round_.method not in Method.values:
        errors["method"] = [f"Method must be one of: {', '.join(Method.values)}."]
    if round_.judges_per_entry < 1:
        errors["judges_per_entry"] = ["Each entry needs at least one judge."]
    if round_.max_per_judge is not None and round_.max_per_judge < 1:
        errors["max_per_judge"] = ["A judge's cap is at least 1."]
    if round_.disagreement_threshold is not None and Decimal(round_.disagreement_threshold) < 0:
        errors["disagreement_threshold"] = ["The threshold cannot be negative."]
    if errors:
        names = ", ".join(sorted(errors)).replace("_", " ")
        raise ApplicationError(f"There is a problem with {names}.", fields=errors)


@transaction.atomic
def round_create(
    *,
    acting_user: User,
    challenge: Challenge,
    name: str,
    kind: str,
    criteria: Iterable[Mapping[str, Any]],
    scale: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Round:
    """Add the next round, with its rubric: weighted criteria (totalling 100) and a
    score scale with a descriptor per level."""
    _require_owner(acting_user, challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status in (
        ChallengeStatus.DECIDED,
        ChallengeStatus.PUBLISHED,
        ChallengeStatus.CANCELLED,
    ):
        raise Conflict("Rounds cannot be added once the challenge is decided.", field="status")
    unknown = set(fields) - set(ROUND_SETUP_FIELDS)
    if unknown:
        raise ApplicationError(f"{', '.join(sorted(unknown))} cannot be set here.")
    number = (challenge.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = Round(challenge=challenge, number=number, name=name.strip(), kind=kind, **fields)
    round_.scale = _check_scale(DEFAULT_SCALE if scale is None else scale)
    _check_round(round_)
    rows = _check_rubric(criteria)
    round_.save()
    for row in rows:
        row.round = round_
    RubricCriterion.objects.bulk_create(rows)
    audit_record(
        actor=acting_user,
        verb="round.created",
        target=round_,
        organisation=challenge.owner,
        detail={"number": number, "kind": kind},
    )
    return round_


@transaction.atomic
def round_update(*, acting_user: User, round_: Round, changes: Mapping[str, Any]) -> Round:
    """Change a round. Its rubric and blindness are fixed once scoring starts; the
    ranking method is fixed once the first score is in, so nobody picks it after
    seeing which one favours whom."""
    round_ = _lock_round(round_.pk)
    changes = dict(changes)
    if "method" in changes:
        if not (is_chair(acting_user, round_) or is_owner(acting_user, round_.challenge)):
            raise _forbidden("Only the round's chair or the owners can choose the method.")
        if ScoreSheet.objects.filter(round=round_).exists():
            raise Conflict(
                "The ranking method is fixed once the first score is in.", field="method"
            )
    if set(changes) - {"method"}:
        _require_owner(acting_user, round_.challenge)
    if round_.status == RoundStatus.CLOSED:
        raise Conflict("A closed round cannot change.", field="status")
    allowed = (
        ROUND_SETUP_FIELDS
        if round_.status == RoundStatus.SETUP
        else [
            *ROUND_SCORING_FIELDS,
            "method",
        ]
    )
    criteria = changes.pop("criteria", None)
    refused = sorted(set(changes) - set(allowed)) + (
        ["criteria"] if criteria is not None and round_.status != RoundStatus.SETUP else []
    )
    if refused:
        raise Conflict(
            f"Once scoring starts these cannot change: {', '.join(refused)}.", field=refused[0]
        )
    if "scale" in changes:
        changes["scale"] = _check_scale(changes["scale"])
    for field, value in changes.items():
        setattr(round_, field, value.strip() if isinstance(value, str) else value)
    _check_round(round_)
    round_.save(update_fields=list(changes))
    if criteria is not None:
        rows = _check_rubric(criteria)
        round_.criteria.all().delete()
        for row in rows:
            row.round = round_
        RubricCriterion.objects.bulk_create(rows)
    audit_record(
        actor=acting_user,
        verb="round.updated",
        target=round_,
        organisation=round_.challenge.owner,
        detail={
            "fields": sorted([*changes, *(["criteria"] if criteria is not None else [])]),
            **({"method": changes["method"]} if "method" in changes else {}),
        },
    )
    return round_


@transaction.atomic
def round_start(*, acting_user: User, round_: Round) -> Round:
    """Start scoring. The first round takes every submitted entry screened eligible,
    once the challenge has closed by the database clock; later rounds take the entries
    advanced into them."""
    _require_owner(acting_user, round_.challenge)
    challenge = Challenge.objects.select_for_update().get(pk=round_.challenge_id)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SETUP, action="start scoring")
    if not PanelMember.objects.filter(round=round_, is_chair=True).exists():
        raise ApplicationError("Invite the round's chair first.", field="panel")
    if round_.number == 1:
        _start_first_round(challenge, round_, acting_user)
    else:
        previous = Round.objects.get(challenge=challenge, number=round_.number - 1)
        if previous.status != RoundStatus.CLOSED:
            raise Conflict("Close the previous round first.", field="round")
        if not RoundEntry.objects.filter(round=round_).exists():
            raise Conflict("Advance entries into this round first.", field="entries")
    now = db_now()
    round_.status = RoundStatus.SCORING
    round_.started_at = now
    round_.save(update_fields=["status", "started_at"])
    conflicts_detect(round_=round_)
    audit_record(
        actor=acting_user, verb="round.started", target=round_, organisation=challenge.owner
    )
    return round_


def _start_first_round(challenge: Challenge, round_: Round, acting_user: User) -> None:
    if (
        challenge.status == ChallengeStatus.OPEN
        and not Challenge.objects.filter(pk=challenge.pk, closes_at__lte=db_now()).exists()
    ):
        raise Conflict("Judging starts once the challenge has closed.", field="closes_at")
    if challenge.status != ChallengeStatus.OPEN:
        label = ChallengeStatus(challenge.status).label.lower()
        raise Conflict(f"You cannot start judging a challenge that is {label}.", field="status")
    submitted = Entry.objects.filter(challenge=challenge, status=EntryStatus.SUBMITTED)
    unscreened = submitted.filter(eligibility=Eligibility.PENDING).count()
    if unscreened:
        raise Conflict(f"Screen every entry first: {unscreened} not screened.", field="entries")
    eligible = submitted.filter(eligibility=Eligibility.ELIGIBLE)
    RoundEntry.objects.bulk_create(
        RoundEntry(round=round_, entry=entry, advanced_by=acting_user) for entry in eligible
    )
    challenge.status = ChallengeStatus.JUDGING
    challenge.updated_at = db_now()
    challenge.save(update_fields=["status", "updated_at"])


@transaction.atomic
def round_close(*, acting_user: User, round_: Round) -> Round:
    """End scoring (the owners or the chair): from now on no score is accepted or
    changed, the ranking and its seeded draw for any tie left are recorded, and the
    next round can start once entries are advanced into it."""
    _require_owner_or_chair(acting_user, round_)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SCORING, action="close scoring")
    round_.status = RoundStatus.CLOSED
    round_.closed_at = db_now()
    round_.save(update_fields=["status", "closed_at"])
    from challenges.results import round_results

    results = round_results(round_=round_)
    audit_record(
        actor=acting_user,
        verb="round.closed",
        target=round_,
        organisation=round_.challenge.owner,
        detail={
            "method": round_.method,
            "seed": round_.draw_seed,
            "draws": results["draws"],
            "ranking": [row["entry"] for row in results["rows"]],
        },
    )
    return round_


@transaction.atomic
def entries_advance(
    *, acting_user: User, round_: Round, entry_ids: Iterable[int]
) -> list[RoundEntry]:
    """The chair moves entries from this closed round into the next one."""
    _require_chair(acting_user, round_)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.CLOSED, action="advance entries")
    following = Round.objects.filter(challenge=round_.challenge, number=round_.number + 1).first()
    if following is None:
        raise Conflict("Add the next round before advancing entries to it.", field="round")
    _require_round_status(following, RoundStatus.SETUP, action="advance entries into it")
    ids = list(dict.fromkeys(int(pk) for pk in entry_ids))
    if not ids:
        raise ApplicationError("Choose the entries to advance.", field="entries")
    here = set(
        RoundEntry.objects.filter(round=round_, entry_id__in=ids).values_list("entry_id", flat=True)
    )
    missing = [pk for pk in ids if pk not in here]
    if missing:
        raise ApplicationError(
            f"Not entries of this round: {', '.join(map(str, missing))}.", field="entries"
        )
    already = sorted(
        RoundEntry.objects.filter(round=following, entry_id__in=ids).values_list(
            "entry_id", flat=True
        )
    )
    if already:
        raise Conflict(f"Already advanced: {', '.join(map(str, already))}.", field="entries")
    try:
        with transaction.atomic():
            rows = RoundEntry.objects.bulk_create(
                RoundEntry(round=following, entry_id=pk, advanced_by=acting_user) for pk in ids
            )
    except IntegrityError as error:  # two chairs' tabs at once: the unique row decides
        raise Conflict("These entries were advanced already.", field="entries") from error
    audit_record(
        actor=acting_user,
        verb="round.entries_advanced",
        target=following,
        organisation=round_.challenge.owner,
        detail={"from_round": round_.number, "entries": ids},
    )
    events.entries_shortlisted(round_=following, entry_ids=ids, acting_user=acting_user)
    return rows


# Panels ---------------------------------------------------------------------------------


def judge_invitation_token(member: PanelMember) -> str:
    return signing.dumps({"panel_member": member.pk}, salt=JUDGE_INVITATION_SALT)


def judge_invitation_from_token(token: str) -> PanelMember:
    max_age = timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=JUDGE_INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ApplicationError(
            "This invitation has expired. Ask for a new one.",
            field="token",
            status_code=status.HTTP_410_GONE,
        ) from error
    except signing.BadSignature as error:
        raise _no_invitation() from error
    member = (
        PanelMember.objects.select_related("round__challenge")
        .filter(pk=payload.get("panel_member"))
        .first()
    )
    if member is None:  # withdrawn: the judge was taken off the panel
        raise _no_invitation()
    return member


def _no_invitation() -> ApplicationError:
    """A forged link and a withdrawn invitation look the same: not found."""
    return ApplicationError(
        "This invitation link is not valid.", field="token", status_code=status.HTTP_404_NOT_FOUND
    )


@transaction.atomic
def panel_invite(
    *, acting_user: User, round_: Round, email: str, is_chair: bool = False
) -> PanelMember:
    """Invite a judge by e-mail; they join by the signed link, with or without an
    account. Inviting the chair again moves the chair."""
    _require_owner(acting_user, round_.challenge)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SETUP, RoundStatus.SCORING, action="invite judges")
    email = User.objects.normalize_email(email.strip()).lower()
    if PanelMember.objects.filter(round=round_, email=email).exists():
        raise Conflict(f"{email} is already on this panel.", field="email")
    if is_chair:
        PanelMember.objects.filter(round=round_, is_chair=True).update(is_chair=False)
    member = PanelMember.objects.create(
        round=round_, email=email, is_chair=is_chair, invited_by=acting_user, invited_at=db_now()
    )
    audit_record(
        actor=acting_user,
        verb="round.judge_invited",
        target=round_,
        organisation=round_.challenge.owner,
        detail={"email": email, "chair": is_chair},
    )
    events.judge_invited(member=member, token=judge_invitation_token(member))
    return member


PANEL_CHANGE_STATUSES = (RoundStatus.SETUP, RoundStatus.SCORING)


def _member_name(member: PanelMember) -> str:
    return (member.user.full_name if member.user else "") or member.email


@transaction.atomic
def panel_member_remove(*, acting_user: User, member: PanelMember) -> dict[str, list[int]]:
    """Take a judge off the round's panel (the owners or the chair), or withdraw an
    invitation not yet accepted. Every assignment of theirs goes: the entries they had
    not scored are short of a judge again, for the chair to assign to someone else.
    Scores they gave stop counting anywhere (results, the other judges' view, exports,
    the entrants' feedback): their score sheets in this round are deleted, and each is
    written in full to this removal's audit row, beside the audit rows of every
    version. Not the chair (hand the chair over first), and not once scoring has closed
    (the ranking is final). Returns the entry ids released back and those whose scores
    were withdrawn."""
    round_ = _lock_round(member.round_id)
    _require_owner_or_chair(acting_user, round_)
    _require_round_status(round_, *PANEL_CHANGE_STATUSES, action="change the panel")
    locked = (
        PanelMember.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=member.pk, round=round_)
        .first()
    )
    if locked is None:
        raise Conflict(f"{member.email} is no longer on this panel.", field="member")
    if locked.is_chair:
        raise Conflict(
            "The panel needs its chair: make another judge the chair first.", field="member"
        )
    judge = locked.user
    sheets = list(ScoreSheet.objects.filter(round=round_, judge=judge).order_by("entry_id"))
    scored = {sheet.entry_id for sheet in sheets}
    assigned = Assignment.objects.filter(round=round_, judge=judge)
    released_back = sorted(set(assigned.values_list("entry_id", flat=True)) - scored)
    assigned.delete()
    ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]).delete()
    locked.delete()
    challenge = round_.challenge
    if (
        judge is not None
        and not PanelMember.objects.filter(round__challenge=challenge, user=judge).exists()
    ):
        remove_perm("challenges.view_challenge", judge, challenge)
    outcome = {"released": released_back, "withdrawn": sorted(scored)}
    audit_record(
        actor=acting_user,
        verb="round.judge_removed",
        target=round_,
        organisation=challenge.owner,
        detail={
            "email": locked.email,
            "judge": judge.pk if judge else None,
            "assignments_released": released_back,
            "scores_withdrawn": [
                {
                    "entry": sheet.entry_id,
                    "version": sheet.version,
                    "scores": sheet.scores,
                    "comments": sheet.comments,
                    "feedback": sheet.feedback,
                }
                for sheet in sheets
            ],
        },
    )
    events.judge_removed(round_=round_, member=locked, acting_user=acting_user)
    return outcome


@transaction.atomic
def panel_chair_set(*, acting_user: User, member: PanelMember) -> PanelMember:
    """Make a judge who has joined the panel its chair (the owners, or the chair
    handing over). A panel has exactly one chair: the one before stays as a judge."""
    round_ = _lock_round(member.round_id)
    _require_owner_or_chair(acting_user, round_)
    _require_round_status(round_, *PANEL_CHANGE_STATUSES, action="change the chair")
    locked = (
        PanelMember.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=member.pk, round=round_)
        .first()
    )
    if locked is None:
        raise Conflict(f"{member.email} is no longer on this panel.", field="member")
    member = locked
    if member.is_chair:
        raise Conflict(f"{_member_name(member)} already chairs this panel.", field="member")
    if member.accepted_at is None:
        raise ApplicationError(
            f"{member.email} has not joined the panel yet: only a judge who has accepted "
            "the invitation can chair it.",
            field="member",
        )
    previous = PanelMember.objects.filter(round=round_, is_chair=True).first()
    # One statement after the other: the unique index allows one chair per round.
    PanelMember.objects.filter(round=round_, is_chair=True).update(is_chair=False)
    member.is_chair = True
    member.save(update_fields=["is_chair"])
    audit_record(
        actor=acting_user,
        verb="round.chair_changed",
        target=round_,
        organisation=round_.challenge.owner,
        detail={"chair": member.email, "previous": previous.email if previous else None},
    )
    events.chair_changed(round_=round_, member=member, acting_user=acting_user)
    return member


def _new_judge_account(email: str, full_name: str, password: str) -> User:
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors["full_name"] = ["Enter your full name."]
    try:
        password_validation.validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ApplicationError(
            "There is a problem with " + ", ".join(sorted(errors)).replace("_", " ") + ".",
            fields=errors,
        )
    return User.objects.create_user(email=email, password=password, full_name=full_name.strip())


@transaction.atomic
def judge_invitation_accept(
    *, token: str, acting_user: User | None, full_name: str = "", password: str = ""
) -> PanelMember:
    """Join the panel: signed in as the address invited, or by creating that account.
    Judges need no organisation; the grant on the challenge lets them see it."""
    member = judge_invitation_from_token(token)
    member = (
        PanelMember.objects.select_for_update().select_related("round__challenge").get(pk=member.pk)
    )
    if member.accepted_at:
        raise Conflict("This invitation has already been used.", field="token")
    if acting_user is not None and acting_user.is_authenticated:
        if acting_user.email != member.email:
            raise ApplicationError(
                f"This invitation is for {member.email}. Sign out and accept it as that person.",
                field="token",
                status_code=status.HTTP_403_FORBIDDEN,
            )
        user = acting_user
    elif User.objects.filter(email=member.email).exists():
        raise ApplicationError(
            f"An account for {member.email} already exists. Sign in to accept.",
            field="token",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    else:
        user = _new_judge_account(member.email, full_name, password)
    member.user = user
    member.accepted_at = db_now()
    member.save(update_fields=["user", "accepted_at"])
    assign_perm("challenges.view_challenge", user, member.round.challenge)
    audit_record(
        actor=user,
        verb="round.judge_joined",
        target=member.round,
        detail={"email": member.email, "chair": member.is_chair},
    )
    conflicts_detect(round_=member.round, judges=[user])
    return member


# Conflicts ------------------------------------------------------------------------------


def _entrant_organisations(entries: Iterable[Entry]) -> dict[int, set[int]]:
    """Each entry's organisations: the supplier and its partners."""
    ids = [entry.pk for entry in entries]
    found: dict[int, set[int]] = {pk: set() for pk in ids}
    for entry_id, supplier_id in Entry.objects.filter(pk__in=ids).values_list("pk", "supplier_id"):
        found[entry_id].add(supplier_id)
    for entry_id, partner_id in Entry.partners.through.objects.filter(entry_id__in=ids).values_list(
        "entry_id", "organisation_id"
    ):
        found[entry_id].add(partner_id)
    return found


def conflicts_detect(*, round_: Round, judges: Iterable[User] | None = None) -> int:
    """Flag each judge of the round against each entry in it, from memberships (now
    and past) and e-mail domains. Flags already there are kept as they are (a chair's
    dismissal stands). Returns how many new flags."""
    if judges is None:
        judges = User.objects.filter(
            panel_places__round=round_, panel_places__accepted_at__isnull=False
        )
    judges = list(judges)
    entries = list(Entry.objects.filter(round_entries__round=round_))
    if not judges or not entries:
        return 0
    organisations = _entrant_organisations(entries)
    found = people_conflicts(
        people=judges, organisation_ids={o for orgs in organisations.values() for o in orgs}
    )
    now = db_now()
    rows = []
    for judge in judges:
        for entry_id, orgs in organisations.items():
            for organisation_id in sorted(orgs):
                for source, detail in found.get((judge.pk, organisation_id), []):
                    rows.append(
                        EntryConflict(
                            entry_id=entry_id,
                            judge=judge,
                            source=source,
                            kind=ConflictKind.ORGANISATIONAL,
                            detail=detail,
                            status=ConflictStatus.FLAGGED,
                            created_at=now,
                        )
                    )
    created = EntryConflict.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def declaration_make(
    *,
    acting_user: User,
    round_: Round,
    conflicts: Iterable[Mapping[str, Any]] = (),
    organisations: Iterable[Mapping[str, Any]] = (),
) -> PanelMember:
    """A judge's declaration, once per round, before seeing any entry: none (both lists
    empty), or typed conflicts with entries (named by id) or with organisations (named
    by slug, which is how a judge declares in a blind round). Automatic checks run too."""
    place = panel_place(acting_user, round_)
    if place is None:
        raise _forbidden("Only the round's judges declare conflicts.")
    place = PanelMember.objects.select_for_update().get(pk=place.pk)
    if place.declared_at:
        raise Conflict("You have already declared your conflicts for this round.")
    entries = set(RoundEntry.objects.filter(round=round_).values_list("entry_id", flat=True))
    declared: dict[int, tuple[str, str]] = {}
    for item in conflicts:
        entry_id, kind, detail = (
            int(item["entry"]),
            item.get("kind", ""),
            str(item.get("detail", "")),
        )
        if entry_id not in entries:
            raise ApplicationError(f"Not an entry of this round: {entry_id}.", field="conflicts")
        _check_kind(kind, field="conflicts")
        declared[entry_id] = (kind, detail.strip())
    by_slug = {str(item["organisation"]): item for item in organisations}
    if by_slug:
        organisation_entries = _entries_by_organisation_slug(round_, by_slug)
        for slug, item in by_slug.items():
            _check_kind(item.get("kind", ""), field="organisations")
            for entry_id in organisation_entries.get(slug, []):
                declared.setdefault(entry_id, (item["kind"], str(item.get("detail", "")).strip()))
    now = db_now()
    EntryConflict.objects.bulk_create(
        [
            EntryConflict(
                entry_id=entry_id,
                judge=acting_user,
                source=ConflictSource.DECLARED,
                kind=kind,
                detail=detail,
                status=ConflictStatus.CONFIRMED,
                created_at=now,
            )
            for entry_id, (kind, detail) in declared.items()
        ],
        ignore_conflicts=True,
    )
    place.declared_at = now
    place.save(update_fields=["declared_at"])
    detected = conflicts_detect(round_=round_, judges=[acting_user])
    # The audit row names entries by id only: in a blind round it must not link a
    # judge's declaration to an entrant's name.
    audit_record(
        actor=acting_user,
        verb="round.conflicts_declared",
        target=round_,
        detail={"declared": sorted(declared), "flags_added": detected},
    )
    return place


def _check_kind(kind: str, *, field: str) -> None:
    if kind not in ConflictKind.values:
        raise ApplicationError(
            f"Say what kind of conflict: {', '.join(ConflictKind.values)}.", field=field
        )


def _entries_by_organisation_slug(round_: Round, slugs: Iterable[str]) -> dict[str, list[int]]:
    wanted = list(slugs)
    rows = Entry.objects.filter(round_entries__round=round_).filter(
        Q(supplier__slug__in=wanted) | Q(partners__slug__in=wanted)
    )
    found: dict[str, list[int]] = {}
    for entry_id, supplier, partner in rows.values_list("pk", "supplier__slug", "partners__slug"):
        for slug in (supplier, partner):
            if slug in wanted:
                found.setdefault(slug, []).append(entry_id)
    return found


@transaction.atomic
def conflict_decide(*, acting_user: User, conflict: EntryConflict, confirm: bool) -> EntryConflict:
    """The chair confirms a flagged conflict (the judge stays off the entry) or
    dismisses it (the judge may be assigned). A judge's own declaration stands."""
    conflict = EntryConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.judge_id == acting_user.pk:
        raise _forbidden(
            "You cannot review a conflict of your own. It keeps you off the entry; if it "
            "should not, hand the chair to another judge to review it."
        )
    if conflict.source == ConflictSource.DECLARED:
        raise Conflict("A judge's own declaration cannot be dismissed.", field="status")
    conflict.status = ConflictStatus.CONFIRMED if confirm else ConflictStatus.DISMISSED
    conflict.decided_by = acting_user
    conflict.decided_at = db_now()
    conflict.save(update_fields=["status", "decided_by", "decided_at"])
    if confirm:
        # A confirmed conflict takes the judge off the entry; scores already given
        # stay on record but are left out of the results (see challenges.results).
        Assignment.objects.filter(entry_id=conflict.entry_id, judge_id=conflict.judge_id).delete()
    audit_record(
        actor=acting_user,
        verb="conflict.confirmed" if confirm else "conflict.dismissed",
        target=conflict,
        detail={"entry": conflict.entry_id, "judge": conflict.judge_id, "source": conflict.source},
    )
    return conflict


# Assignments ----------------------------------------------------------------------------


def _declared_judges(round_: Round) -> list[int]:
    return list(
        PanelMember.objects.filter(
            round=round_, accepted_at__isnull=False, declared_at__isnull=False
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _blocked_pairs(round_: Round, judges: Iterable[int]) -> set[tuple[int, int]]:
    rows = EntryConflict.objects.filter(
        judge_id__in=list(judges),
        entry__round_entries__round=round_,
        status__in=[ConflictStatus.CONFIRMED, ConflictStatus.FLAGGED],
    ).values_list("entry_id", "judge_id")
    return set(rows)


@transaction.atomic
def assignments_auto(*, acting_user: User, round_: Round) -> AssignmentBatch:
    """Assign each entry k judges (never a conflicted one, loads balanced, at most the
    cap each), as one batch the chair previews, adjusts, releases or undoes. Only
    judges who have declared are assigned."""
    _require_chair(acting_user, round_)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SCORING, action="assign entries")
    judges = _declared_judges(round_)
    if not judges:
        raise Conflict("No judge has declared their conflicts yet.", field="panel")
    entries = list(
        RoundEntry.objects.filter(round=round_)
        .order_by("entry_id")
        .values_list("entry_id", flat=True)
    )
    existing = list(Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id"))
    plan = assign(
        entries=entries,
        judges=judges,
        k=round_.judges_per_entry,
        blocked=_blocked_pairs(round_, judges),
        cap=round_.max_per_judge,
        existing=existing,
    )
    now = db_now()
    batch = AssignmentBatch.objects.create(round=round_, created_by=acting_user, created_at=now)
    Assignment.objects.bulk_create(
        Assignment(round=round_, entry_id=entry, judge_id=judge, batch=batch, created_at=now)
        for entry, judge in plan.pairs
    )
    audit_record(
        actor=acting_user,
        verb="round.assignments_proposed",
        target=round_,
        detail={
            "batch": batch.pk,
            "assignments": len(plan.pairs),
            "short": {str(k): v for k, v in plan.short.items()},
        },
    )
    return batch


def _assignable(round_: Round, entry_id: int, judge_id: int) -> None:
    if not RoundEntry.objects.filter(round=round_, entry_id=entry_id).exists():
        raise ApplicationError(f"Not an entry of this round: {entry_id}.", field="entry")
    if judge_id not in _declared_judges(round_):
        raise ApplicationError(
            "Assign judges of this round who have declared their conflicts.", field="judge"
        )
    if blocking_conflicts(judge=judge_id).filter(entry_id=entry_id).exists():
        raise Conflict("This judge has a conflict of interest with the entry.", field="judge")
    cap = round_.max_per_judge
    if (
        cap is not None
        and Assignment.objects.filter(round=round_, judge_id=judge_id).count() >= cap
    ):
        raise Conflict(f"This judge already has the most entries allowed ({cap}).", field="judge")


@transaction.atomic
def assignment_add(*, acting_user: User, round_: Round, entry_id: int, judge_id: int) -> Assignment:
    """The chair's adjustment: one more judge on one entry."""
    _require_chair(acting_user, round_)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SCORING, action="assign entries")
    _assignable(round_, entry_id, judge_id)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                round=round_, entry_id=entry_id, judge_id=judge_id, created_at=db_now()
            )
    except IntegrityError as error:
        raise Conflict("This judge is already assigned this entry.", field="judge") from error
    audit_record(
        actor=acting_user,
        verb="round.assignment_added",
        target=round_,
        detail={"entry": entry_id, "judge": judge_id},
    )
    return assignment


def _scored(assignments: Iterable[Assignment]) -> list[Assignment]:
    pairs = {(a.round_id, a.entry_id, a.judge_id): a for a in assignments}
    if not pairs:
        return []
    rounds = {key[0] for key in pairs}
    sheets = ScoreSheet.objects.filter(round_id__in=rounds).values_list(
        "round_id", "entry_id", "judge_id"
    )
    return [pairs[key] for key in sheets if key in pairs]


@transaction.atomic
def assignment_remove(*, acting_user: User, assignment: Assignment) -> None:
    _require_chair(acting_user, assignment.round)
    _lock_round(assignment.round_id)
    if _scored([assignment]):
        raise Conflict("This judge has scored the entry: the assignment stays.", field="assignment")
    audit_record(
        actor=acting_user,
        verb="round.assignment_removed",
        target=assignment.round,
        detail={"entry": assignment.entry_id, "judge": assignment.judge_id},
    )
    assignment.delete()


@transaction.atomic
def assignments_release(*, acting_user: User, round_: Round) -> int:
    """Let judges see what they are assigned; each is told how many (never who)."""
    _require_chair(acting_user, round_)
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SCORING, action="release assignments")
    pending = Assignment.objects.filter(round=round_, released_at__isnull=True)
    counts: dict[int, int] = {}
    for judge_id in pending.values_list("judge_id", flat=True):
        counts[judge_id] = counts.get(judge_id, 0) + 1
    if not counts:
        raise Conflict("There are no assignments waiting to be released.", field="assignments")
    released = pending.update(released_at=db_now())
    audit_record(
        actor=acting_user,
        verb="round.assignments_released",
        target=round_,
        detail={"assignments": released},
    )
    events.assignments_released(round_=round_, counts=counts, acting_user=acting_user)
    return released


@transaction.atomic
def batch_undo(*, acting_user: User, batch: AssignmentBatch) -> AssignmentBatch:
    """Undo a bulk assignment as a whole, unless a judge has scored under it."""
    _require_chair(acting_user, batch.round)
    _lock_round(batch.round_id)
    batch = AssignmentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at:
        raise Conflict("This assignment was already undone.", field="batch")
    assignments = list(batch.assignments.all())
    scored = _scored(assignments)
    if scored:
        raise Conflict(
            f"{len(scored)} of these assignments have been scored: it cannot be undone.",
            field="batch",
        )
    Assignment.objects.filter(batch=batch).delete()
    batch.undone_at = db_now()
    batch.save(update_fields=["undone_at"])
    audit_record(
        actor=acting_user,
        verb="round.assignments_undone",
        target=batch.round,
        detail={"batch": batch.pk, "assignments": len(assignments)},
    )
    return batch


# Scores ---------------------------------------------------------------------------------


def _check_sheet(
    round_: Round,
    scores: Mapping[str, Any],
    comments: Mapping[str, str],
) -> tuple[dict[str, int], dict[str, str]]:
    keys = list(round_.criteria.order_by("position", "id").values_list("key", flat=True))
    unknown = sorted(set(scores) - set(keys))
    missing = [key for key in keys if key not in scores]
    if unknown or missing:
        raise ApplicationError(
            f"Score every criterion of the rubric, and only those: {', '.join(keys)}.",
            field="scores",
        )
    levels = round_.scale_values
    cleaned: dict[str, int] = {}
    for key, value in scores.items():
        number = Decimal(str(value))
        if number != number.to_integral_value() or int(number) not in levels:
            raise ApplicationError(
                f"{key}: {value} is not on the scale; choose one of {', '.join(map(str, levels))}.",
                field="scores",
            )
        cleaned[key] = int(number)
    notes = {key: str(text).strip() for key, text in comments.items() if str(text).strip()}
    stray = sorted(set(notes) - set(keys))
    if stray:
        raise ApplicationError(
            f"Not a criterion of the rubric: {', '.join(stray)}.", field="comments"
        )
    if round_.comment_required:
        without = [key for key in keys if key not in notes]
        if without:
            raise ApplicationError(
                f"This round needs a comment on every criterion; missing: {', '.join(without)}.",
                field="comments",
            )
    return cleaned, notes


@transaction.atomic
def score_submit(
    *,
    acting_user: User,
    round_: Round,
    entry: Entry,
    scores: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
    feedback: str = "",
) -> ScoreSheet:
    """A judge's scores of one entry, per criterion, with optional comments and the
    feedback for the entrant. Submitting again changes them: the version goes up and
    the audit log keeps the before and after."""
    place = panel_place(acting_user, round_)
    if place is None:
        raise _forbidden("Only the round's judges score entries.")
    round_ = _lock_round(round_.pk)
    _require_round_status(round_, RoundStatus.SCORING, action="score")
    if place.declared_at is None:
        raise _forbidden("Declare your conflicts of interest before scoring.")
    if blocking_conflicts(judge=acting_user).filter(entry=entry).exists():
        raise _forbidden("You have a conflict of interest with this entry: you cannot score it.")
    if not Assignment.objects.filter(
        round=round_, entry=entry, judge=acting_user, released_at__isnull=False
    ).exists():
        raise _forbidden("You are not assigned this entry.")
    cleaned, notes = _check_sheet(round_, scores, comments or {})
    now = db_now()
    sheet = (
        ScoreSheet.objects.select_for_update()
        .filter(round=round_, entry=entry, judge=acting_user)
        .first()
    )
    before = None
    if sheet is None:
        sheet = ScoreSheet(
            round=round_, entry=entry, judge=acting_user, submitted_at=now, version=0
        )
    else:
        before = {"scores": sheet.scores, "comments": sheet.comments, "feedback": sheet.feedback}
    sheet.scores, sheet.comments, sheet.feedback = cleaned, notes, feedback.strip()
    sheet.version += 1
    sheet.updated_at = now
    sheet.save()
    audit_record(
        actor=acting_user,
        verb="score.submitted" if before is None else "score.changed",
        target=sheet,
        detail={
            "round": round_.pk,
            "entry": entry.pk,
            "version": sheet.version,
            "before": before,
            "after": {"scores": cleaned, "comments": notes, "feedback": sheet.feedback},
        },
    )
    return sheet


# Reminders ------------------------------------------------------------------------------

REMINDER_WINDOW = timedelta(hours=48)


def judging_reminders_send() -> int:
    """Remind each judge with unscored entries, once per round, when the round's
    deadline is less than 48 hours away by the database clock. Safe to run twice or at
    once: the JudgeReminder row is claimed, in the same transaction as the notice, and
    its unique constraint lets only one run have it."""
    now = db_now()
    rounds = Round.objects.filter(
        status=RoundStatus.SCORING, deadline__gt=now, deadline__lte=now + REMINDER_WINDOW
    ).select_related("challenge")
    sent = 0
    for round_ in rounds:
        for judge, unscored in _unscored_by_judge(round_).items():
            with transaction.atomic():
                _, created = JudgeReminder.objects.get_or_create(round=round_, judge=judge)
                if created:
                    events.judging_reminder(round_=round_, judge=judge, unscored=unscored)
                    sent += 1
    return sent


def _unscored_by_judge(round_: Round) -> dict[User, int]:
    scored = ScoreSheet.objects.filter(
        round=round_, entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id")
    )
    blocked = EntryConflict.objects.filter(
        entry_id=OuterRef("entry_id"),
        judge_id=OuterRef("judge_id"),
        status__in=[ConflictStatus.CONFIRMED, ConflictStatus.FLAGGED],
    )
    rows = (
        Assignment.objects.filter(round=round_, released_at__isnull=False)
        .exclude(Exists(scored))
        .exclude(Exists(blocked))
        .values("judge_id")
        .annotate(n=Count("id"))
    )
    counts = {row["judge_id"]: row["n"] for row in rows}
    judges = User.objects.filter(pk__in=list(counts), is_active=True).order_by("id")
    return {judge: counts[judge.pk] for judge in judges}
