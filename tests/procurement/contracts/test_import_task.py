"""A large register is checked and imported by a Celery task, with its progress in the
database: against a real worker on the real broker."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import connections, transaction
from django.utils import timezone

from procurement import contracts_services
from procurement.contracts_services import IMPORT_LOCK_CLASS, ProgressWriter
from procurement.models import Contract, ContractImport
from tests.notifications.conftest import wait_until
from tests.procurement.contracts.helpers import csv_bytes, row, upload

URL = "/api/contract-imports/"
ROWS = 450


def register(count: int = ROWS) -> bytes:
    return csv_bytes(
        [row(contract_reference=f"R{n}", system_or_service=f"System {n}") for n in range(count)]
    )


def status_of(import_id: int) -> str:
    return ContractImport.objects.values_list("status", flat=True).get(pk=import_id)


@pytest.mark.celery_worker
def test_a_large_register_is_checked_then_imported_by_the_worker(
    celery_worker, api, charlie, cpv, settings
):
    settings.CONTRACT_IMPORT_BACKGROUND_BYTES = 1_000
    client = api(charlie)

    started = client.post(URL, {"file": upload(register())}, format="multipart")

    assert started.status_code == 201, started.json()
    body = started.json()
    assert (body["status"], body["background"]) == ("checking", True)
    wait_until(lambda: status_of(body["id"]) == "checked", what="the check")
    checked = client.get(f"{URL}{body['id']}/").json()
    assert (checked["total_rows"], checked["processed_rows"], checked["new_count"]) == (
        ROWS,
        ROWS,
        ROWS,
    )
    assert checked["progress_percent"] == 100
    assert not Contract.objects.exists()

    confirmed = client.post(f"{URL}{body['id']}/confirm/")

    assert confirmed.status_code == 202
    assert confirmed.json()["status"] == "importing"
    wait_until(lambda: status_of(body["id"]) == "imported", what="the import")
    done = client.get(f"{URL}{body['id']}/").json()
    assert (done["processed_rows"], done["new_count"]) == (ROWS, ROWS)
    assert Contract.objects.count() == ROWS


@pytest.mark.celery_worker
def test_a_file_found_damaged_by_the_worker_fails_with_the_reason(
    celery_worker, api, charlie, cpv, settings
):
    settings.CONTRACT_IMPORT_BACKGROUND_BYTES = 1_000
    content = register(40) + b'"an unclosed quote,x,y\n' + register(2)

    body = api(charlie).post(URL, {"file": upload(content)}, format="multipart").json()

    wait_until(lambda: status_of(body["id"]) == "failed", what="the failure")
    failed = api(charlie).get(f"{URL}{body['id']}/").json()
    assert "The CSV file is damaged near line" in failed["problem"]
    assert not Contract.objects.exists()


@pytest.mark.celery_worker
def test_the_sweep_hands_a_stalled_import_to_the_worker(celery_worker, charlie, hackney, cpv):
    content = register(30)
    stalled = ContractImport.objects.create(
        borough=hackney,
        uploaded_by=charlie,
        original_name="register.csv",
        file_format="csv",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        background=True,
        updated_at=timezone.now() - timedelta(minutes=10),
    )

    assert contracts_services.contract_imports_sweep() == 1

    wait_until(lambda: status_of(stalled.pk) == "checked", what="the swept check")


def test_running_the_task_twice_does_the_work_once(transactional_db, charlie, hackney, cpv):
    checked = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(register(5))
    )
    contracts_services.contract_import_confirm(acting_user=charlie, contract_import=checked)

    assert contracts_services.contract_import_run(import_id=checked.pk) == "done"
    assert contracts_services.contract_import_run(import_id=10**9) == "missing"
    assert Contract.objects.count() == 5


def test_a_second_worker_leaves_an_import_another_is_working_on(
    transactional_db, charlie, hackney, cpv, settings
):
    settings.CONTRACT_IMPORT_BACKGROUND_BYTES = 10
    waiting = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(register(5))
    )
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORT_LOCK_CLASS, waiting.pk])

        assert contracts_services.contract_import_run(import_id=waiting.pk) == "busy"

        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [IMPORT_LOCK_CLASS, waiting.pk])
    finally:
        other.close()
    assert contracts_services.contract_import_run(import_id=waiting.pk) == "checked"


def test_progress_is_seen_while_the_import_transaction_is_still_open(
    transactional_db, charlie, hackney, cpv, settings
):
    settings.CONTRACT_IMPORT_BACKGROUND_BYTES = 10
    waiting = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(register(5))
    )
    writer = ProgressWriter(waiting.pk)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            writer(3, 5)
            # A new statement sees what other sessions have committed.
            assert ContractImport.objects.get(pk=waiting.pk).processed_rows == 3
            raise RuntimeError("the import's transaction rolls back")
    finally:
        writer.close()
    assert ContractImport.objects.get(pk=waiting.pk).processed_rows == 3
