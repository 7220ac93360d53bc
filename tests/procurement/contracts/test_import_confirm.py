"""Importing a checked register: every row or none, and the same file imported again
updates the contracts it made rather than adding them twice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loti.audit.models import AuditEvent
from procurement import contracts_services
from procurement.models import Contract, ContractImport
from tests.procurement.contracts.helpers import csv_bytes, make_contract, row, upload, xlsx_bytes
from tests.procurement.helpers import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/contract-imports/"


def imported(client, content: bytes, name: str = "register.csv") -> dict:
    body = client.post(URL, {"file": upload(content, name)}, format="multipart").json()
    response = client.post(f"{URL}{body['id']}/confirm/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_confirming_imports_every_row(api, charlie, hackney, acme, cpv):
    content = csv_bytes([row(), row(contract_reference="HK-002", system_or_service="Agresso")])

    body = imported(api(charlie), content)

    assert (body["status"], body["new_count"], body["update_count"]) == ("imported", 2, 0)
    contracts = Contract.objects.order_by("reference")
    assert [c.reference for c in contracts] == ["HK-001", "HK-002"]
    first = contracts[0]
    assert (first.borough, first.supplier, first.visibility) == (hackney, acme, "network")
    assert (first.annual_value, first.total_value) == (Decimal(80_000), Decimal(400_000))
    assert first.renewal_plan == "re-procure"
    assert AuditEvent.objects.filter(verb="contracts.imported").count() == 1


def test_importing_the_same_file_again_updates_rather_than_duplicates(api, charlie, cpv):
    content = csv_bytes([row(), row(contract_reference="HK-002", system_or_service="Agresso")])
    imported(api(charlie), content)

    again = imported(api(charlie), content)

    assert (again["new_count"], again["update_count"], again["unchanged_count"]) == (0, 0, 2)
    assert Contract.objects.count() == 2


def test_a_changed_row_updates_its_contract(api, charlie, cpv):
    imported(api(charlie), csv_bytes([row()]))
    first = Contract.objects.get()

    body = imported(api(charlie), csv_bytes([row(end_date="31/03/2031", annual_value="90000")]))

    assert (body["new_count"], body["update_count"]) == (0, 1)
    changed = Contract.objects.get()
    assert changed.pk == first.pk
    assert (str(changed.ends_on), changed.annual_value) == ("2031-03-31", Decimal(90_000))
    assert changed.created_at == first.created_at


def test_rows_without_a_reference_match_on_system_supplier_and_start(api, charlie, cpv):
    content = csv_bytes([row(contract_reference="")])
    imported(api(charlie), content)

    again = imported(
        api(charlie),
        csv_bytes([row(contract_reference="", supplier="ACME (TEST) LIMITED", total_value="1")]),
    )

    assert (again["new_count"], again["update_count"]) == (0, 1)
    assert Contract.objects.get().natural_key.startswith("auto:salesforce crm|acme test|2022-04-01")


def test_a_csv_and_an_xlsx_of_the_same_register_are_the_same_contracts(api, charlie, cpv):
    imported(api(charlie), csv_bytes([row()]))

    again = imported(api(charlie), xlsx_bytes([row()]), "register.xlsx")

    assert (again["new_count"], again["unchanged_count"]) == (0, 1)


def test_a_visibility_left_blank_keeps_what_the_borough_chose(api, charlie, cpv):
    imported(api(charlie), csv_bytes([row()]))
    Contract.objects.update(visibility="private")

    imported(api(charlie), csv_bytes([row(annual_value="1")]))

    assert Contract.objects.get().visibility == "private"


def test_a_visibility_column_sets_it(api, charlie, cpv):
    headings = ["System", "Supplier", "Category", "Start date", "End date", "Visibility"]
    content = csv_bytes(
        [["Agresso", "Unit4", "Finance", "2022-04-01", "2027-03-31", "Public"]], headings=headings
    )

    imported(api(charlie), content)

    assert Contract.objects.get().visibility == "public"


def test_nothing_is_imported_when_one_row_fails_at_import_time(charlie, hackney, cpv):
    """All or nothing even when the register changed after the check: a row that can
    no longer be written rolls back every row before it."""
    content = csv_bytes(
        [row(contract_reference=f"R{n}", system_or_service=f"System {n}") for n in range(3)]
    )
    checked = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(content)
    )
    # Corrupt the last checked row as if the register's rules had changed underneath.
    last = checked.rows.order_by("number").last()
    last.values = {**last.values, "ends_on": "2000-01-01"}
    last.save(update_fields=["values"])

    with pytest.raises(Exception):  # noqa: B017 (the database's check constraint)
        contracts_services.contract_import_confirm(acting_user=charlie, contract_import=checked)

    assert not Contract.objects.exists()
    assert ContractImport.objects.get().status == "checked"


def test_an_import_is_confirmed_once(api, charlie, cpv):
    body = imported(api(charlie), csv_bytes([row()]))

    again = api(charlie).post(f"{URL}{body['id']}/confirm/")

    assert_error(again, 409, "status")
    assert Contract.objects.count() == 1


def test_only_the_boroughs_officers_confirm(api, charlie, alice, hackney, cpv):
    body = api(charlie).post(URL, {"file": upload(csv_bytes([row()]))}, format="multipart").json()

    assert_error(api(alice).post(f"{URL}{body['id']}/confirm/"), 404)
    assert api(None).post(f"{URL}{body['id']}/confirm/").status_code == 401
    assert not Contract.objects.exists()


def test_an_import_does_not_touch_another_boroughs_contract_with_the_same_reference(
    api, alice, camden, charlie, cpv
):
    mine = make_contract(alice, camden, reference="HK-001", system_name="Camden's own")

    imported(api(charlie), csv_bytes([row()]))

    mine.refresh_from_db()
    assert mine.system_name == "Camden's own"
    assert Contract.objects.count() == 2


def test_an_export_imports_back_unchanged(api, charlie, cpv):
    imported(api(charlie), csv_bytes([row(), row(contract_reference="X", supplier="=evil()")]))
    exported = api(charlie).get("/api/contracts/export.csv").content

    again = imported(api(charlie), exported)

    assert (again["new_count"], again["update_count"], again["unchanged_count"]) == (0, 0, 2)
