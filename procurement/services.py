"""Writes for the tender board: tenders, clarification questions and sealed bids.

Every deadline is judged by the database's clock, never the web server's: a tender's
row is locked (SELECT … FOR UPDATE) and its closes_at compared with the database's
time in SQL, so a bid that races the deadline is either stored with its receipt or
refused, and an amendment cannot slip between the check and the write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Value
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.text import slugify
from guardian.shortcuts import assign_perm
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError, Conflict
from loti.attachments import attachment_add, attachment_remove
from loti.audit.services import audit_record
from loti.clarifications import clarification_publish
from loti.organisations import PUBLIC_BODY_KINDS, public_bodies_by_slug
from loti.permissions import is_member
from loti.scoring.conflicts import organisation_conflicts
from loti.scoring.criteria import Criterion, criteria_check
from loti.scoring.engine import SCORE_MAX, score_is_valid
from loti.uploads import safe_filename
from loti.visibility import Visibility
from procurement import events, ocds
from procurement.access import is_buyer, is_evaluator
from procurement.cpv import cpv_normalise
from procurement.dates import (
    STANDSTILL_WORKING_DAYS,
    db_now,
    london_date,
    london_time,
    working_days_after,
)
from procurement.models import (
    Bid,
    BidAttachment,
    BidConflict,
    BidOutcome,
    BidStatus,
    BidSubmission,
    ConflictSource,
    CpvCode,
    CriterionKind,
    EvaluatorDeclaration,
    EvaluatorScore,
    ModeratedScore,
    SavedSearch,
    Tender,
    TenderAmendment,
    TenderCriterion,
    TenderDocument,
    TenderDocumentType,
    TenderInterest,
    TenderQuestion,
    TenderStatus,
)
from procurement.selectors import VALUE_BAND_KEYS

DEFAULT_CRITERIA = [
    {"name": "Quality", "kind": CriterionKind.QUALITY, "weight": Decimal(60)},
    {"name": "Price", "kind": CriterionKind.PRICE, "weight": Decimal(30)},
    {"name": "Social value", "kind": CriterionKind.SOCIAL_VALUE, "weight": Decimal(10)},
]
# Fields a buyer sets directly; an amendment records each one that changes.
TENDER_FIELDS = [
    "title",
    "description",
    "value_min",
    "value_max",
    "contract_months",
    "location_remote",
    "sme_suitable",
    "vcse_suitable",
    "charter_technology",
    "charter_dpia_url",
    "charter_inclusivity",
    "charter_consequences",
    "charter_unused_functionality",
    "charter_open_data",
    "loti_data_clause_included",
    "loti_data_clause_explanation",
    "questions_close_at",
    "closes_at",
    "expected_award_on",
]
RELATION_FIELDS = ["cpv_codes", "participating_boroughs", "location_boroughs"]
MAX_BID_ATTACHMENTS = 20
MAX_TENDER_DOCUMENTS = 30


# Checks -------------------------------------------------------------------------------


def _require_buyer(user: User, tender: Tender) -> None:
    if not is_buyer(user, tender):
        raise ApplicationError(
            f"Only officers of {tender.buyer.name} can do this.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _require_status(tender: Tender, *allowed: str, action: str) -> None:
    if tender.status not in allowed:
        raise Conflict(
            f"You cannot {action} a tender that is {TenderStatus(tender.status).label.lower()}.",
            field="status",
        )


def _check_cpv_codes(
    values: Iterable[str], *, field: str = "cpv_codes", required: bool = True
) -> list[CpvCode]:
    values = list(values)
    if not values and required:
        raise ApplicationError("Choose at least one CPV code.", field=field)
    codes = {value: cpv_normalise(value) for value in values}
    malformed = [value for value, code in codes.items() if code is None]
    if malformed:
        raise ApplicationError(
            f"A CPV code is 8 digits, like 72000000 or 72000000-5: {', '.join(malformed)}.",
            field=field,
        )
    wanted = list(dict.fromkeys(code for code in codes.values() if code))
    found = {c.code: c for c in CpvCode.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ApplicationError(f"Not a CPV 2008 code: {', '.join(unknown)}.", field=field)
    return [found[code] for code in wanted]


def _check_criteria(criteria: Iterable[Mapping[str, Any]]) -> list[TenderCriterion]:
    rows: list[TenderCriterion] = []
    for position, item in enumerate(criteria):
        name = str(item.get("name", "")).strip()
        kind = item.get("kind", "")
        if not name or kind not in CriterionKind.values:
            raise ApplicationError(
                f"Give each criterion a name and a kind: {', '.join(CriterionKind.values)}.",
                field="criteria",
            )
        key = str(item.get("key") or "").strip() or _criterion_key(name)
        rows.append(
            TenderCriterion(
                key=key,
                name=name,
                kind=kind,
                weight=Decimal(str(item.get("weight", 0))),
                position=position,
            )
        )
    criteria_check(
        [
            Criterion(key=r.key, name=r.name, weight=r.weight, priced=r.kind == CriterionKind.PRICE)
            for r in rows
        ],
        field="criteria",
    )
    return rows


def _criterion_key(name: str) -> str:
    return slugify(name)[:40] or "criterion"


def _check_tender(tender: Tender, *, now: datetime) -> None:
    """Every rule on a tender's own fields; all broken ones are reported at once."""
    errors: dict[str, list[str]] = {}
    if not tender.title.strip():
        errors["title"] = ["Enter a title."]
    if not tender.description.strip():
        errors["description"] = ["Describe what you are buying."]
    if tender.value_min is not None and tender.value_min < 0:
        errors["value_min"] = ["The lowest value cannot be negative."]
    if (
        tender.value_min is not None
        and tender.value_max is not None
        and tender.value_min > tender.value_max
    ):
        message = "The lowest value must not be more than the highest value."
        errors["value_min"] = [message]
        errors["value_max"] = [message]
    if tender.closes_at <= now:
        errors["closes_at"] = [
            f"The closing time must be in the future; it is now {london_time(now)}."
        ]
    if tender.questions_close_at and tender.questions_close_at > tender.closes_at:
        errors["questions_close_at"] = ["Questions must close no later than the tender closes."]
    if tender.expected_award_on and tender.expected_award_on < tender.closes_at.date():
        errors["expected_award_on"] = ["The award is expected after the tender closes."]
    if tender.contract_months is not None and tender.contract_months < 1:
        errors["contract_months"] = ["A contract lasts at least one month."]
    if not tender.loti_data_clause_included and not tender.loti_data_clause_explanation.strip():
        errors["loti_data_clause_explanation"] = [
            "Explain why LOTI's data-access clause is left out of the contract."
        ]
    if errors:
        names = ", ".join(sorted(errors)).replace("_", " ")
        raise ApplicationError(f"There is a problem with {names}.", fields=errors)


# Tenders ------------------------------------------------------------------------------


def _snapshot(tender: Tender) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in TENDER_FIELDS:
        value = getattr(tender, field)
        if isinstance(value, datetime | date | Decimal):
            value = value.isoformat() if not isinstance(value, Decimal) else str(value)
        data[field] = value
    data["cpv_codes"] = sorted(tender.cpv_codes.values_list("code", flat=True))
    data["participating_boroughs"] = sorted(
        tender.participating_boroughs.values_list("slug", flat=True)
    )
    data["location_boroughs"] = sorted(tender.location_boroughs.values_list("slug", flat=True))
    return data


def _refresh_search_vector(tender: Tender) -> None:
    cpv_words = " ".join(tender.cpv_codes.values_list("description", flat=True))
    Tender.objects.filter(pk=tender.pk).update(
        search_vector=SearchVector(Value(tender.title), weight="A", config="english")
        + SearchVector(Value(tender.description), weight="B", config="english")
        + SearchVector(Value(cpv_words), weight="C", config="english")
    )


def _set_relations(tender: Tender, relations: dict[str, Any]) -> None:
    if "cpv_codes" in relations:
        tender.cpv_codes.set(_check_cpv_codes(relations["cpv_codes"]))
    if "participating_boroughs" in relations:
        tender.participating_boroughs.set(
            public_bodies_by_slug(
                relations["participating_boroughs"], field="participating_boroughs"
            )
        )
    if "location_boroughs" in relations:
        tender.location_boroughs.set(
            public_bodies_by_slug(relations["location_boroughs"], field="location_boroughs")
        )


@transaction.atomic
def tender_create(
    *,
    acting_user: User,
    buyer: Organisation,
    title: str,
    description: str,
    cpv_codes: Iterable[str],
    value_min: Decimal,
    value_max: Decimal,
    closes_at: datetime,
    criteria: Iterable[Mapping[str, Any]] | None = None,
    participating_boroughs: Iterable[str] = (),
    location_boroughs: Iterable[str] = (),
    **fields: Any,
) -> Tender:
    """Create a draft tender. Without criteria it gets quality 60, price 30, social
    value 10."""
    if not is_member(acting_user, buyer) or buyer.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            "Only officers of a borough or public body can create its tenders.",
            field="buyer",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    unknown = set(fields) - set(TENDER_FIELDS)
    if unknown:
        raise ApplicationError(f"{', '.join(sorted(unknown))} cannot be set here.")
    tender = Tender(
        buyer=buyer,
        title=title.strip(),
        description=description.strip(),
        value_min=value_min,
        value_max=value_max,
        closes_at=closes_at,
        created_by=acting_user,
        **fields,
    )
    _check_tender(tender, now=db_now())
    codes = _check_cpv_codes(cpv_codes)
    partners = public_bodies_by_slug(participating_boroughs, field="participating_boroughs")
    places = public_bodies_by_slug(location_boroughs, field="location_boroughs")
    rows = _check_criteria(DEFAULT_CRITERIA if criteria is None else criteria)
    tender.save()
    tender.cpv_codes.set(codes)
    tender.participating_boroughs.set(partners)
    tender.location_boroughs.set(places)
    for row in rows:
        row.tender = tender
    TenderCriterion.objects.bulk_create(rows)
    _refresh_search_vector(tender)
    audit_record(actor=acting_user, verb="tender.created", target=tender, organisation=buyer)
    return tender


@transaction.atomic
def tender_update(*, acting_user: User, tender: Tender, changes: dict[str, Any]) -> Tender:
    """Edit a draft. Published tenders change only by amendment (tender_amend)."""
    _require_buyer(acting_user, tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _require_status(tender, TenderStatus.DRAFT, action="edit (rather than amend)")
    changed = _apply_changes(tender, dict(changes), allow_criteria=True)
    if changed:
        audit_record(
            actor=acting_user,
            verb="tender.updated",
            target=tender,
            organisation=tender.buyer,
            detail={"fields": changed},
        )
    return tender


def _apply_changes(tender: Tender, changes: dict[str, Any], *, allow_criteria: bool) -> list[str]:
    """Validate and save changes; return the names of the fields that changed."""
    before = _snapshot(tender)
    criteria = changes.pop("criteria", None)
    if criteria is not None and not allow_criteria:
        raise ApplicationError(
            "Evaluation criteria cannot change once the tender is published.", field="criteria"
        )
    relations = {name: changes.pop(name) for name in RELATION_FIELDS if name in changes}
    for field, value in changes.items():
        if field not in TENDER_FIELDS:
            raise ApplicationError(f"{field} cannot be changed here.", field=field)
        setattr(tender, field, value.strip() if isinstance(value, str) else value)
    _check_tender(tender, now=db_now())
    _set_relations(tender, relations)
    changed = [key for key, value in _snapshot(tender).items() if value != before[key]]
    if criteria is not None:
        rows = _check_criteria(criteria)
        tender.criteria.all().delete()
        for row in rows:
            row.tender = tender
        TenderCriterion.objects.bulk_create(rows)
        changed.append("criteria")
    if changed:
        tender.updated_at = timezone.now()
        tender.save(update_fields=[f for f in changed if f in TENDER_FIELDS] + ["updated_at"])
        _refresh_search_vector(tender)
    return changed


@transaction.atomic
def tender_publish(*, acting_user: User, tender: Tender) -> Tender:
    """Put a draft on the board: public, open for questions and bids until closes_at."""
    _require_buyer(acting_user, tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _require_status(tender, TenderStatus.DRAFT, action="publish")
    now = db_now()
    _check_tender(tender, now=now)
    if not tender.criteria.exists():
        raise ApplicationError("Add the evaluation criteria first.", field="criteria")
    tender.status = TenderStatus.PUBLISHED
    tender.visibility = Visibility.PUBLIC
    tender.published_at = tender.listed_at = tender.updated_at = now
    tender.save(update_fields=["status", "visibility", "published_at", "listed_at", "updated_at"])
    ocds.release_record(tender=tender, tag="tender", date=now)
    audit_record(
        actor=acting_user, verb="tender.published", target=tender, organisation=tender.buyer
    )
    events.tender_published(tender=tender, acting_user=acting_user)
    return tender


def _lock_open_tender(tender_id: int, *, action: str) -> tuple[Tender, datetime]:
    """Lock the tender row, then ask the database whether it is still open. The lock
    comes first so the clock is read after any wait for it: a request that queued
    behind others until past the deadline is late."""
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender_id)
    clock = (
        Tender.objects.with_clock()
        .filter(pk=tender_id)
        .annotate(db_now=Now())
        .values("db_is_open", "db_now")
        .get()
    )
    if not clock["db_is_open"]:
        if tender.status == TenderStatus.PUBLISHED:
            raise Conflict(
                f"This tender closed at {london_time(tender.closes_at)}. "
                f"You can no longer {action}.",
                field="closes_at",
            )
        raise Conflict(
            f"This tender is {TenderStatus(tender.status).label.lower()}: you cannot {action}.",
            field="tender",
        )
    return tender, clock["db_now"]


@transaction.atomic
def tender_amend(
    *, acting_user: User, tender: Tender, rationale: str, changes: dict[str, Any]
) -> TenderAmendment:
    """Change a published tender before it closes. Bids already submitted are
    flagged: their suppliers must confirm them against the amended tender."""
    _require_buyer(acting_user, tender)
    if not rationale.strip():
        raise ApplicationError("Say why the tender is being amended.", field="rationale")
    tender, now = _lock_open_tender(tender.pk, action="amend it")
    before = _snapshot(tender)
    changed = _apply_changes(tender, dict(changes), allow_criteria=False)
    if not changed:
        raise ApplicationError("The amendment changes nothing.", field="changes")
    after = _snapshot(tender)
    return _amendment_record(
        acting_user=acting_user,
        tender=tender,
        rationale=rationale,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        now=now,
    )


def _amendment_record(
    *,
    acting_user: User,
    tender: Tender,
    rationale: str,
    before: dict[str, Any],
    after: dict[str, Any],
    now: datetime,
) -> TenderAmendment:
    """Record a change to an open tender, whose row the caller has locked: numbered,
    published as an OCDS tenderAmendment release, and sent to everyone following or
    bidding. Bids already submitted are flagged: their suppliers must confirm them
    against the amended tender."""
    number = (tender.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    changed = list(after)
    amendment = TenderAmendment.objects.create(
        tender=tender,
        number=number,
        rationale=rationale.strip(),
        changed_fields=changed,
        before=before,
        after=after,
        created_by=acting_user,
        created_at=now,
    )
    flagged = tender.bids.filter(status=BidStatus.SUBMITTED).update(needs_reconfirmation=True)
    ocds.release_record(tender=tender, tag="tenderAmendment", date=now)
    audit_record(
        actor=acting_user,
        verb="tender.amended",
        target=tender,
        organisation=tender.buyer,
        detail={"number": number, "fields": changed, "bids_to_reconfirm": flagged},
    )
    events.tender_amended(amendment=amendment, acting_user=acting_user)
    return amendment


# The buyer's documents -------------------------------------------------------------------


def _documents_snapshot(tender: Tender) -> list[dict[str, Any]]:
    """The tender's live documents as an amendment records them."""
    return [
        {
            "id": document.pk,
            "title": document.title,
            "document_type": document.document_type,
            "name": document.original_name,
            "sha256": document.sha256,
            "replaces": document.replaces_id,
        }
        for document in TenderDocument.objects.filter(
            tender=tender, removed_at__isnull=True
        ).order_by("id")
    ]


def _lock_for_documents(acting_user: User, tender: Tender) -> tuple[Tender, datetime, bool]:
    """Lock the tender whose documents change, and say whether the change is an
    amendment. A draft's documents change freely; a published tender's only while it is
    open by the database clock; after that (closed, evaluated, awarded, ended) never."""
    _require_buyer(acting_user, tender)
    locked = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    if locked.status == TenderStatus.DRAFT:
        return locked, db_now(), False
    locked, now = _lock_open_tender(tender.pk, action="change its documents")
    return locked, now, True


def _require_rationale(rationale: str, *, amending: bool) -> None:
    if amending and not rationale.strip():
        raise ApplicationError(
            "The tender is published, so this is an amendment: say why it is being made.",
            field="rationale",
        )


@transaction.atomic
def tender_document_add(
    *,
    acting_user: User,
    tender: Tender,
    upload: UploadedFile,
    document_type: str,
    title: str = "",
    rationale: str = "",
    replaces: int | None = None,
) -> TenderDocument:
    """Add one of the buyer's documents, checked by its content, or a new version of
    one (`replaces`, which is removed). Once the tender is published this is an
    amendment, with its rationale: see _amendment_record."""
    tender, now, amending = _lock_for_documents(acting_user, tender)
    if document_type not in TenderDocumentType.values:
        raise ApplicationError(
            f"Choose the kind of document: {', '.join(TenderDocumentType.values)}.",
            field="document_type",
        )
    _require_rationale(rationale, amending=amending)
    earlier = None
    if replaces is not None:
        earlier = TenderDocument.objects.filter(
            tender=tender, pk=replaces, removed_at__isnull=True
        ).first()
        if earlier is None:
            raise ApplicationError(
                "Choose one of the tender's current documents to replace.", field="replaces"
            )
    before = _documents_snapshot(tender) if amending else []
    if earlier is not None:
        attachment_remove(earlier, now=now)
    document = attachment_add(
        TenderDocument,
        upload,
        acting_user=acting_user,
        now=now,
        limit=MAX_TENDER_DOCUMENTS,
        too_many=f"A tender can have up to {MAX_TENDER_DOCUMENTS} documents. Remove one first.",
        details={
            # A new version keeps the title of the one it replaces unless given another.
            "title": title.strip()
            or (earlier.title if earlier else safe_filename(upload.name or "")),
            "document_type": document_type,
            "replaces": earlier,
        },
        tender=tender,
    )
    audit_record(
        actor=acting_user,
        verb="tender.document_added",
        target=tender,
        organisation=tender.buyer,
        detail={
            "name": document.original_name,
            "sha256": document.sha256,
            "replaces": earlier.original_name if earlier else None,
        },
    )
    if amending:
        _documents_amended(acting_user, tender, rationale, before=before, now=now)
    return document


@transaction.atomic
def tender_document_remove(
    *, acting_user: User, document: TenderDocument, rationale: str = ""
) -> TenderDocument:
    """Take a document off the tender. The file is kept: an amendment and an OCDS
    release name it. Once the tender is published this is an amendment."""
    tender, now, amending = _lock_for_documents(acting_user, document.tender)
    _require_rationale(rationale, amending=amending)
    before = _documents_snapshot(tender) if amending else []
    attachment_remove(document, now=now)
    document.removed_at = now
    audit_record(
        actor=acting_user,
        verb="tender.document_removed",
        target=tender,
        organisation=tender.buyer,
        detail={"name": document.original_name},
    )
    if amending:
        _documents_amended(acting_user, tender, rationale, before=before, now=now)
    return document


def _documents_amended(
    acting_user: User, tender: Tender, rationale: str, *, before: list[Any], now: datetime
) -> TenderAmendment:
    tender.updated_at = now
    tender.save(update_fields=["updated_at"])
    return _amendment_record(
        acting_user=acting_user,
        tender=tender,
        rationale=rationale,
        before={"documents": before},
        after={"documents": _documents_snapshot(tender)},
        now=now,
    )


def _end(*, acting_user: User, tender: Tender, reason: str, new_status: str, verb: str) -> Tender:
    if not reason.strip():
        raise ApplicationError("Give the reason; it is published.", field="reason")
    tender.status = new_status
    tender.end_reason = reason.strip()
    tender.ended_at = tender.updated_at = db_now()
    tender.save(update_fields=["status", "end_reason", "ended_at", "updated_at"])
    audit_record(
        actor=acting_user,
        verb=verb,
        target=tender,
        organisation=tender.buyer,
        detail={"reason": tender.end_reason},
    )
    return tender


@transaction.atomic
def tender_withdraw(*, acting_user: User, tender: Tender, reason: str) -> Tender:
    """Take a published tender off the market before it closes. Its bids are never opened."""
    _require_buyer(acting_user, tender)
    tender, _ = _lock_open_tender(tender.pk, action="withdraw it")
    tender = _end(
        acting_user=acting_user,
        tender=tender,
        reason=reason,
        new_status=TenderStatus.WITHDRAWN,
        verb="tender.withdrawn",
    )
    ocds.release_record(
        tender=tender, tag="tenderUpdate", date=tender.updated_at, ending="Tender withdrawn."
    )
    events.tender_ended(tender=tender, acting_user=acting_user, outcome="withdrawn")
    return tender


@transaction.atomic
def tender_cancel(*, acting_user: User, tender: Tender, reason: str) -> Tender:
    _require_buyer(acting_user, tender)
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    _require_status(
        tender,
        TenderStatus.PUBLISHED,
        TenderStatus.EVALUATION,
        TenderStatus.STANDSTILL,
        action="cancel",
    )
    tender = _end(
        acting_user=acting_user,
        tender=tender,
        reason=reason,
        new_status=TenderStatus.CANCELLED,
        verb="tender.cancelled",
    )
    ocds.release_record(
        tender=tender, tag="tenderCancellation", date=tender.updated_at, ending="Tender cancelled."
    )
    events.tender_ended(tender=tender, acting_user=acting_user, outcome="cancelled")
    return tender


# Clarification questions ---------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, acting_user: User, tender: Tender, supplier: Organisation, question: str
) -> TenderQuestion:
    """A supplier asks privately; the buyer sees who asked, nobody else ever does."""
    if not is_member(acting_user, supplier) or supplier.kind != Organisation.Kind.SUPPLIER:
        raise ApplicationError(
            "Only members of a supplier organisation can ask questions.",
            field="supplier",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if not question.strip():
        raise ApplicationError("Enter your question.", field="question")
    clock = (
        Tender.objects.with_clock()
        .filter(pk=tender.pk)
        # The stubs cannot see with_clock's annotations.
        .values("db_questions_open", "status", "questions_close_at", "closes_at")  # type: ignore[misc]
        .get()
    )
    if not clock["db_questions_open"]:
        if clock["status"] != TenderStatus.PUBLISHED:
            raise Conflict("This tender is not open for questions.", field="tender")
        deadline = clock["questions_close_at"] or clock["closes_at"]
        raise ApplicationError(
            f"Clarification questions closed at {london_time(deadline)}.",
            field="questions_close_at",
        )
    asked = TenderQuestion.objects.create(
        tender=tender,
        supplier=supplier,
        asked_by=acting_user,
        question=question.strip(),
        asked_at=db_now(),
    )
    audit_record(
        actor=acting_user, verb="tender.question_asked", target=asked, organisation=supplier
    )
    return asked


@transaction.atomic
def question_answer(
    *,
    acting_user: User,
    question: TenderQuestion,
    answer: str,
    published_question: str = "",
) -> TenderQuestion:
    """Answer and publish to everyone, anonymised. The buyer may reword the question
    to take out anything that identifies the asker."""
    tender = question.tender
    _require_buyer(acting_user, tender)
    question = clarification_publish(
        question,
        acting_user=acting_user,
        answer=answer,
        published_question=published_question,
        now=db_now(),
    )
    audit_record(
        actor=acting_user,
        verb="tender.question_answered",
        target=question,
        organisation=tender.buyer,
    )
    events.question_answered(question=question, acting_user=acting_user)
    return question


# Bids ------------------------------------------------------------------------------------


def _require_supplier_member(user: User, supplier: Organisation) -> None:
    if not is_member(user, supplier):
        raise ApplicationError(
            f"Only members of {supplier.name} can change its bid.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _check_responses(tender: Tender, responses: Mapping[str, Any]) -> dict[str, str]:
    keys = set(tender.criteria.exclude(kind=CriterionKind.PRICE).values_list("key", flat=True))
    unknown = sorted(set(responses) - keys)
    if unknown:
        raise ApplicationError(
            f"Not a criterion of this tender: {', '.join(unknown)}. "
            f"Respond to: {', '.join(sorted(keys))}.",
            field="responses",
        )
    return {key: str(value).strip() for key, value in responses.items()}


def _check_price(price: Decimal | None) -> None:
    if price is not None and price < 0:
        raise ApplicationError("The price cannot be negative.", field="price")


@transaction.atomic
def bid_create(
    *,
    acting_user: User,
    tender: Tender,
    supplier: Organisation,
    price: Decimal | None = None,
    responses: Mapping[str, Any] | None = None,
) -> Bid:
    """Start the supplier's draft bid. One live (draft or submitted) bid per supplier."""
    _require_supplier_member(acting_user, supplier)
    if supplier.kind != Organisation.Kind.SUPPLIER:
        raise ApplicationError("Only supplier organisations can bid.", field="supplier")
    tender, now = _lock_open_tender(tender.pk, action="start a bid")
    _check_price(price)
    cleaned = _check_responses(tender, responses or {})
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                tender=tender,
                supplier=supplier,
                price=price,
                responses=cleaned,
                created_by=acting_user,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError as error:
        raise Conflict(
            f"{supplier.name} already has a bid for this tender: change that one.",
            field="supplier",
        ) from error
    audit_record(actor=acting_user, verb="bid.created", target=bid, organisation=supplier)
    return bid


@transaction.atomic
def bid_update(
    *,
    acting_user: User,
    bid: Bid,
    price: Decimal | None = None,
    responses: Mapping[str, Any] | None = None,
) -> Bid:
    """Edit the working copy. A submitted bid stays sealed as submitted until it is
    submitted again."""
    _require_supplier_member(acting_user, bid.supplier)
    tender, now = _lock_open_tender(bid.tender_id, action="change your bid")
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if bid.status == BidStatus.WITHDRAWN:
        raise Conflict("This bid was withdrawn. Start a new one.", field="status")
    fields = ["updated_at"]
    if price is not None:
        _check_price(price)
        bid.price = price
        fields.append("price")
    if responses is not None:
        bid.responses = {**bid.responses, **_check_responses(tender, responses)}
        fields.append("responses")
    bid.updated_at = now
    bid.save(update_fields=fields)
    audit_record(
        actor=acting_user,
        verb="bid.updated",
        target=bid,
        organisation=bid.supplier,
        detail={"fields": fields[1:]},
    )
    return bid


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """The bytes a receipt's SHA-256 is taken of: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _bid_content(bid: Bid, tender: Tender) -> dict[str, Any]:
    keys = list(tender.criteria.exclude(kind=CriterionKind.PRICE).values_list("key", flat=True))
    missing = [key for key in keys if not str(bid.responses.get(key, "")).strip()]
    errors: dict[str, list[str]] = {}
    if missing:
        errors["responses"] = [f"Respond to every criterion; missing: {', '.join(missing)}."]
    if bid.price is None:
        errors["price"] = ["Enter your price."]
    if errors:
        raise ApplicationError("Your bid is not complete.", fields=errors)
    return {
        "tender": tender.pk,
        "bid": bid.pk,
        "supplier": bid.supplier.slug,
        "price": str(bid.price),
        "currency": "GBP",
        "responses": {key: bid.responses[key] for key in keys},
        # The files themselves are not in the JSON; their SHA-256s are, so the
        # receipt's hash covers exactly the documents that were submitted.
        "attachments": [
            {
                "id": attachment.pk,
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
            }
            for attachment in bid.attachments.filter(removed_at__isnull=True).order_by("id")
        ],
    }


@transaction.atomic
def bid_submit(*, acting_user: User, bid: Bid) -> BidSubmission:
    """Seal the bid as it stands. The receipt's time is the database's, read after the
    tender's row lock is held, and is before closes_at or the bid is refused."""
    _require_supplier_member(acting_user, bid.supplier)
    tender, now = _lock_open_tender(bid.tender_id, action="submit a bid")
    bid = Bid.objects.select_for_update().select_related("supplier").get(pk=bid.pk)
    if bid.status == BidStatus.WITHDRAWN:
        raise Conflict("This bid was withdrawn. Start a new one.", field="status")
    content = _bid_content(bid, tender)
    number = (bid.submissions.aggregate(n=Max("number"))["n"] or 0) + 1
    submission = BidSubmission.objects.create(
        bid=bid,
        number=number,
        content=content,
        sha256=hashlib.sha256(canonical_json(content)).hexdigest(),
        submitted_at=now,
        submitted_by=acting_user,
    )
    bid.status = BidStatus.SUBMITTED
    bid.latest_submission = submission
    bid.needs_reconfirmation = False
    bid.updated_at = now
    bid.save(update_fields=["status", "latest_submission", "needs_reconfirmation", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="bid.submitted" if number == 1 else "bid.resubmitted",
        target=bid,
        organisation=bid.supplier,
        detail={"submission": number, "sha256": submission.sha256},
    )
    events.bid_submitted(bid=bid, submission=submission)
    return submission


@transaction.atomic
def bid_withdraw(*, acting_user: User, bid: Bid) -> Bid:
    """Withdraw before the deadline. The submissions stay on record, never opened."""
    _require_supplier_member(acting_user, bid.supplier)
    _, now = _lock_open_tender(bid.tender_id, action="withdraw your bid")
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if bid.status == BidStatus.WITHDRAWN:
        raise Conflict("This bid is already withdrawn.", field="status")
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = bid.updated_at = now
    bid.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(actor=acting_user, verb="bid.withdrawn", target=bid, organisation=bid.supplier)
    return bid


@transaction.atomic
def bid_attachment_add(*, acting_user: User, bid: Bid, upload: UploadedFile) -> BidAttachment:
    """Add a document to the bid's working copy, checked by its content (type and
    size). It is sealed when the bid is next submitted."""
    _require_supplier_member(acting_user, bid.supplier)
    _, now = _lock_open_tender(bid.tender_id, action="add documents to your bid")
    bid = Bid.objects.select_for_update().select_related("supplier").get(pk=bid.pk)
    if bid.status == BidStatus.WITHDRAWN:
        raise Conflict("This bid was withdrawn. Start a new one.", field="status")
    attachment = attachment_add(
        BidAttachment,
        upload,
        acting_user=acting_user,
        now=now,
        limit=MAX_BID_ATTACHMENTS,
        too_many=f"A bid can have up to {MAX_BID_ATTACHMENTS} documents. Remove one first.",
        bid=bid,
    )
    audit_record(
        actor=acting_user,
        verb="bid.attachment_added",
        target=bid,
        organisation=bid.supplier,
        detail={"name": attachment.original_name, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def bid_attachment_remove(*, acting_user: User, attachment: BidAttachment) -> None:
    """Take a document out of the working copy before the deadline. The file is kept:
    an earlier sealed submission may name it."""
    bid = attachment.bid
    _require_supplier_member(acting_user, bid.supplier)
    _, now = _lock_open_tender(bid.tender_id, action="remove documents from your bid")
    attachment_remove(attachment, now=now)
    audit_record(
        actor=acting_user,
        verb="bid.attachment_removed",
        target=bid,
        organisation=bid.supplier,
        detail={"name": attachment.original_name},
    )


# Evaluation and award ------------------------------------------------------------------


@transaction.atomic
def evaluator_add(*, acting_user: User, tender: Tender, evaluator: User) -> None:
    """Name an evaluator: a per-object grant on the tender, so they may see it and,
    after declaring their conflicts, the bids they are free to score."""
    _require_buyer(acting_user, tender)
    _require_status(
        tender, TenderStatus.PUBLISHED, TenderStatus.EVALUATION, action="name evaluators for"
    )
    if not evaluator.is_active:
        raise ApplicationError("This person's account is not active.", field="email")
    if is_evaluator(evaluator, tender):
        raise Conflict(f"{evaluator.email} is already an evaluator.", field="email")
    assign_perm("procurement.view_tender", evaluator, tender)
    assign_perm("procurement.evaluate_tender", evaluator, tender)
    audit_record(
        actor=acting_user,
        verb="tender.evaluator_added",
        target=tender,
        organisation=tender.buyer,
        detail={"evaluator": evaluator.email},
    )


def _require_evaluation(tender: Tender, *, action: str) -> Tender:
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    _require_status(tender, TenderStatus.EVALUATION, action=action)
    return tender


@transaction.atomic
def tender_evaluation_start(*, acting_user: User, tender: Tender) -> Tender:
    """Open the bids for evaluation: only once closes_at has passed by the database clock."""
    _require_buyer(acting_user, tender)
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    _require_status(tender, TenderStatus.PUBLISHED, action="start evaluating")
    passed = Tender.objects.filter(pk=tender.pk, closes_at__lte=Now()).exists()
    if not passed:
        raise Conflict(
            f"Bids stay sealed until {london_time(tender.closes_at)}.", field="closes_at"
        )
    tender.status = TenderStatus.EVALUATION
    tender.updated_at = db_now()
    tender.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=acting_user,
        verb="tender.evaluation_started",
        target=tender,
        organisation=tender.buyer,
    )
    return tender


@transaction.atomic
def evaluator_declare(
    *, acting_user: User, tender: Tender, conflicts: Mapping[int, str]
) -> EvaluatorDeclaration:
    """The evaluator's declaration, made once, before they see any bid's content:
    `conflicts` maps bid id to the reason. Conflicts found from membership and e-mail
    domain are recorded too; either kind keeps the evaluator off that bid."""
    if not is_evaluator(acting_user, tender):
        raise ApplicationError(
            "Only the tender's evaluators declare conflicts.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    tender = _require_evaluation(tender, action="declare conflicts on")
    if EvaluatorDeclaration.objects.filter(tender=tender, evaluator=acting_user).exists():
        raise Conflict("You have already declared your conflicts for this tender.")
    bids = {bid.pk: bid for bid in tender.bids.filter(status=BidStatus.SUBMITTED)}
    unknown = sorted(set(conflicts) - set(bids))
    if unknown:
        raise ApplicationError(
            f"Not a bid on this tender: {', '.join(map(str, unknown))}.", field="conflicts"
        )
    if any(not reason.strip() for reason in conflicts.values()):
        raise ApplicationError("Give the reason for each conflict.", field="conflicts")
    now = db_now()
    rows = [
        BidConflict(
            bid_id=bid_id,
            evaluator=acting_user,
            source=ConflictSource.DECLARED,
            detail=reason.strip(),
            created_at=now,
        )
        for bid_id, reason in conflicts.items()
    ]
    detected = organisation_conflicts(
        person=acting_user, organisation_ids=[bid.supplier_id for bid in bids.values()]
    )
    for bid in bids.values():
        for source, detail in detected.get(bid.supplier_id, []):
            rows.append(
                BidConflict(
                    bid=bid, evaluator=acting_user, source=source, detail=detail, created_at=now
                )
            )
    BidConflict.objects.bulk_create(rows)
    declaration = EvaluatorDeclaration.objects.create(
        tender=tender, evaluator=acting_user, declared_at=now
    )
    audit_record(
        actor=acting_user,
        verb="tender.conflicts_declared",
        target=tender,
        organisation=tender.buyer,
        detail={
            "declared": sorted(conflicts),
            "detected": sorted({row.bid_id for row in rows if row.source != "declared"}),
        },
    )
    return declaration


def _scored_criteria(tender: Tender) -> dict[str, TenderCriterion]:
    return {c.key: c for c in tender.criteria.exclude(kind=CriterionKind.PRICE)}


def _check_scores(
    criteria: Mapping[str, TenderCriterion], scores: Iterable[Mapping[str, Any]], *, note: str
) -> dict[str, tuple[Decimal, str]]:
    cleaned: dict[str, tuple[Decimal, str]] = {}
    for item in scores:
        key = str(item.get("criterion", ""))
        if key not in criteria:
            raise ApplicationError(
                f"Score these criteria: {', '.join(criteria)}. (Price is worked out.)",
                field="scores",
            )
        value = Decimal(str(item.get("score")))
        if not score_is_valid(value):
            raise ApplicationError(
                f"Scores run from 0 to {SCORE_MAX.normalize():f}.", field="scores"
            )
        cleaned[key] = (value, str(item.get(note, "")).strip())
    return cleaned


@transaction.atomic
def bid_score(
    *, acting_user: User, bid: Bid, scores: Iterable[Mapping[str, Any]]
) -> list[EvaluatorScore]:
    """An evaluator's own scores for a bid, per criterion, independent of the others'."""
    if not is_evaluator(acting_user, bid.tender):
        raise ApplicationError(
            "Only the tender's evaluators score bids.", status_code=status.HTTP_403_FORBIDDEN
        )
    tender = _require_evaluation(bid.tender, action="score bids on")
    if not EvaluatorDeclaration.objects.filter(tender=tender, evaluator=acting_user).exists():
        raise ApplicationError(
            "Declare your conflicts of interest before scoring.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    if BidConflict.objects.filter(bid=bid, evaluator=acting_user).exists():
        raise ApplicationError(
            "You have a conflict of interest with this bid.", status_code=status.HTTP_403_FORBIDDEN
        )
    criteria = _scored_criteria(tender)
    cleaned = _check_scores(criteria, scores, note="comment")
    now = db_now()
    saved = []
    for key, (value, comment) in cleaned.items():
        score, _ = EvaluatorScore.objects.update_or_create(
            bid=bid,
            criterion=criteria[key],
            evaluator=acting_user,
            defaults={"score": value, "comment": comment, "scored_at": now},
        )
        saved.append(score)
    audit_record(
        actor=acting_user,
        verb="bid.scored",
        target=bid,
        organisation=tender.buyer,
        detail={key: str(value) for key, (value, _) in cleaned.items()},
    )
    return saved


@transaction.atomic
def bid_moderate(
    *, acting_user: User, bid: Bid, scores: Iterable[Mapping[str, Any]]
) -> list[ModeratedScore]:
    """The buyer's moderator records the agreed score for every scored criterion, each
    with its rationale, once at least one evaluator has scored the bid."""
    tender = _require_evaluation(bid.tender, action="moderate bids on")
    _require_buyer(acting_user, tender)
    if organisation_conflicts(person=acting_user, organisation_ids=[bid.supplier_id]):
        raise ApplicationError(
            "You have a conflict of interest with this bid.", status_code=status.HTTP_403_FORBIDDEN
        )
    criteria = _scored_criteria(tender)
    cleaned = _check_scores(criteria, scores, note="rationale")
    missing = [key for key in criteria if key not in cleaned]
    unexplained = [key for key, (_, rationale) in cleaned.items() if not rationale]
    if missing or unexplained:
        raise ApplicationError(
            "Agree a score, with its rationale, for every criterion: "
            f"{', '.join(missing + unexplained)}.",
            field="scores",
        )
    if not EvaluatorScore.objects.filter(bid=bid).exists():
        raise Conflict("No evaluator has scored this bid yet.", field="scores")
    now = db_now()
    saved = []
    for key, (value, rationale) in cleaned.items():
        score, _ = ModeratedScore.objects.update_or_create(
            bid=bid,
            criterion=criteria[key],
            defaults={
                "score": value,
                "rationale": rationale,
                "moderated_by": acting_user,
                "moderated_at": now,
            },
        )
        saved.append(score)
    audit_record(
        actor=acting_user,
        verb="bid.moderated",
        target=bid,
        organisation=tender.buyer,
        detail={key: str(value) for key, (value, _) in cleaned.items()},
    )
    return saved


def _set_outcomes(acting_user: User, tender: Tender, winner: Bid | None) -> None:
    for bid in tender.bids.filter(status=BidStatus.SUBMITTED).select_related("supplier"):
        outcome = (
            BidOutcome.SUCCESSFUL if winner and bid.pk == winner.pk else BidOutcome.UNSUCCESSFUL
        )
        bid.outcome = outcome
        bid.save(update_fields=["outcome"])
        audit_record(
            actor=acting_user,
            verb=f"bid.{outcome}",
            target=bid,
            organisation=tender.buyer,
            detail={"supplier": bid.supplier.slug},
        )


@transaction.atomic
def tender_award(*, acting_user: User, tender: Tender, bid: Bid) -> Tender:
    """Choose the winner once every bid has agreed scores. The standstill runs for 8
    working days (England and Wales) before the contract can be marked awarded."""
    _require_buyer(acting_user, tender)
    tender = _require_evaluation(tender, action="award")
    if bid.tender_id != tender.pk or bid.status != BidStatus.SUBMITTED:
        raise ApplicationError("Choose a submitted bid on this tender.", field="bid")
    scored = len(_scored_criteria(tender))
    unmoderated = (
        tender.bids.filter(status=BidStatus.SUBMITTED)
        .annotate(n=Count("moderated_scores"))
        .filter(n__lt=scored)
        .count()
    )
    if unmoderated:
        raise Conflict(
            f"{unmoderated} bid(s) still need agreed scores before the award.", field="bid"
        )
    now = db_now()
    tender.status = TenderStatus.STANDSTILL
    tender.winning_bid = bid
    tender.award_decided_at = tender.updated_at = now
    tender.standstill_ends_on = working_days_after(london_date(now), STANDSTILL_WORKING_DAYS)
    tender.save(
        update_fields=[
            "status",
            "winning_bid",
            "award_decided_at",
            "standstill_ends_on",
            "updated_at",
        ]
    )
    _set_outcomes(acting_user, tender, bid)
    tender.winning_bid = Bid.objects.select_related("supplier", "latest_submission").get(pk=bid.pk)
    ocds.release_record(tender=tender, tag="award", date=now, award_status="pending")
    events.award_decided(tender=tender, acting_user=acting_user)
    audit_record(
        actor=acting_user,
        verb="tender.award_decided",
        target=tender,
        organisation=tender.buyer,
        detail={"bid": bid.pk, "standstill_ends_on": tender.standstill_ends_on.isoformat()},
    )
    return tender


@transaction.atomic
def tender_contract_award(*, acting_user: User, tender: Tender) -> Tender:
    """Mark the contract awarded, once the standstill period has ended."""
    _require_buyer(acting_user, tender)
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    _require_status(tender, TenderStatus.STANDSTILL, action="award the contract of")
    now = db_now()
    ends_on = tender.standstill_ends_on or london_date(now)  # always set in STANDSTILL
    if london_date(now) <= ends_on:
        raise Conflict(
            f"The standstill period runs to the end of {ends_on:%-d %B %Y}; "
            "award the contract after that.",
            field="standstill_ends_on",
        )
    tender.status = TenderStatus.AWARDED
    tender.contract_awarded_at = tender.updated_at = now
    tender.save(update_fields=["status", "contract_awarded_at", "updated_at"])
    tender.winning_bid = Bid.objects.select_related("supplier", "latest_submission").get(
        won_tender=tender
    )
    ocds.release_record(tender=tender, tag="awardUpdate", date=now, award_status="active")
    audit_record(
        actor=acting_user, verb="tender.contract_awarded", target=tender, organisation=tender.buyer
    )
    return tender


@transaction.atomic
def tender_no_award(*, acting_user: User, tender: Tender, reason: str) -> Tender:
    """End the evaluation without a contract; every bid is unsuccessful."""
    _require_buyer(acting_user, tender)
    tender = _require_evaluation(tender, action="end without an award")
    tender = _end(
        acting_user=acting_user,
        tender=tender,
        reason=reason,
        new_status=TenderStatus.NO_AWARD,
        verb="tender.no_award",
    )
    _set_outcomes(acting_user, tender, None)
    ocds.release_record(
        tender=tender, tag="tenderUpdate", date=tender.updated_at, ending="No contract awarded."
    )
    events.tender_ended(tender=tender, acting_user=acting_user, outcome="no contract awarded")
    return tender


# Saved searches and interest ----------------------------------------------------------------


@transaction.atomic
def saved_search_create(
    *,
    acting_user: User,
    name: str,
    search: str = "",
    division: str = "",
    value_band: str = "",
    buyer: str = "",
    sme_suitable: bool | None = None,
    vcse_suitable: bool | None = None,
) -> SavedSearch:
    """Save words and filters; the person is told of each new tender that matches."""
    if not name.strip():
        raise ApplicationError("Name the search.", field="name")
    if division and not CpvCode.objects.filter(division=division).exists():
        raise ApplicationError(f"{division} is not a CPV division.", field="division")
    if value_band and value_band not in VALUE_BAND_KEYS:
        raise ApplicationError(
            f"Value band must be one of: {', '.join(VALUE_BAND_KEYS)}.", field="value_band"
        )
    buyer_organisation = public_bodies_by_slug([buyer], field="buyer")[0] if buyer else None
    saved = SavedSearch.objects.create(
        user=acting_user,
        name=name.strip(),
        search=search.strip(),
        division=division,
        value_band=value_band,
        buyer=buyer_organisation,
        sme_suitable=sme_suitable,
        vcse_suitable=vcse_suitable,
    )
    audit_record(actor=acting_user, verb="saved_search.created", target=saved)
    return saved


@transaction.atomic
def saved_search_delete(*, acting_user: User, saved_search: SavedSearch) -> None:
    audit_record(actor=acting_user, verb="saved_search.deleted", target=saved_search)
    saved_search.delete()


@transaction.atomic
def tender_interest_register(*, acting_user: User, tender: Tender) -> TenderInterest:
    """Follow a published tender: answers, amendments and its end are sent to you."""
    if tender.status == TenderStatus.DRAFT:
        raise Conflict("A draft cannot be followed.", field="tender")
    interest, _ = TenderInterest.objects.get_or_create(user=acting_user, tender=tender)
    return interest


@transaction.atomic
def tender_interest_withdraw(*, acting_user: User, tender: Tender) -> None:
    TenderInterest.objects.filter(user=acting_user, tender=tender).delete()
