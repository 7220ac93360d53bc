"""Writes for challenges, their clarification questions, entries, decisions and results.

Deadlines are judged by the database's clock, as for bids: the challenge row is locked
(SELECT … FOR UPDATE) and then asked, in SQL, whether it is still open, so an entry
racing the closing time is either stored with its receipt or refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Now
from rest_framework import status

from challenges import events
from challenges.access import is_chair, is_owner, is_supplier_member
from challenges.models import (
    Audience,
    Challenge,
    ChallengeQuestion,
    ChallengeStatus,
    Eligibility,
    Entry,
    EntryAttachment,
    EntryStatus,
    EntrySubmission,
    Prize,
    PrizeAward,
    PrizeKind,
    Round,
    RoundEntry,
    RoundStatus,
)
from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError, Conflict
from loti.attachments import attachment_add, attachment_remove
from loti.audit.services import audit_record
from loti.clarifications import clarification_publish
from loti.organisations import PUBLIC_BODY_KINDS, public_bodies_by_slug
from loti.permissions import is_member
from loti.visibility import Visibility
from procurement.dates import db_now, london_time

CHALLENGE_FIELDS = [
    "title",
    "problem_statement",
    "background",
    "audience",
    "eligibility",
    "eligible_sizes",
    "requires_uk_registered",
    "requires_london_based",
    "opens_at",
    "closes_at",
    "judging_starts_at",
    "judging_ends_at",
    "announce_at",
    "charter_technology",
    "charter_dpia_url",
    "charter_inclusivity",
    "charter_consequences",
    "charter_unused_functionality",
    "charter_open_data",
]
RELATION_FIELDS = ["co_owners", "invited", "prizes"]
AUDIENCE_VISIBILITY = {
    Audience.PUBLIC: Visibility.PUBLIC,
    Audience.NETWORK: Visibility.NETWORK,
    Audience.INVITE: Visibility.SHARED,
}
MAX_ENTRY_ATTACHMENTS = 20
# Decided challenges cannot be cancelled; these can.
CANCELLABLE = [ChallengeStatus.DRAFT, ChallengeStatus.OPEN, ChallengeStatus.JUDGING]


def _require_owner(user: User, challenge: Challenge) -> None:
    if not is_owner(user, challenge):
        raise ApplicationError(
            f"Only officers of {challenge.owner.name} can do this.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _require_status(challenge: Challenge, *allowed: str, action: str) -> None:
    if challenge.status not in allowed:
        label = ChallengeStatus(challenge.status).label.lower()
        raise Conflict(f"You cannot {action} a challenge that is {label}.", field="status")


def _lock(challenge_id: int) -> Challenge:
    return Challenge.objects.select_for_update().select_related("owner").get(pk=challenge_id)


# Checks -------------------------------------------------------------------------------


def _check_challenge(challenge: Challenge) -> None:
    """Every rule on a challenge's own fields; all broken ones reported at once."""
    errors: dict[str, list[str]] = {}
    if not challenge.title.strip():
        errors["title"] = ["Enter a title."]
    if not challenge.problem_statement.strip():
        errors["problem_statement"] = ["Describe the problem."]
    if challenge.audience not in Audience.values:
        errors["audience"] = [f"Audience must be one of: {', '.join(Audience.values)}."]
    bad_sizes = sorted(set(challenge.eligible_sizes) - set(Organisation.Size.values))
    if bad_sizes:
        errors["eligible_sizes"] = [f"Not a supplier size: {', '.join(bad_sizes)}."]
    if challenge.opens_at >= challenge.closes_at:
        errors["closes_at"] = ["The challenge must close after it opens."]
    starts, ends = challenge.judging_starts_at, challenge.judging_ends_at
    if starts and starts < challenge.closes_at:
        errors["judging_starts_at"] = ["Judging starts once the challenge closes."]
    if starts and ends and ends <= starts:
        errors["judging_ends_at"] = ["Judging must end after it starts."]
    announce = challenge.announce_at
    if announce and announce < (ends or starts or challenge.closes_at):
        errors["announce_at"] = ["The announcement comes after judging."]
    if errors:
        names = ", ".join(sorted(errors)).replace("_", " ")
        raise ApplicationError(f"There is a problem with {names}.", fields=errors)


def _check_prizes(prizes: Iterable[Mapping[str, Any]]) -> list[Prize]:
    rows = []
    for position, item in enumerate(prizes):
        kind = item.get("kind", "")
        name = str(item.get("name", "")).strip()
        if kind not in PrizeKind.values or not name:
            raise ApplicationError(
                f"Give each prize a name and a kind: {', '.join(PrizeKind.values)}.",
                field="prizes",
            )
        amount = item.get("amount")
        amount = None if amount is None else Decimal(str(amount))
        if amount is not None and amount < 0:
            raise ApplicationError("A prize's amount cannot be negative.", field="prizes")
        awards = int(item.get("awards") or 1)
        if awards < 1 or (kind == PrizeKind.PLACE and awards != 1):
            raise ApplicationError(
                "A placed prize goes to one entry; other prizes to one or more.", field="prizes"
            )
        rows.append(Prize(kind=kind, name=name, amount=amount, awards=awards, position=position))
    return rows


def _organisations(slugs: Iterable[str], *, field: str, kinds: Iterable[str]) -> list[Organisation]:
    slugs = list(dict.fromkeys(slugs))
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs, kind__in=list(kinds))}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ApplicationError(f"Unknown organisation: {', '.join(unknown)}.", field=field)
    return [found[slug] for slug in slugs]


def _set_relations(challenge: Challenge, relations: Mapping[str, Any]) -> None:
    if "co_owners" in relations:
        owners = public_bodies_by_slug(relations["co_owners"], field="co_owners")
        challenge.co_owners.set([o for o in owners if o.pk != challenge.owner_id])
    if "invited" in relations:
        challenge.invited.set(
            _organisations(relations["invited"], field="invited", kinds=Organisation.Kind.values)
        )
    if "prizes" in relations:
        rows = _check_prizes(relations["prizes"])
        challenge.prizes.all().delete()
        for row in rows:
            row.challenge = challenge
        Prize.objects.bulk_create(rows)


# Challenges ---------------------------------------------------------------------------


@transaction.atomic
def challenge_create(
    *,
    acting_user: User,
    owner: Organisation,
    title: str,
    problem_statement: str,
    opens_at: datetime,
    closes_at: datetime,
    prizes: Iterable[Mapping[str, Any]] = (),
    co_owners: Iterable[str] = (),
    invited: Iterable[str] = (),
    **fields: Any,
) -> Challenge:
    """Create a draft challenge, private to its owners until published."""
    if not is_member(acting_user, owner) or owner.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Only officers of a borough or public body can create its challenges.",
            field="owner",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    unknown = set(fields) - set(CHALLENGE_FIELDS)
    if unknown:
        raise ApplicationError(f"{', '.join(sorted(unknown))} cannot be set here.")
    challenge = Challenge(
        owner=owner,
        title=title.strip(),
        problem_statement=problem_statement.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=acting_user,
        visibility=Visibility.PRIVATE,
        **fields,
    )
    _check_challenge(challenge)
    challenge.save()
    _set_relations(challenge, {"co_owners": co_owners, "invited": invited, "prizes": list(prizes)})
    audit_record(actor=acting_user, verb="challenge.created", target=challenge, organisation=owner)
    return challenge


@transaction.atomic
def challenge_update(
    *, acting_user: User, challenge: Challenge, changes: Mapping[str, Any]
) -> Challenge:
    """Edit a draft. Once published, a challenge's terms are fixed."""
    _require_owner(acting_user, challenge)
    challenge = _lock(challenge.pk)
    _require_status(challenge, ChallengeStatus.DRAFT, action="edit")
    changes = dict(changes)
    relations = {name: changes.pop(name) for name in RELATION_FIELDS if name in changes}
    for field, value in changes.items():
        if field not in CHALLENGE_FIELDS:
            raise ApplicationError(f"{field} cannot be changed here.", field=field)
        setattr(challenge, field, value.strip() if isinstance(value, str) else value)
    _check_challenge(challenge)
    challenge.updated_at = db_now()
    challenge.save(update_fields=[*changes, "updated_at"])
    _set_relations(challenge, relations)
    audit_record(
        actor=acting_user,
        verb="challenge.updated",
        target=challenge,
        organisation=challenge.owner,
        detail={"fields": sorted([*changes, *relations])},
    )
    return challenge


@transaction.atomic
def challenge_publish(*, acting_user: User, challenge: Challenge) -> Challenge:
    """Open a draft to its audience: entries are accepted from opens_at to closes_at."""
    _require_owner(acting_user, challenge)
    challenge = _lock(challenge.pk)
    _require_status(challenge, ChallengeStatus.DRAFT, action="publish")
    now = db_now()
    _check_challenge(challenge)
    if challenge.closes_at <= now:
        raise ApplicationError(
            f"The closing time must be in the future; it is now {london_time(now)}.",
            field="closes_at",
        )
    if not challenge.prizes.exists():
        raise ApplicationError("Add the prizes first.", field="prizes")
    if challenge.audience == Audience.INVITE and not challenge.invited.exists():
        raise ApplicationError(
            "An invite-only challenge needs at least one organisation invited.", field="invited"
        )
    challenge.status = ChallengeStatus.OPEN
    challenge.visibility = AUDIENCE_VISIBILITY[Audience(challenge.audience)]
    challenge.published_at = challenge.updated_at = now
    challenge.save(update_fields=["status", "visibility", "published_at", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="challenge.published",
        target=challenge,
        organisation=challenge.owner,
        detail={"audience": challenge.audience},
    )
    return challenge


@transaction.atomic
def challenge_cancel(*, acting_user: User, challenge: Challenge, reason: str) -> Challenge:
    """Cancel before a decision, with a reason every entrant is told."""
    _require_owner(acting_user, challenge)
    if not reason.strip():
        raise ApplicationError("Give the reason; entrants are told it.", field="reason")
    challenge = _lock(challenge.pk)
    _require_status(challenge, *CANCELLABLE, action="cancel")
    challenge.status = ChallengeStatus.CANCELLED
    challenge.cancel_reason = reason.strip()
    challenge.cancelled_at = challenge.updated_at = db_now()
    challenge.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="challenge.cancelled",
        target=challenge,
        organisation=challenge.owner,
        detail={"reason": challenge.cancel_reason},
    )
    events.challenge_cancelled(challenge=challenge, acting_user=acting_user)
    return challenge


def _lock_open_challenge(challenge_id: int, *, action: str) -> tuple[Challenge, datetime]:
    """Lock the challenge row, then ask the database whether it is still open. The lock
    comes first so the clock is read after any wait for it: a request that queued
    behind others until past the deadline is late."""
    challenge = _lock(challenge_id)
    clock = (
        Challenge.objects.with_clock()
        .filter(pk=challenge_id)
        .annotate(db_now=Now())
        .values("db_is_open", "db_now")
        .get()
    )
    if not clock["db_is_open"]:
        if challenge.status == ChallengeStatus.OPEN and clock["db_now"] < challenge.opens_at:
            raise Conflict(
                f"This challenge opens at {london_time(challenge.opens_at)}.", field="opens_at"
            )
        if challenge.status == ChallengeStatus.OPEN:
            raise Conflict(
                f"This challenge closed at {london_time(challenge.closes_at)}. "
                f"You can no longer {action}.",
                field="closes_at",
            )
        label = ChallengeStatus(challenge.status).label.lower()
        raise Conflict(f"This challenge is {label}: you cannot {action}.", field="challenge")
    return challenge, clock["db_now"]


# Clarification questions ---------------------------------------------------------------


@transaction.atomic
def question_ask(*, acting_user: User, challenge: Challenge, question: str) -> ChallengeQuestion:
    """Anyone who can see an open challenge may ask; only the owners see who asked."""
    if not question.strip():
        raise ApplicationError("Enter your question.", field="question")
    challenge, now = _lock_open_challenge(challenge.pk, action="ask questions")
    organisation = (
        Organisation.objects.filter(memberships__user=acting_user, memberships__ended_at=None)
        .order_by("name")
        .first()
    )
    asked = ChallengeQuestion.objects.create(
        challenge=challenge,
        organisation=organisation,
        asked_by=acting_user,
        question=question.strip(),
        asked_at=now,
    )
    audit_record(actor=acting_user, verb="challenge.question_asked", target=asked)
    return asked


@transaction.atomic
def question_answer(
    *, acting_user: User, question: ChallengeQuestion, answer: str, published_question: str = ""
) -> ChallengeQuestion:
    """Answer and publish to everyone, anonymised; the owners may reword the question."""
    challenge = question.challenge
    _require_owner(acting_user, challenge)
    question = clarification_publish(
        question,
        acting_user=acting_user,
        answer=answer,
        published_question=published_question,
        now=db_now(),
    )
    audit_record(
        actor=acting_user,
        verb="challenge.question_answered",
        target=question,
        organisation=challenge.owner,
    )
    events.question_answered(question=question, acting_user=acting_user)
    return question


# Entries ------------------------------------------------------------------------------


def _require_supplier_member(user: User, entry: Entry) -> None:
    if not is_supplier_member(user, entry):
        raise ApplicationError(
            f"Only members of {entry.supplier.name} can change this entry.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _check_partners(slugs: Iterable[str], supplier: Organisation) -> list[Organisation]:
    partners = _organisations(slugs, field="partners", kinds=Organisation.Kind.values)
    return [p for p in partners if p.pk != supplier.pk]


def _check_declaration(declaration: Mapping[str, Any]) -> dict[str, Any]:
    allowed = {"london_based", "confirmed", "statement"}
    unknown = sorted(set(declaration) - allowed)
    if unknown:
        raise ApplicationError(
            f"The declaration has no {', '.join(unknown)}; it has: {', '.join(sorted(allowed))}.",
            field="declaration",
        )
    return dict(declaration)


@transaction.atomic
def entry_create(
    *,
    acting_user: User,
    challenge: Challenge,
    supplier: Organisation,
    title: str,
    summary: str = "",
    description: str = "",
    partners: Iterable[str] = (),
    declaration: Mapping[str, Any] | None = None,
) -> Entry:
    """Start a supplier's draft entry. One live (draft or submitted) entry per supplier."""
    if not is_member(acting_user, supplier):
        raise ApplicationError(
            f"Only members of {supplier.name} can enter for it.",
            field="supplier",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if supplier.kind != Organisation.Kind.SUPPLIER:
        raise ApplicationError("Only supplier organisations can enter.", field="supplier")
    challenge, now = _lock_open_challenge(challenge.pk, action="enter it")
    if (
        challenge.audience == Audience.INVITE
        and not challenge.invited.filter(pk=supplier.pk).exists()
    ):
        raise ApplicationError(
            f"This challenge is by invitation only, and {supplier.name} is not invited.",
            field="supplier",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if not title.strip():
        raise ApplicationError("Give your entry a title.", field="title")
    partner_rows = _check_partners(partners, supplier)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                challenge=challenge,
                supplier=supplier,
                title=title.strip(),
                summary=summary.strip(),
                description=description.strip(),
                declaration=_check_declaration(declaration or {}),
                created_by=acting_user,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError as error:
        raise Conflict(
            f"{supplier.name} already has an entry for this challenge: change that one.",
            field="supplier",
        ) from error
    entry.partners.set(partner_rows)
    audit_record(actor=acting_user, verb="entry.created", target=entry, organisation=supplier)
    return entry


@transaction.atomic
def entry_update(*, acting_user: User, entry: Entry, changes: Mapping[str, Any]) -> Entry:
    """Edit the working copy until the challenge closes; submit again to seal it."""
    _require_supplier_member(acting_user, entry)
    _, now = _lock_open_challenge(entry.challenge_id, action="change your entry")
    entry = Entry.objects.select_for_update().select_related("supplier").get(pk=entry.pk)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict("This entry was withdrawn. Start a new one.", field="status")
    changes = dict(changes)
    fields = []
    for name in ("title", "summary", "description"):
        if name in changes:
            setattr(entry, name, str(changes.pop(name)).strip())
            fields.append(name)
    if "title" in fields and not entry.title:
        raise ApplicationError("Give your entry a title.", field="title")
    if "declaration" in changes:
        entry.declaration = _check_declaration(changes.pop("declaration"))
        fields.append("declaration")
    if "partners" in changes:
        entry.partners.set(_check_partners(changes.pop("partners"), entry.supplier))
    if changes:
        raise ApplicationError(f"{', '.join(sorted(changes))} cannot be changed here.")
    entry.updated_at = now
    entry.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=acting_user,
        verb="entry.updated",
        target=entry,
        organisation=entry.supplier,
        detail={"fields": fields},
    )
    return entry


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """The bytes a receipt's SHA-256 is taken of: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _eligibility_problems(entry: Entry, challenge: Challenge) -> dict[str, list[str]]:
    """The structured eligibility checks, against the supplier's record and the
    entrant's declaration."""
    errors: dict[str, list[str]] = {}
    supplier = entry.supplier
    if challenge.eligible_sizes and supplier.size not in challenge.eligible_sizes:
        sizes = ", ".join(Organisation.Size(s).label.lower() for s in challenge.eligible_sizes)
        errors["supplier"] = [f"This challenge is open to {sizes} suppliers only."]
    if challenge.requires_uk_registered and not supplier.companies_house_number:
        errors.setdefault("supplier", []).append(
            "This challenge is open to UK-registered companies: add your Companies House "
            "number to your organisation."
        )
    if challenge.requires_london_based and entry.declaration.get("london_based") is not True:
        errors["declaration"] = ["This challenge is open to London-based suppliers only."]
    if entry.declaration.get("confirmed") is not True:
        errors.setdefault("declaration", []).append(
            "Confirm that your entry meets the eligibility criteria."
        )
    return errors


def _entry_content(entry: Entry, challenge: Challenge) -> dict[str, Any]:
    errors = _eligibility_problems(entry, challenge)
    if not entry.summary:
        errors["summary"] = ["Summarise your entry."]
    if not entry.description:
        errors["description"] = ["Describe your solution."]
    if errors:
        names = ", ".join(sorted(errors))
        raise ApplicationError(f"Your entry cannot be submitted yet: check {names}.", fields=errors)
    return {
        "challenge": challenge.pk,
        "entry": entry.pk,
        "supplier": entry.supplier.slug,
        "partners": sorted(entry.partners.values_list("slug", flat=True)),
        "title": entry.title,
        "summary": entry.summary,
        "description": entry.description,
        "declaration": entry.declaration,
        # The files are not in the JSON; their SHA-256s are, so the receipt covers them.
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in entry.attachments.filter(removed_at__isnull=True).order_by("id")
        ],
    }


@transaction.atomic
def entry_submit(*, acting_user: User, entry: Entry) -> EntrySubmission:
    """Submit the entry as it stands. The receipt's time is the database's, read after
    the challenge's row lock is held, and is before closes_at or the entry is refused."""
    _require_supplier_member(acting_user, entry)
    challenge, now = _lock_open_challenge(entry.challenge_id, action="submit an entry")
    entry = Entry.objects.select_for_update().select_related("supplier").get(pk=entry.pk)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict("This entry was withdrawn. Start a new one.", field="status")
    content = _entry_content(entry, challenge)
    number = (entry.submissions.aggregate(n=Max("number"))["n"] or 0) + 1
    submission = EntrySubmission.objects.create(
        entry=entry,
        number=number,
        content=content,
        sha256=hashlib.sha256(canonical_json(content)).hexdigest(),
        submitted_at=now,
        submitted_by=acting_user,
    )
    entry.status = EntryStatus.SUBMITTED
    entry.latest_submission = submission
    entry.updated_at = now
    entry.save(update_fields=["status", "latest_submission", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="entry.submitted" if number == 1 else "entry.resubmitted",
        target=entry,
        organisation=entry.supplier,
        detail={"submission": number, "sha256": submission.sha256},
    )
    events.entry_received(entry=entry, submission=submission, acting_user=acting_user)
    return submission


@transaction.atomic
def entry_withdraw(*, acting_user: User, entry: Entry) -> Entry:
    """Withdraw before the deadline. The submissions stay on record, never judged."""
    _require_supplier_member(acting_user, entry)
    _, now = _lock_open_challenge(entry.challenge_id, action="withdraw your entry")
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict("This entry is already withdrawn.", field="status")
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = entry.updated_at = now
    entry.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(
        actor=acting_user, verb="entry.withdrawn", target=entry, organisation=entry.supplier
    )
    return entry


@transaction.atomic
def entry_attachment_add(
    *, acting_user: User, entry: Entry, upload: UploadedFile
) -> EntryAttachment:
    """Add a document to the working copy, checked by its content; sealed on submit."""
    _require_supplier_member(acting_user, entry)
    _, now = _lock_open_challenge(entry.challenge_id, action="add documents to your entry")
    entry = Entry.objects.select_for_update().select_related("supplier").get(pk=entry.pk)
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict("This entry was withdrawn. Start a new one.", field="status")
    attachment = attachment_add(
        EntryAttachment,
        upload,
        acting_user=acting_user,
        now=now,
        limit=MAX_ENTRY_ATTACHMENTS,
        too_many=f"An entry can have up to {MAX_ENTRY_ATTACHMENTS} documents. Remove one first.",
        entry=entry,
    )
    audit_record(
        actor=acting_user,
        verb="entry.attachment_added",
        target=entry,
        organisation=entry.supplier,
        detail={"name": attachment.original_name, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def entry_attachment_remove(*, acting_user: User, attachment: EntryAttachment) -> None:
    entry = attachment.entry
    _require_supplier_member(acting_user, entry)
    _, now = _lock_open_challenge(entry.challenge_id, action="remove documents from your entry")
    attachment_remove(attachment, now=now)
    audit_record(
        actor=acting_user,
        verb="entry.attachment_removed",
        target=entry,
        organisation=entry.supplier,
        detail={"name": attachment.original_name},
    )


@transaction.atomic
def entry_screen(*, acting_user: User, entry: Entry, eligible: bool, reason: str = "") -> Entry:
    """The owners' eligibility screening of a submitted entry; the entrant sees the
    outcome and the reason. Only before judging starts."""
    challenge = entry.challenge
    _require_owner(acting_user, challenge)
    challenge = _lock(challenge.pk)
    _require_status(challenge, ChallengeStatus.OPEN, action="screen entries of")
    entry = Entry.objects.select_for_update().select_related("supplier").get(pk=entry.pk)
    if entry.status != EntryStatus.SUBMITTED:
        raise Conflict("Only submitted entries are screened.", field="status")
    if not eligible and not reason.strip():
        raise ApplicationError("Say why the entry is not eligible.", field="reason")
    entry.eligibility = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
    entry.eligibility_reason = reason.strip()
    entry.screened_by = acting_user
    entry.screened_at = db_now()
    entry.save(update_fields=["eligibility", "eligibility_reason", "screened_by", "screened_at"])
    audit_record(
        actor=acting_user,
        verb=f"entry.{entry.eligibility}",
        target=entry,
        organisation=challenge.owner,
        detail={"reason": entry.eligibility_reason},
    )
    events.entry_screened(entry=entry, acting_user=acting_user)
    return entry


# Decisions and results ------------------------------------------------------------------


@transaction.atomic
def decisions_record(
    *, acting_user: User, challenge: Challenge, awards: Iterable[Mapping[str, Any]]
) -> list[PrizeAward]:
    """The last round's chair records the winners of each prize, each with a rationale.
    Winners come from the entries in that round; an entry wins at most one prize."""
    challenge = _lock(challenge.pk)
    final = Round.objects.filter(challenge=challenge).order_by("-number").first()
    # Who is asking comes before the state: anyone else is refused the same way
    # whether or not scoring has closed, so the refusal says nothing about the judging.
    if final is None or not is_chair(acting_user, final):
        raise ApplicationError(
            "Only the chair of the last round records the winners.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if final.status != RoundStatus.CLOSED:
        raise Conflict("Close the last round's scoring before deciding.", field="round")
    _require_status(challenge, ChallengeStatus.JUDGING, action="decide")
    awards = list(awards)
    if not awards:
        raise ApplicationError("Choose at least one winner.", field="awards")
    prizes = {p.pk: p for p in challenge.prizes.all()}
    finalists = set(RoundEntry.objects.filter(round=final).values_list("entry_id", flat=True))
    counts: dict[int, int] = {}
    seen: set[int] = set()
    for item in awards:
        prize, entry_id = prizes.get(int(item["prize"])), int(item["entry"])
        if prize is None:
            raise ApplicationError(
                f"Not a prize of this challenge: {item['prize']}.", field="awards"
            )
        if entry_id not in finalists:
            raise ApplicationError(f"Entry {entry_id} is not in the last round.", field="awards")
        if entry_id in seen:
            raise ApplicationError(f"Entry {entry_id} can win only one prize.", field="awards")
        if not str(item.get("rationale", "")).strip():
            raise ApplicationError("Give the rationale for each winner.", field="awards")
        seen.add(entry_id)
        counts[prize.pk] = counts.get(prize.pk, 0) + 1
        if counts[prize.pk] > prize.awards:
            raise ApplicationError(
                f"{prize.name} can go to {prize.awards} entr{'y' if prize.awards == 1 else 'ies'}.",
                field="awards",
            )
    now = db_now()
    rows = PrizeAward.objects.bulk_create(
        PrizeAward(
            prize=prizes[int(item["prize"])],
            entry_id=int(item["entry"]),
            rationale=str(item["rationale"]).strip(),
            decided_by=acting_user,
            decided_at=now,
        )
        for item in awards
    )
    challenge.status = ChallengeStatus.DECIDED
    challenge.decided_at = challenge.updated_at = now
    challenge.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="challenge.decided",
        target=challenge,
        organisation=challenge.owner,
        detail={"awards": [[row.prize_id, row.entry_id] for row in rows]},
    )
    return rows


@transaction.atomic
def results_publish(*, acting_user: User, challenge: Challenge) -> Challenge:
    """Announce: the results become public, every entrant is told, and the feedback
    judges wrote for entrants is released to them."""
    _require_owner(acting_user, challenge)
    challenge = _lock(challenge.pk)
    _require_status(challenge, ChallengeStatus.DECIDED, action="publish the results of")
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.results_published_at = challenge.updated_at = db_now()
    challenge.save(update_fields=["status", "results_published_at", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="challenge.results_published",
        target=challenge,
        organisation=challenge.owner,
    )
    events.results_published(challenge=challenge, acting_user=acting_user)
    return challenge
