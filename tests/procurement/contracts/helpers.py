"""Rows, spreadsheets and uploads shared by the contracts register's tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from loti.accounts.models import Organisation, User
from procurement import contracts_services
from procurement.contracts import add_months
from procurement.models import Contract

HEADINGS = [
    "Contract reference",
    "System or service",
    "Supplier",
    "Category",
    "CPV code",
    "Annual value",
    "Total value",
    "Start date",
    "End date",
    "Extension options",
    "Renewal plan",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def months_ahead(months: int, day: int = 15) -> date:
    """A date `months` from today: inside the pipeline's window from 6 to 24."""
    return add_months(date.today(), months).replace(day=day)


def make_contract(user: User, borough: Organisation, **fields: Any) -> Contract:
    fields.setdefault("system_name", "Salesforce CRM")
    fields.setdefault("supplier_name", "Acme (test)")
    fields.setdefault("category", "crm")
    fields.setdefault("starts_on", date(2022, 4, 1))
    fields.setdefault("ends_on", months_ahead(12))
    fields.setdefault("annual_value", Decimal(80_000))
    return contracts_services.contract_create(acting_user=user, borough=borough, **fields)


def row(**cells: str) -> list[str]:
    """A spreadsheet row in HEADINGS' order: a good CRM contract unless told otherwise."""
    values = {
        "Contract reference": "HK-001",
        "System or service": "Salesforce CRM",
        "Supplier": "Acme (test)",
        "Category": "CRM",
        "CPV code": "48445000",
        "Annual value": "£80,000",
        "Total value": "400000",
        "Start date": "01/04/2022",
        "End date": months_ahead(12).strftime("%d/%m/%Y"),
        "Extension options": "One year",
        "Renewal plan": "Re-procure",
    }
    names = {heading.lower().replace(" ", "_"): heading for heading in HEADINGS}
    for name, value in cells.items():
        values[names[name]] = value
    return [values[heading] for heading in HEADINGS]


def csv_bytes(rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headings)
    writer.writerows(rows)
    return output.getvalue().encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS) -> bytes:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.append(list(headings))
    for cells in rows:
        sheet.append(list(cells))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(content: bytes, name: str = "register.csv") -> SimpleUploadedFile:
    kind = XLSX_TYPE if name.endswith(".xlsx") else "text/csv"
    return SimpleUploadedFile(name, content, content_type=kind)
