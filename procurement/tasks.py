"""Celery tasks: thin wrappers that take ids and are safe to run twice (see
contracts_services.contract_import_run and pipeline_alerts_send)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from procurement import contracts_services


@shared_task(
    name="procurement.contract_import_run",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def contract_import_run(import_id: int) -> str:
    progress = contracts_services.ProgressWriter(import_id)
    try:
        return contracts_services.contract_import_run(import_id=import_id, progress=progress)
    finally:
        progress.close()


@shared_task(name="procurement.contract_imports_sweep", acks_late=True, ignore_result=True)
def contract_imports_sweep() -> int:
    return contracts_services.contract_imports_sweep()


@shared_task(
    name="procurement.pipeline_alerts",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def pipeline_alerts() -> int:
    return contracts_services.pipeline_alerts_send()
