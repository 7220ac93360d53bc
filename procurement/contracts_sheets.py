"""Contracts registers as spreadsheets: reading a CSV or Excel (.xlsx) upload into rows
of text, reading each row's values, and writing the register back out as CSV.

Nothing in a cell is ever worked out. A workbook is opened with data_only=False, so a
formula is read as the text of the formula; a CSV cell is the text it holds. Text
that begins like a formula is kept as it was typed and, when the register is
exported, is written with a leading apostrophe so that a spreadsheet program shows it
as text instead of running it (an apostrophe before such text is dropped on import,
so an export imports back unchanged).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from openpyxl import load_workbook

from loti.api.errors import ApplicationError
from procurement.contracts import category_from_text, simplified
from procurement.cpv import cpv_normalise
from procurement.models import Contract, RenewalPlan

CSV = "csv"
XLSX = "xlsx"
# What each field's column may be headed, after simplified(); the first is the heading
# the template and the export use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": (
        "contract reference",
        "reference",
        "contract ref",
        "ref",
        "contract id",
        "contract number",
    ),
    "system_name": (
        "system or service",
        "system",
        "system name",
        "service",
        "service name",
        "system or service name",
        "product",
    ),
    "supplier_name": ("supplier", "supplier name", "vendor", "provider"),
    "category": ("category", "everyday category"),
    "cpv_code": ("cpv code", "cpv"),
    "annual_value": ("annual value", "value per year", "annual cost", "yearly value"),
    "total_value": ("total value", "total contract value", "contract value", "whole life value"),
    "starts_on": ("start date", "start", "starts", "contract start", "contract start date"),
    "ends_on": ("end date", "end", "ends", "contract end", "contract end date", "expiry date"),
    "extension_options": ("extension options", "extensions", "options to extend"),
    "renewal_plan": ("renewal plan", "plan at renewal", "at renewal", "renewal"),
    "visibility": ("visibility",),
    "notes": ("notes", "comments"),
}
HEADINGS = {name: names[0].capitalize().replace("Cpv", "CPV") for name, names in COLUMNS.items()}
REQUIRED_COLUMNS = ["system_name", "supplier_name", "starts_on", "ends_on"]
# Words in a heading that say nothing about which column it is: "Annual value (£)".
HEADING_NOISE = {"gbp", "optional", "inc vat", "ex vat"}
# The first rows may be a title above the headings.
HEADER_SEARCH_ROWS = 10
# A cell starting with one of these would be run as a formula by a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        date(2000, number, 1).strftime("%B").lower(),
        date(2000, number, 1).strftime("%b").lower(),
    )
}
MONEY = re.compile(r"^-?\d+(\.\d{1,2})?$")
PROGRESS_EVERY = 200
# progress(rows done, about how many there are)
Progress = Callable[[int, int | None], None]


@dataclass
class Sheet:
    """The rows of an upload: each row's spreadsheet number and its cells by field."""

    columns: list[str]
    ignored: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, field="file")


def max_rows() -> int:
    return int(settings.CONTRACT_IMPORT_MAX_ROWS)


# Reading a file into rows of text ---------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell's value as the text it shows. Formulas arrive as their text ("=B2*12")
    and stay so; a leading apostrophe that marks formula-like text as text is dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, int):
        return str(value)
    # An array formula is an object holding the formula's text.
    text = str(getattr(value, "text", value)).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def _heading_field(heading: str) -> str | None:
    words = simplified(heading)
    for noise in HEADING_NOISE:
        words = words.removesuffix(" " + noise)
    return next((name for name, names in COLUMNS.items() if words in names), None)


def _columns(row: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(row):
        if not heading.strip():
            continue
        name = _heading_field(heading)
        if name is None:
            ignored.append(heading.strip())
        elif name in found:
            raise _refuse(
                f"Two columns are headed as {HEADINGS[name].lower()}: "
                f"{row[found[name]]!r} and {heading!r}. Keep one of them."
            )
        else:
            found[name] = index
    return found, ignored


def _sheet(
    rows: Iterator[tuple[int, list[str]]],
    *,
    estimate: int | None,
    progress: Progress | None,
    headings_only: bool,
) -> Sheet:
    """Find the heading row, then read the rows below it by column."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for number, cells in rows:
        columns, ignored = _columns(cells)
        if len(columns) >= 2 or number >= HEADER_SEARCH_ROWS:
            break
    if len(columns) < 2:
        raise _refuse(
            "The file has no row of column headings we recognise. The first row should "
            "name the columns, for example: " + ", ".join(HEADINGS.values()) + "."
        )
    missing = [HEADINGS[name] for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _refuse(f"The file has no column for: {', '.join(missing)}.")
    sheet = Sheet(columns=list(columns), ignored=ignored)
    if headings_only:
        return sheet
    limit = max_rows()
    for number, cells in rows:
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, estimate)
        values = {
            name: cells[index] if index < len(cells) else "" for name, index in columns.items()
        }
        if not any(values.values()):
            continue
        if len(sheet.rows) >= limit:
            raise _refuse(
                f"The file has more than {limit:,} contracts. Split it into files of "
                f"{limit:,} rows or fewer."
            )
        sheet.rows.append((number, values))
    return sheet


def _csv_rows(content: bytes) -> tuple[int, Iterator[tuple[int, list[str]]]]:
    """About how many lines there are, and the rows."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(
            "The CSV file is not in UTF-8. In Excel, save it as \N{LEFT DOUBLE QUOTATION MARK}"
            "CSV UTF-8\N{RIGHT DOUBLE QUOTATION MARK} and upload it again."
        ) from None
    if "\x00" in text:
        raise _refuse("This is not a CSV file: it contains binary data.")
    # Excel writes commas, or semicolons where the comma is the decimal mark; the
    # first lines (a title, the headings) say which.
    sample = "\n".join(text[:8192].splitlines()[:10])
    delimiter = max(",;\t", key=sample.count)

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(
            io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True
        )
        try:
            for number, row in enumerate(reader, start=1):
                yield number, [cell_text(cell) for cell in row]
        except csv.Error as error:
            raise _refuse(
                f"The CSV file is damaged near line {reader.line_num}: {error}. Check the "
                "quotation marks on that line."
            ) from None

    return text.count("\n") + 1, rows()


def _xlsx_rows(content: bytes) -> tuple[int | None, Iterator[tuple[int, list[str]]]]:
    """How many rows the workbook says its first sheet has, and the rows."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        raise _refuse("The workbook is damaged and cannot be opened.") from None
    # A small file can unpack to gigabytes: refuse before openpyxl expands it.
    if unpacked > settings.CONTRACT_IMPORT_MAX_UNPACKED_BYTES:
        raise _refuse("The workbook is too large once unpacked. Split it into smaller files.")
    try:
        # data_only=False: a formula is read as its text and never worked out.
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
        sheet: Any = workbook.worksheets[0]
        estimate = sheet.max_row
    except Exception:
        # openpyxl raises many kinds of error for a damaged or disguised file.
        raise _refuse("The workbook is damaged and cannot be opened.") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [cell_text(value) for value in row]
        except ApplicationError:
            raise
        except Exception:
            raise _refuse("The workbook is damaged and cannot be read to the end.") from None
        finally:
            workbook.close()

    return estimate, rows()


def sheet_read(
    *,
    content: bytes,
    file_format: str,
    progress: Progress | None = None,
    headings_only: bool = False,
) -> Sheet:
    """Every row of the upload with its cells by field (or, with headings_only, just
    which columns it has); a file that cannot be read, has no headings we recognise
    or too many rows is refused naming `file`. `progress(rows read, about how many
    there are)` is called as it goes."""
    estimate, rows = _csv_rows(content) if file_format == CSV else _xlsx_rows(content)
    try:
        return _sheet(rows, estimate=estimate, progress=progress, headings_only=headings_only)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


# Reading a row's values ------------------------------------------------------------------


def _is_formula(text: str) -> bool:
    return text.startswith("=")


def _formula_problem(label: str, text: str) -> str:
    return f"{label} is a formula ({text}). Formulas are not worked out: enter the value itself."


def read_date(text: str, label: str) -> date:
    """A date as people write them in London: 2027-03-31, 31/03/2027, 31/3/27,
    31 March 2027 or 31 Mar 2027."""
    if _is_formula(text):
        raise ValueError(_formula_problem(label, text))
    cleaned = text.strip().lower().replace(",", " ")
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cleaned):
            year, month, day = (int(part) for part in cleaned.split("-"))
        elif match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", cleaned):
            day, month, year = int(match[1]), int(match[2]), int(match[3])
            year += 2000 if year < 100 else 0
        elif match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?\s+(\d{4})", cleaned):
            day, year = int(match[1]), int(match[3])
            month = MONTHS.get(match[2], 0)
        else:
            raise ValueError
        value = date(year, month, day)
    except (ValueError, KeyError):
        raise ValueError(f"{label} must be a real date, like 31/03/2027: {text}") from None
    if not 1990 <= value.year <= 2100:
        raise ValueError(f"{label} must be a real date, like 31/03/2027: {text}")
    return value


def read_money(text: str, label: str) -> Decimal | None:
    """£1,234.50 → Decimal('1234.50'); blank → None."""
    if not text.strip():
        return None
    if _is_formula(text):
        raise ValueError(_formula_problem(label, text))
    cleaned = re.sub(r"[£,\s]", "", text)
    if not MONEY.match(cleaned):
        raise ValueError(f"{label} must be an amount in pounds, like 25000 or 1,250.50: {text}")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"{label} must be an amount in pounds: {text}") from None


def _plan(text: str) -> str:
    wanted = simplified(text).replace(" ", "")
    if not wanted:
        return RenewalPlan.UNDECIDED
    for plan in RenewalPlan:
        if wanted in (plan.value.replace("-", ""), simplified(plan.label).replace(" ", "")):
            return plan.value
    if wanted in ("reprocurement", "retender"):
        return RenewalPlan.REPROCURE
    raise ValueError(
        "The renewal plan must be one of: " + ", ".join(p.label.lower() for p in RenewalPlan) + "."
    )


def row_values(cells: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A row's typed values, and what could not be read, by field. The rules that need
    the other rows or the database (CPV codes exist, one row per contract) are the
    import's; the rules on the values themselves are contract_problems'."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name in ("reference", "system_name", "supplier_name", "extension_options", "notes"):
        values[name] = cells.get(name, "").strip()
    category = cells.get("category", "").strip()
    if category:
        found = category_from_text(category)
        if found is None:
            problems["category"] = (
                _formula_problem("The category", category)
                if _is_formula(category)
                else f"{category!r} is not a category we know. Use one of the everyday "
                "categories (for example CRM, HR, Housing) or give a CPV code."
            )
        values["category"] = found or ""
    else:
        values["category"] = ""
    code = cells.get("cpv_code", "").strip()
    values["cpv_code"] = (cpv_normalise(code) or "") if code else ""
    if code and not values["cpv_code"]:
        problems["cpv_code"] = f"A CPV code is 8 digits, like 48445000 or 48445000-3: {code}"
    for name, label in (("annual_value", "The annual value"), ("total_value", "The total value")):
        try:
            values[name] = read_money(cells.get(name, ""), label)
        except ValueError as error:
            values[name] = None
            problems[name] = str(error)
    for name, label in (("starts_on", "The start date"), ("ends_on", "The end date")):
        text = cells.get(name, "").strip()
        values[name] = None
        if text:
            try:
                values[name] = read_date(text, label)
            except ValueError as error:
                problems[name] = str(error)
    try:
        values["renewal_plan"] = _plan(cells.get("renewal_plan", ""))
    except ValueError as error:
        values["renewal_plan"] = RenewalPlan.UNDECIDED
        problems["renewal_plan"] = str(error)
    visibility = simplified(cells.get("visibility", ""))
    values["visibility"] = visibility or None
    if visibility == "shared":
        problems["visibility"] = (
            "Name the organisations a shared contract is shared with on its page; "
            "in a spreadsheet use private, network or public."
        )
    return values, problems


# Writing ----------------------------------------------------------------------------------


def as_text(value: str) -> str:
    """What a spreadsheet program must show as text, never run: formula-like text gets
    a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_row(contract: Contract) -> dict[str, Any]:
    """A contract's cells, as the template heads them and an import reads them back."""
    return {
        "reference": contract.reference,
        "system_name": contract.system_name,
        "supplier_name": contract.supplier_name,
        "category": contract.get_category_display(),
        "cpv_code": contract.cpv_code_id or "",
        "annual_value": contract.annual_value,
        "total_value": contract.total_value,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "extension_options": contract.extension_options,
        "renewal_plan": contract.get_renewal_plan_display(),
        "visibility": contract.visibility,
        "notes": contract.notes,
    }


def csv_write(rows: Iterable[Mapping[str, Any]]) -> str:
    """The register as CSV with the template's headings: money without symbols, dates
    as 31/03/2027, text that looks like a formula escaped."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(HEADINGS.values())
    for row in rows:
        cells = []
        for name in HEADINGS:
            value = row.get(name)
            if value is None:
                cells.append("")
            elif isinstance(value, date):
                cells.append(f"{value:%d/%m/%Y}")
            elif isinstance(value, Decimal):
                cells.append(f"{value:f}")
            else:
                cells.append(as_text(str(value)))
        writer.writerow(cells)
    return output.getvalue()
