"""Uploading a register: the preview checks every row before anything is saved, names
each row's problems, reads formulas as text and never works them out, and refuses a
file it cannot read with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest

from procurement.models import Contract, ContractImport, ContractImportRow
from tests.factories import member_of
from tests.procurement.contracts.helpers import (
    HEADINGS,
    csv_bytes,
    row,
    upload,
    xlsx_bytes,
)
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/contract-imports/"


def send(client, content: bytes, name: str = "register.csv"):
    return client.post(URL, {"file": upload(content, name)}, format="multipart")


def problems(import_id: int) -> dict[int, dict[str, str]]:
    return {
        r.number: {e["field"]: e["message"] for e in r.errors}
        for r in ContractImportRow.objects.filter(contract_import_id=import_id)
        if r.errors
    }


def test_a_good_csv_is_previewed_and_nothing_is_saved(api, charlie, hackney, cpv):
    content = csv_bytes([row(), row(contract_reference="HK-002", system_or_service="Agresso")])

    response = send(api(charlie), content)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["total_rows"], body["new_count"], body["error_rows"]) == (
        "checked",
        2,
        2,
        0,
    )
    assert body["progress_percent"] == 100
    assert not Contract.objects.exists()
    rows = api(charlie).get(f"{URL}{body['id']}/rows/").json()["results"]
    assert [r["action"] for r in rows] == ["create", "create"]
    assert rows[0]["values"]["annual_value"] == "80000"
    assert rows[0]["values"]["category"] == "crm"


def test_an_xlsx_workbook_is_read_with_real_dates_and_numbers(api, charlie, cpv):
    from datetime import datetime

    content = xlsx_bytes(
        [
            [
                "HK-9",
                "Northgate Housing",
                "Northgate",
                "Housing",
                48000000,
                95000.5,
                None,
                datetime(2020, 4, 1),
                datetime(2027, 3, 31),
                "",
                "Extend",
            ]
        ]
    )

    response = send(api(charlie), content, "register.xlsx")

    assert response.json()["status"] == "checked", response.json()
    values = ContractImportRow.objects.get().values
    assert values["starts_on"] == "2020-04-01"
    assert values["ends_on"] == "2027-03-31"
    assert values["annual_value"] == "95000.5"
    assert values["renewal_plan"] == "extend"


def test_each_rows_problems_are_named_and_nothing_is_saved(api, charlie, cpv):
    content = csv_bytes(
        [
            row(),
            row(contract_reference="B", category="Gardening", cpv_code=""),
            row(contract_reference="C", cpv_code="99999999"),
            row(contract_reference="D", start_date="01/04/2026", end_date="01/03/2026"),
            row(contract_reference="E", annual_value="-10"),
            row(contract_reference="F", total_value="lots"),
            row(contract_reference="G", end_date="31/02/2027"),
            row(contract_reference="H", renewal_plan="Abandon"),
            row(contract_reference="I", system_or_service=""),
            row(contract_reference="HK-001"),
        ]
    )

    body = send(api(charlie), content).json()

    assert (body["status"], body["error_rows"], body["new_count"]) == ("checked", 9, 1)
    found = problems(body["id"])
    assert set(found) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert "not a category we know" in found[3]["category"]
    assert found[4] == {"cpv_code": "99999999 is not a CPV 2008 code."}
    assert found[5] == {
        "ends_on": "The end date (1 March 2026) is before the start date (1 April 2026)."
    }
    assert found[6] == {"annual_value": "The annual value cannot be negative."}
    assert "must be an amount in pounds" in found[7]["total_value"]
    assert "must be a real date" in found[8]["ends_on"]
    assert "renewal plan must be one of" in found[9]["renewal_plan"]
    assert found[10] == {"system_name": "Enter the system or service."}
    assert found[11] == {"reference": "Row 2 is the same contract: the same reference."}
    confirm = api(charlie).post(f"{URL}{body['id']}/confirm/")
    assert_error(confirm, 409, "rows")
    assert not Contract.objects.exists()


def test_formulas_are_read_as_text_and_never_worked_out(api, charlie, cpv):
    content = xlsx_bytes(
        [
            [
                "HK-1",
                '=HYPERLINK("http://evil.example","Click")',
                "Acme",
                "CRM",
                "",
                "=1000*12",
                "",
                "01/04/2022",
                "=TODAY()+400",
                "",
                "",
            ],
            [
                "HK-2",
                "=cmd|' /C calc'!A0",
                "@SUM(1)",
                "CRM",
                "",
                "",
                "",
                "01/04/2022",
                "31/03/2027",
            ],
        ]
    )

    body = send(api(charlie), content, "register.xlsx").json()

    first, second = ContractImportRow.objects.order_by("number")
    assert first.raw["system_name"] == '=HYPERLINK("http://evil.example","Click")'
    assert first.values["system_name"] == '=HYPERLINK("http://evil.example","Click")'
    errors = {e["field"]: e["message"] for e in first.errors}
    assert errors["annual_value"] == (
        "The annual value is a formula (=1000*12). Formulas are not worked out: "
        "enter the value itself."
    )
    assert errors["ends_on"].startswith("The end date is a formula (=TODAY()+400)")
    assert second.errors == []
    assert second.values["system_name"] == "=cmd|' /C calc'!A0"
    assert second.values["supplier_name"] == "@SUM(1)"
    assert body["error_rows"] == 1


def test_csv_cells_that_look_like_formulas_are_kept_as_text(api, charlie, cpv):
    content = csv_bytes([row(system_or_service="=2+3", supplier="+44 Telecom")])

    send(api(charlie), content)

    values = ContractImportRow.objects.get().values
    assert (values["system_name"], values["supplier_name"]) == ("=2+3", "+44 Telecom")


def test_headings_are_recognised_by_their_everyday_names(api, charlie, cpv):
    headings = [
        "Ref",
        "System",
        "Vendor",
        "CPV",
        "Annual value (£)",
        "Start",
        "Expiry date",
        "Owner",
    ]
    content = csv_bytes(
        [["R1", "Agresso", "Unit4", "48451000", "50,000", "2022-04-01", "2027-03-31", "Jo"]],
        headings=headings,
    )

    body = send(api(charlie), content).json()

    assert body["status"] == "checked", body
    assert body["ignored_columns"] == ["Owner"]
    values = ContractImportRow.objects.get().values
    assert values["category"] == "finance-erp"  # from the CPV code


def test_a_title_row_above_the_headings_is_skipped(api, charlie, cpv):
    content = b"Hackney technology contracts 2026\n\n" + csv_bytes([row()])

    body = send(api(charlie), content).json()

    assert (body["status"], body["total_rows"]) == ("checked", 1)
    assert ContractImportRow.objects.get().number == 4


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "register.csv", "The submitted file is empty."),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "register.csv", "Upload the register as a CSV"),
        (b"PK\x03\x04not really a zip", "register.xlsx", "Upload the register as a CSV"),
        (b"name,colour\nkettle,blue\n", "register.csv", "no row of column headings"),
        (b"System,Supplier\nA,B\n", "register.csv", "no column for: Start date, End date"),
        (
            b'System,Supplier,Start date,End date\n"unclosed,B,2022-01-01,2027-01-01\n',
            "register.csv",
            "damaged",
        ),
        (
            "System,Supplier,Start date,End date\nCaf\u00e9,B,2022-01-01,2027-01-01\n".encode(
                "cp1252"
            ),
            "register.csv",
            "Upload the register as a CSV",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_kept(
    api, charlie, cpv, content, name, message
):
    response = send(api(charlie), content, name)

    body = assert_error(response, 400, "file")
    assert message in body["fields"]["file"][0], body
    assert not ContractImport.objects.exists()


def test_a_damaged_workbook_is_refused(api, charlie, cpv):
    good = xlsx_bytes([row()])
    damaged = good[: len(good) // 2]

    body = assert_error(send(api(charlie), damaged, "register.xlsx"), 400, "file")

    assert "damaged" in body["message"] or "Upload the register" in body["message"]


def test_a_workbook_that_unpacks_to_too_much_is_refused(api, charlie, cpv, settings):
    settings.CONTRACT_IMPORT_MAX_UNPACKED_BYTES = 5_000

    body = assert_error(send(api(charlie), xlsx_bytes([row()]), "register.xlsx"), 400, "file")

    assert (
        body["message"] == "The workbook is too large once unpacked. Split it into smaller files."
    )


def test_an_oversized_file_is_refused(api, charlie, cpv, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    content = csv_bytes([row()]) + b"\n" * (1024 * 1024)

    body = assert_error(send(api(charlie), content), 400, "file")

    assert body["message"].startswith("The spreadsheet must be smaller than 1 MB.")


def test_too_many_rows_are_refused(api, charlie, cpv, settings):
    settings.CONTRACT_IMPORT_MAX_ROWS = 3
    content = csv_bytes([row(contract_reference=f"R{n}") for n in range(4)])

    body = assert_error(send(api(charlie), content), 400, "file")

    assert (
        body["message"]
        == "The file has more than 3 contracts. Split it into files of 3 rows or fewer."
    )


def test_only_officers_of_a_borough_upload_and_see_its_imports(
    api, charlie, alice, hackney, supplier_user, cpv
):
    body = send(api(charlie), csv_bytes([row()])).json()

    assert_error(send(api(supplier_user), csv_bytes([row()])), 403, "borough")
    assert send(api(None), csv_bytes([row()])).status_code == 401
    for path in ("", "rows/"):
        assert_error(api(alice).get(f"{URL}{body['id']}/{path}"), 404)
        assert api(None).get(f"{URL}{body['id']}/{path}").status_code == 401
    assert_error(api(alice).post(f"{URL}{body['id']}/confirm/"), 404)
    assert [i["id"] for i in api(charlie).get(URL).json()["results"]] == [body["id"]]
    assert api(alice).get(URL).json()["results"] == []
    colleague = member_of(hackney)
    assert [i["id"] for i in api(colleague).get(URL).json()["results"]] == [body["id"]]
    assert api(colleague).get(f"{URL}{body['id']}/rows/").status_code == 200


def test_the_headings_of_the_template_are_the_ones_read(cpv):
    from procurement.contracts_sheets import HEADINGS as TEMPLATE

    assert list(TEMPLATE.values())[: len(HEADINGS)] == HEADINGS


def test_a_zip_that_is_not_a_workbook_is_refused(api, charlie, cpv):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")

    body = assert_error(send(api(charlie), output.getvalue(), "register.xlsx"), 400, "file")

    assert not ContractImport.objects.exists()
    assert body["fields"]["file"]
