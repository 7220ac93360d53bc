"""Writes for the technology contracts register: contracts one by one, spreadsheet
imports, published plans, joint tenders started from a match, and saved pipeline
searches with their alerts.

An import is checked before anything is saved: every row is read and checked into
ContractImportRow, which is the preview. Importing then writes every row in one
transaction, or none. A small file is checked and imported in the request; a large
one by a Celery task (contract_import_run), whose progress is written on a database
connection of its own so that the page sees it while the import's own transaction is
still open.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.utils import timezone
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError, Conflict
from loti.audit.services import audit_record
from loti.organisations import PUBLIC_BODY_KINDS, public_bodies_by_slug
from loti.permissions import is_member
from loti.uploads import safe_filename, upload_check
from procurement import contracts_events, contracts_ocds
from procurement import services as tender_services
from procurement.contracts import (
    CATEGORY_CPV,
    PROCURING_PLANS,
    category_for,
    company_key,
    contract_problems,
    natural_key,
    simplified,
)
from procurement.contracts_selectors import (
    import_rows,
    pipeline_search_news,
    pipeline_searches_to_run,
    pipeline_window,
)
from procurement.contracts_sheets import CSV, XLSX, Progress, Sheet, row_values, sheet_read
from procurement.dates import LONDON, db_now
from procurement.models import (
    Contract,
    ContractCategory,
    ContractImport,
    ContractImportRow,
    ContractImportStatus,
    ContractPlanningRelease,
    CpvCode,
    PipelineSearch,
    PipelineSearchAlert,
    RenewalPlan,
    Tender,
)
from procurement.selectors import VALUE_BAND_KEYS

logger = logging.getLogger(__name__)

# The fields a borough sets on a contract, in the order they are checked and shown.
CONTRACT_FIELDS = [
    "reference",
    "system_name",
    "supplier_name",
    "category",
    "cpv_code",
    "annual_value",
    "total_value",
    "starts_on",
    "ends_on",
    "extension_options",
    "renewal_plan",
    "notes",
    "visibility",
]
# What an import writes to a contract it updates (see _written).
UPDATED_FIELDS = [
    "reference",
    "natural_key",
    "system_name",
    "system_key",
    "supplier_name",
    "supplier_key",
    "supplier",
    "category",
    "cpv_code",
    "annual_value",
    "total_value",
    "starts_on",
    "ends_on",
    "extension_options",
    "renewal_plan",
    "notes",
    "visibility",
    "updated_at",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRONG_TYPE = (
    "Upload the register as a CSV file or an Excel workbook (.xlsx). Save an older "
    ".xls workbook as .xlsx first."
)
BATCH = 500
# Two integers name a PostgreSQL advisory lock; the first says it is an import's.
IMPORT_LOCK_CLASS = 7301
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# An import that has not moved for this long is handed to a worker again.
STALLED_AFTER = timedelta(minutes=2)
# A joint tender starts as a draft closing this far ahead; the buyer sets the real date.
JOINT_TENDER_WEEKS = 12


def _require_officer(user: User, borough: Organisation) -> None:
    if not is_member(user, borough) or borough.kind not in PUBLIC_BODY_KINDS:
        raise ApplicationError(
            f"Only officers of {borough.name} can change its contracts register.",
            status_code=status.HTTP_403_FORBIDDEN,
        )


def _problems_error(problems: Mapping[str, str]) -> ApplicationError:
    names = ", ".join(sorted(problems)).replace("_", " ")
    return ApplicationError(
        f"There is a problem with {names}.",
        fields={field: [message] for field, message in problems.items()},
    )


def _known_cpv(codes: Iterable[str]) -> set[str]:
    wanted = {code for code in codes if code}
    if not wanted:
        return set()
    return set(CpvCode.objects.filter(code__in=wanted).values_list("code", flat=True))


def _supplier_index() -> dict[str, int]:
    """Supplier organisations by company_key of their name: one query. A contract's
    supplier is linked to the organisation whose name matches."""
    names = Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER).values_list("pk", "name")
    return {company_key(name): pk for pk, name in names}


def _written(values: Mapping[str, Any], suppliers: Mapping[str, int]) -> dict[str, Any]:
    """The columns a contract gets from checked values."""
    system_name = str(values["system_name"]).strip()
    supplier_name = str(values["supplier_name"]).strip()
    cpv_code = values.get("cpv_code") or ""
    return {
        "reference": str(values.get("reference") or "").strip(),
        "natural_key": natural_key(
            reference=str(values.get("reference") or ""),
            system_name=system_name,
            supplier_name=supplier_name,
            starts_on=values["starts_on"],
        ),
        "system_name": system_name,
        "system_key": simplified(system_name),
        "supplier_name": supplier_name,
        "supplier_key": company_key(supplier_name),
        "supplier_id": suppliers.get(company_key(supplier_name)),
        "category": category_for(category=values.get("category") or "", cpv_code=cpv_code),
        "cpv_code_id": cpv_code or None,
        "annual_value": values.get("annual_value"),
        "total_value": values.get("total_value"),
        "starts_on": values["starts_on"],
        "ends_on": values["ends_on"],
        "extension_options": str(values.get("extension_options") or "").strip(),
        "renewal_plan": values.get("renewal_plan") or RenewalPlan.UNDECIDED,
        "notes": str(values.get("notes") or "").strip(),
    }


def _differs(contract: Contract, written: Mapping[str, Any], visibility: str | None) -> bool:
    changed = any(getattr(contract, name) != value for name, value in written.items())
    return changed or (visibility is not None and visibility != contract.visibility)


def _pipeline_alerts_on_commit() -> None:
    transaction.on_commit(_queue_pipeline_alerts)


def _queue_pipeline_alerts() -> None:
    from procurement.tasks import pipeline_alerts

    try:
        pipeline_alerts.apply_async(retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:
        # The daily run sends what this one would have.
        logger.warning("Broker unavailable; pipeline alerts wait for the daily run.", exc_info=True)


# Contracts one by one -----------------------------------------------------------------------


def _check_contract(values: Mapping[str, Any], shared_with: Sequence[str] | None) -> list[Any]:
    problems = contract_problems(values, known_cpv=_known_cpv([values.get("cpv_code") or ""]))
    if problems:
        raise _problems_error(problems)
    if values.get("visibility") == "shared":
        partners = public_bodies_by_slug(shared_with or [], field="shared_with")
        if not partners:
            raise ApplicationError(
                "Name the organisations a shared contract is shared with.", field="shared_with"
            )
        return partners
    return []


def _require_unique(contract: Contract) -> None:
    clash = Contract.objects.filter(
        borough_id=contract.borough_id, natural_key=contract.natural_key
    )
    if contract.pk:
        clash = clash.exclude(pk=contract.pk)
    if clash.exists():
        field = "reference" if contract.reference else "system_name"
        raise Conflict(
            "The register already has this contract: "
            + (
                f"the reference {contract.reference} is taken."
                if contract.reference
                else "the same system, supplier and start date. Give each a reference."
            ),
            field=field,
        )


@transaction.atomic
def contract_create(
    *,
    acting_user: User,
    borough: Organisation,
    system_name: str,
    supplier_name: str,
    starts_on: date | None,
    ends_on: date | None,
    category: str = "",
    cpv_code: str = "",
    reference: str = "",
    annual_value: Decimal | None = None,
    total_value: Decimal | None = None,
    extension_options: str = "",
    renewal_plan: str = RenewalPlan.UNDECIDED,
    notes: str = "",
    visibility: str = "network",
    shared_with: Sequence[str] | None = None,
) -> Contract:
    """Add a contract to the borough's register (network-visible unless told otherwise)."""
    _require_officer(acting_user, borough)
    values = {
        "reference": reference,
        "system_name": system_name,
        "supplier_name": supplier_name,
        "category": category,
        "cpv_code": cpv_code,
        "annual_value": annual_value,
        "total_value": total_value,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "extension_options": extension_options,
        "renewal_plan": renewal_plan,
        "notes": notes,
        "visibility": visibility,
    }
    partners = _check_contract(values, shared_with)
    now = db_now()
    contract = Contract(
        borough=borough,
        visibility=visibility,
        created_by=acting_user,
        created_at=now,
        updated_at=now,
        **_written(values, _supplier_index()),
    )
    _require_unique(contract)
    contract.save()
    contract.shared_with.set(partners)
    audit_record(actor=acting_user, verb="contract.created", target=contract, organisation=borough)
    _pipeline_alerts_on_commit()
    return contract


@transaction.atomic
def contract_update(
    *, acting_user: User, contract: Contract, changes: Mapping[str, Any]
) -> Contract:
    """Change some of a contract's fields; the rest stay as they are."""
    _require_officer(acting_user, contract.borough)
    unknown = sorted(set(changes) - {*CONTRACT_FIELDS, "shared_with"})
    if unknown:
        raise ApplicationError(f"{', '.join(unknown)} cannot be changed here.")
    contract = Contract.objects.select_for_update().select_related("borough").get(pk=contract.pk)
    values = {name: getattr(contract, name) for name in CONTRACT_FIELDS if name != "cpv_code"}
    values["cpv_code"] = contract.cpv_code_id or ""
    values.update({name: value for name, value in changes.items() if name != "shared_with"})
    shared_with = changes.get("shared_with")
    if shared_with is None and values["visibility"] == "shared":
        shared_with = list(contract.shared_with.values_list("slug", flat=True))
    partners = _check_contract(values, shared_with)
    written = _written(values, _supplier_index())
    changed = [name for name, value in written.items() if getattr(contract, name) != value]
    for name in changed:
        setattr(contract, name, written[name])
    if values["visibility"] != contract.visibility:
        contract.visibility = values["visibility"]
        changed.append("visibility")
    _require_unique(contract)
    contract.updated_at = db_now()
    contract.save(update_fields=[*changed, "updated_at"])
    if "shared_with" in changes or values["visibility"] != "shared":
        contract.shared_with.set(partners)
    audit_record(
        actor=acting_user,
        verb="contract.updated",
        target=contract,
        organisation=contract.borough,
        detail={"fields": sorted(changed)},
    )
    _pipeline_alerts_on_commit()
    return contract


@transaction.atomic
def contract_delete(*, acting_user: User, contract: Contract) -> None:
    """Take a contract off the register, unless its plan is published open data."""
    _require_officer(acting_user, contract.borough)
    if ContractPlanningRelease.objects.filter(contract=contract).exists():
        raise Conflict(
            "The planned re-procurement of this contract is published as open data, so "
            "the contract stays on the register. Change its dates or plan instead.",
            field="contract",
        )
    audit_record(
        actor=acting_user,
        verb="contract.deleted",
        target=contract,
        organisation=contract.borough,
        detail={"system": contract.system_name, "supplier": contract.supplier_name},
    )
    contract.delete()


# Imports ----------------------------------------------------------------------------------


def _upload(upload: UploadedFile) -> tuple[str, bytes, str]:
    """The file's format (by its content), bytes and SHA-256; anything else is refused."""
    if not upload.size:
        raise ApplicationError("The file is empty.", field="file")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ApplicationError(
            f"The spreadsheet must be smaller than {limit // (1024 * 1024)} MB. Split it "
            "into smaller files.",
            field="file",
        )
    try:
        checked = upload_check(upload, field="file")
    except ApplicationError:
        raise ApplicationError(WRONG_TYPE, field="file") from None
    if checked.content_type == XLSX_TYPE:
        file_format = XLSX
    elif checked.content_type == "text/csv":
        file_format = CSV
    else:
        raise ApplicationError(WRONG_TYPE, field="file")
    content = b"".join(upload.chunks())
    return file_format, content, hashlib.sha256(content).hexdigest()


@transaction.atomic
def contract_import_start(
    *, acting_user: User, borough: Organisation, upload: UploadedFile
) -> ContractImport:
    """Take a spreadsheet and check it. A file that cannot be read is refused at once
    and nothing is kept; otherwise the import's rows are its preview. A large file is
    checked by a task after this returns (status "checking")."""
    _require_officer(acting_user, borough)
    file_format, content, sha256 = _upload(upload)
    background = len(content) > settings.CONTRACT_IMPORT_BACKGROUND_BYTES
    # The headings are read now even for a large file, so a wrong file is refused at once.
    sheet = sheet_read(content=content, file_format=file_format, headings_only=background)
    now = db_now()
    contract_import = ContractImport.objects.create(
        borough=borough,
        uploaded_by=acting_user,
        original_name=safe_filename(upload.name or "register"),
        file_format=file_format,
        content=content,
        sha256=sha256,
        size=len(content),
        background=background,
        ignored_columns=sheet.ignored,
        created_at=now,
        updated_at=now,
    )
    audit_record(
        actor=acting_user,
        verb="contracts.import_uploaded",
        target=contract_import,
        organisation=borough,
        detail={"name": contract_import.original_name, "sha256": sha256},
    )
    if background:
        transaction.on_commit(partial(_queue_import, contract_import.pk))
        return contract_import
    _check(contract_import, sheet)
    return contract_import


def _json(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat()
        if isinstance(value, date)
        else str(value)
        if isinstance(value, Decimal)
        else value
        for name, value in values.items()
    }


def _typed(data: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(data)
    for name in ("starts_on", "ends_on"):
        values[name] = date.fromisoformat(values[name]) if values.get(name) else None
    for name in ("annual_value", "total_value"):
        values[name] = Decimal(values[name]) if values.get(name) is not None else None
    return values


def _still_shared(contract: Contract | None) -> bool:
    return contract is not None and contract.visibility == "shared"


def _check(contract_import: ContractImport, sheet: Sheet) -> None:
    """Check every row into the import's preview. Nothing is written to the register."""
    borough = contract_import.borough
    read = [(number, cells, *row_values(cells)) for number, cells in sheet.rows]
    known = _known_cpv(values["cpv_code"] for _, _, values, _ in read)
    suppliers = _supplier_index()
    keys = {
        number: natural_key(
            reference=values["reference"],
            system_name=values["system_name"],
            supplier_name=values["supplier_name"],
            starts_on=values["starts_on"],
        )
        for number, _, values, _ in read
    }
    existing = {
        contract.natural_key: contract
        for contract in Contract.objects.filter(borough=borough, natural_key__in=set(keys.values()))
    }
    first_row: dict[str, int] = {}
    rows = []
    for number, cells, values, problems in read:
        key = keys[number]
        if values["visibility"] == "shared" and _still_shared(existing.get(key)):
            # An export of a shared contract, imported back: it stays shared.
            problems.pop("visibility", None)
            values["visibility"] = None
        problems = {**contract_problems(values, known_cpv=known), **problems}
        if values["cpv_code"] and not values["category"] and "cpv_code" not in problems:
            values["category"] = category_for(category="", cpv_code=values["cpv_code"])
        if key in first_row and not problems:
            problems["reference" if values["reference"] else "system_name"] = (
                f"Row {first_row[key]} is the same contract: "
                + (
                    "the same reference."
                    if values["reference"]
                    else "the same system, supplier and start date. Give each a reference."
                )
            )
        first_row.setdefault(key, number)
        if problems:
            action = ContractImportRow.Action.ERROR
        elif key not in existing:
            action = ContractImportRow.Action.CREATE
        elif _differs(existing[key], _written(values, suppliers), values["visibility"]):
            action = ContractImportRow.Action.UPDATE
        else:
            action = ContractImportRow.Action.UNCHANGED
        rows.append(
            ContractImportRow(
                contract_import=contract_import,
                number=number,
                action=action,
                natural_key=key,
                values=_json(values),
                raw=dict(cells),
                errors=[
                    {"field": name, "message": problems[name]}
                    for name in CONTRACT_FIELDS
                    if name in problems
                ],
            )
        )
    ContractImportRow.objects.bulk_create(rows, batch_size=1000)
    actions = [row.action for row in rows]
    Action = ContractImportRow.Action
    contract_import.status = ContractImportStatus.CHECKED
    contract_import.total_rows = contract_import.processed_rows = len(rows)
    contract_import.error_rows = actions.count(Action.ERROR)
    contract_import.new_count = actions.count(Action.CREATE)
    contract_import.update_count = actions.count(Action.UPDATE)
    contract_import.unchanged_count = actions.count(Action.UNCHANGED)
    contract_import.checked_at = contract_import.updated_at = db_now()
    contract_import.save(
        update_fields=[
            "status",
            "total_rows",
            "processed_rows",
            "error_rows",
            "new_count",
            "update_count",
            "unchanged_count",
            "checked_at",
            "updated_at",
        ]
    )


@transaction.atomic
def contract_import_confirm(
    *, acting_user: User, contract_import: ContractImport
) -> ContractImport:
    """Import every checked row, all or nothing. Refused while any row has a problem:
    the borough corrects the spreadsheet and uploads it again. A large import is done
    by a task after this returns (status "importing")."""
    _require_officer(acting_user, contract_import.borough)
    contract_import = (
        ContractImport.objects.select_for_update()
        .select_related("borough")
        .defer("content")
        .get(pk=contract_import.pk)
    )
    if contract_import.status != ContractImportStatus.CHECKED:
        raise Conflict(
            f"This import is {contract_import.get_status_display().lower()}: it cannot be "
            "imported now.",
            field="status",
        )
    if contract_import.error_rows:
        raise Conflict(
            f"{contract_import.error_rows} row(s) have problems. Correct them in the "
            "spreadsheet and upload it again: nothing has been imported.",
            field="rows",
        )
    contract_import.imported_by = acting_user
    audit_record(
        actor=acting_user,
        verb="contracts.import_confirmed",
        target=contract_import,
        organisation=contract_import.borough,
    )
    if contract_import.background:
        contract_import.status = ContractImportStatus.IMPORTING
        contract_import.processed_rows = 0
        contract_import.updated_at = db_now()
        contract_import.save(
            update_fields=["status", "processed_rows", "imported_by", "updated_at"]
        )
        transaction.on_commit(partial(_queue_import, contract_import.pk))
        return contract_import
    _import(contract_import, progress=None)
    return contract_import


def _batches(rows: Iterator[ContractImportRow], size: int) -> Iterator[list[ContractImportRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def _import(contract_import: ContractImport, *, progress: Progress | None) -> None:
    """Write every row to the register, in the caller's transaction. Rows are matched
    to contracts again now, since the register may have changed since the check."""
    borough = contract_import.borough
    suppliers = _supplier_index()
    now = db_now()
    created = updated = unchanged = done = 0
    rows = import_rows(contract_import=contract_import).iterator(chunk_size=BATCH)
    for batch in _batches(rows, BATCH):
        existing = {
            contract.natural_key: contract
            for contract in Contract.objects.filter(
                borough=borough, natural_key__in=[row.natural_key for row in batch]
            )
        }
        new, changed = [], []
        for row in batch:
            values = _typed(row.values)
            written = _written(values, suppliers)
            contract = existing.get(row.natural_key)
            if contract is None:
                new.append(
                    Contract(
                        borough=borough,
                        visibility=values.get("visibility") or "network",
                        created_by=contract_import.imported_by,
                        created_at=now,
                        updated_at=now,
                        **written,
                    )
                )
            elif _differs(contract, written, values.get("visibility")):
                for name, value in written.items():
                    setattr(contract, name, value)
                contract.visibility = values.get("visibility") or contract.visibility
                contract.updated_at = now
                changed.append(contract)
            else:
                unchanged += 1
        Contract.objects.bulk_create(new)
        Contract.objects.bulk_update(changed, UPDATED_FIELDS)
        created, updated, done = created + len(new), updated + len(changed), done + len(batch)
        if progress is not None:
            progress(done, contract_import.total_rows)
    contract_import.status = ContractImportStatus.IMPORTED
    contract_import.new_count, contract_import.update_count = created, updated
    contract_import.unchanged_count = unchanged
    contract_import.processed_rows = done
    contract_import.imported_at = contract_import.updated_at = now
    contract_import.save(
        update_fields=[
            "status",
            "new_count",
            "update_count",
            "unchanged_count",
            "processed_rows",
            "imported_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=contract_import.imported_by,
        verb="contracts.imported",
        target=contract_import,
        organisation=borough,
        detail={"created": created, "updated": updated, "unchanged": unchanged},
    )
    _pipeline_alerts_on_commit()


# Imports in the background ------------------------------------------------------------------


def _queue_import(import_id: int) -> None:
    from procurement.tasks import contract_import_run

    try:
        contract_import_run.apply_async((import_id,), retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:
        logger.warning(
            "Broker unavailable; import %s waits for the sweep.", import_id, exc_info=True
        )


class ProgressWriter:
    """Writes an import's progress on a database connection of its own, in autocommit,
    so the page sees it while the import's one transaction is still open. Progress is
    for information: a write that fails is logged and the import carries on."""

    def __init__(self, import_id: int) -> None:
        self.import_id = import_id
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int | None) -> None:
        table = self.connection.ops.quote_name(ContractImport._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                # Never wait behind the import's own lock on the row: skip this update.
                cursor.execute("SET lock_timeout = '500ms'")
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s, "  # noqa: S608  # nosec B608 (a quoted model table)
                    "total_rows = COALESCE(%s, total_rows), updated_at = %s WHERE id = %s",
                    [done, total, timezone.now(), self.import_id],
                )
        except (OperationalError, InterfaceError):
            logger.warning("Could not record import %s's progress.", self.import_id, exc_info=True)

    def close(self) -> None:
        self.connection.close()


def _fail(import_id: int, problem: str) -> None:
    ContractImport.objects.filter(
        pk=import_id,
        status__in=[ContractImportStatus.CHECKING, ContractImportStatus.IMPORTING],
    ).update(status=ContractImportStatus.FAILED, problem=problem, updated_at=timezone.now())


def _locked(import_id: int) -> bool:
    """Whether this transaction now holds the import's advisory lock: while it does,
    no other worker can work on the import. Released at commit or rollback."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_CLASS, import_id])
        row = cursor.fetchone()
    return bool(row and row[0])


def contract_import_run(*, import_id: int, progress: Progress | None = None) -> str:
    """The background task's work: check a "checking" import, or import an "importing"
    one. Safe to run twice, or at once in two workers: the advisory lock lets one work,
    and an import that is done, failed or deleted is left alone."""
    try:
        with transaction.atomic():
            if not _locked(import_id):
                return "busy"
            contract_import = (
                ContractImport.objects.select_related("borough", "imported_by")
                .filter(pk=import_id)
                .first()
            )
            if contract_import is None:
                return "missing"
            if contract_import.status == ContractImportStatus.CHECKING:
                sheet = sheet_read(
                    content=bytes(contract_import.content),
                    file_format=contract_import.file_format,
                    progress=progress,
                )
                _check(contract_import, sheet)
                return "checked"
            if contract_import.status == ContractImportStatus.IMPORTING:
                _import(contract_import, progress=progress)
                return "imported"
            return "done"
    except ApplicationError as error:
        _fail(import_id, error.message)
    except IntegrityError:
        logger.warning("Import %s clashed with a change to the register.", import_id, exc_info=True)
        _fail(
            import_id,
            "The register changed while this file was being imported, so nothing was "
            "imported. Upload the file again.",
        )
    return "failed"


def contract_imports_sweep() -> int:
    """Hand imports that have not moved for a while (the broker was down, or their
    worker died) to a worker again; the lock makes a duplicate harmless."""
    stalled = ContractImport.objects.filter(
        background=True,
        status__in=[ContractImportStatus.CHECKING, ContractImportStatus.IMPORTING],
        updated_at__lt=timezone.now() - STALLED_AFTER,
    ).values_list("pk", flat=True)
    ids = list(stalled[:100])
    for import_id in ids:
        _queue_import(import_id)
    return len(ids)


# Plans, joint tenders ------------------------------------------------------------------------


@transaction.atomic
def contract_plan_publish(
    *,
    acting_user: User,
    contract: Contract,
    rationale: str,
    tender_expected_on: date | None = None,
) -> ContractPlanningRelease:
    """Publish the planned re-procurement as an OCDS planning release (a planning
    update after the first). What it publishes is public, so the contract becomes
    public too."""
    _require_officer(acting_user, contract.borough)
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("borough", "cpv_code")
        .get(pk=contract.pk)
    )
    if contract.renewal_plan not in PROCURING_PLANS:
        raise Conflict(
            "Only a contract the borough plans to re-procure or replace has a procurement "
            "to publish. Change its plan at renewal first.",
            field="renewal_plan",
        )
    if not rationale.strip():
        raise ApplicationError("Say why the contract will be procured again.", field="rationale")
    now = db_now()
    if tender_expected_on is not None and tender_expected_on < now.astimezone(LONDON).date():
        raise ApplicationError(
            "The date the tender is expected must be today or later.", field="tender_expected_on"
        )
    contract.visibility = "public"
    contract.plan_published_at = contract.plan_published_at or now
    contract.updated_at = now
    contract.save(update_fields=["visibility", "plan_published_at", "updated_at"])
    release = contracts_ocds.planning_release_record(
        contract=contract,
        rationale=rationale.strip(),
        tender_expected_on=tender_expected_on,
        date=now,
    )
    audit_record(
        actor=acting_user,
        verb="contract.plan_published",
        target=contract,
        organisation=contract.borough,
        detail={"release": release.data["id"]},
    )
    return release


def _joint_description(contract: Contract, partners: Sequence[Contract]) -> str:
    ends = "; ".join(
        f"{c.borough.name}'s contract with {c.supplier_name} ends on {c.ends_on:%-d %B %Y}"
        for c in [contract, *partners]
    )
    return (
        f"A joint procurement to follow {contract.system_name}, planned together by "
        + ", ".join(dict.fromkeys(c.borough.name for c in [contract, *partners]))
        + f". {ends}. Describe what the boroughs need before publishing."
    )


@transaction.atomic
def joint_tender_start(
    *, acting_user: User, contract: Contract, partners: Sequence[Contract]
) -> Tender:
    """A draft tender for the contract's borough with the partners' boroughs as joint
    buyers, made by the tender board's own tender_create. Its closing date is a
    placeholder to set before publishing."""
    _require_officer(acting_user, contract.borough)
    boroughs = list(
        dict.fromkeys(p.borough.slug for p in partners if p.borough_id != contract.borough_id)
    )
    if not boroughs:
        raise ApplicationError(
            "Choose at least one other borough's contract to tender with.", field="partners"
        )
    amounts = [c.total_value or c.annual_value or Decimal(0) for c in [contract, *partners]]
    closes_on = db_now().astimezone(LONDON).date() + timedelta(weeks=JOINT_TENDER_WEEKS)
    tender = tender_services.tender_create(
        acting_user=acting_user,
        buyer=contract.borough,
        title=f"Joint procurement: {contract.system_name}"[:200],
        description=_joint_description(contract, partners),
        cpv_codes=[contract.cpv_code_id or CATEGORY_CPV[ContractCategory(contract.category)]],
        value_min=Decimal(0),
        value_max=sum(amounts, Decimal(0)),
        closes_at=datetime.combine(closes_on, time(12), tzinfo=LONDON),
        participating_boroughs=boroughs,
    )
    audit_record(
        actor=acting_user,
        verb="contract.joint_tender_started",
        target=contract,
        organisation=contract.borough,
        detail={"tender": tender.pk, "partners": [p.pk for p in partners]},
    )
    return tender


# Saved pipeline searches and alerts ---------------------------------------------------------


@transaction.atomic
def pipeline_search_create(
    *,
    acting_user: User,
    name: str,
    category: str = "",
    division: str = "",
    borough: str = "",
    value_band: str = "",
) -> PipelineSearch:
    """Save pipeline filters; the person is told when a contract they may see comes
    into the pipeline and matches."""
    if not name.strip():
        raise ApplicationError("Name the search.", field="name")
    if category and category not in ContractCategory.values:
        raise ApplicationError(f"{category} is not a category.", field="category")
    if division and not CpvCode.objects.filter(division=division).exists():
        raise ApplicationError(f"{division} is not a CPV division.", field="division")
    if value_band and value_band not in VALUE_BAND_KEYS:
        raise ApplicationError(
            f"Value band must be one of: {', '.join(VALUE_BAND_KEYS)}.", field="value_band"
        )
    organisation = public_bodies_by_slug([borough], field="borough")[0] if borough else None
    search = PipelineSearch.objects.create(
        user=acting_user,
        name=name.strip(),
        category=category,
        division=division,
        borough=organisation,
        value_band=value_band,
    )
    audit_record(actor=acting_user, verb="pipeline_search.created", target=search)
    _pipeline_alerts_on_commit()
    return search


@transaction.atomic
def pipeline_search_delete(*, acting_user: User, pipeline_search: PipelineSearch) -> None:
    audit_record(actor=acting_user, verb="pipeline_search.deleted", target=pipeline_search)
    pipeline_search.delete()


def pipeline_alerts_send(*, today: date | None = None) -> int:
    """Tell each saved search's owner about the contracts that have come into the
    pipeline and match, once per contract: returns how many people were told. Each
    search is done in its own transaction with its row locked, so two runs at once
    never tell anyone twice."""
    window = pipeline_window(today)
    told = 0
    for search in pipeline_searches_to_run():
        with transaction.atomic():
            if not PipelineSearch.objects.select_for_update().filter(pk=search.pk).exists():
                continue
            news = list(
                pipeline_search_news(search=search, window=window).select_related("borough")
            )
            if not news:
                continue
            PipelineSearchAlert.objects.bulk_create(
                [PipelineSearchAlert(pipeline_search=search, contract=c) for c in news],
                ignore_conflicts=True,
            )
            contracts_events.pipeline_search_matched(search=search, contracts=news)
            told += 1
    return told
