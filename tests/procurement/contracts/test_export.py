"""The register as CSV: the contracts the person may see, in the import template's
columns, with text that a spreadsheet would run as a formula escaped."""

from __future__ import annotations

import csv
import io

import pytest

from tests.procurement.contracts.helpers import make_contract

pytestmark = pytest.mark.django_db

URL = "/api/contracts/export.csv"


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_export_has_the_template_columns_and_escapes_formulas(api, alice, camden, cpv):
    make_contract(
        alice,
        camden,
        reference="R1",
        system_name='=HYPERLINK("http://evil.example")',
        supplier_name="@Acme",
        notes="-not a sum",
    )

    response = api(alice).get(URL)

    assert response["Content-Disposition"] == 'attachment; filename="contracts-register.csv"'
    [row] = rows(response)
    assert row["System or service"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Supplier"] == "'@Acme"
    assert row["Notes"] == "'-not a sum"
    assert (row["Category"], row["Annual value"], row["Renewal plan"]) == (
        "CRM",
        "80000.00",
        "Undecided",
    )


def test_each_person_exports_what_they_may_see(api, alice, charlie, supplier_user, camden, cpv):
    make_contract(alice, camden, reference="NET")
    make_contract(alice, camden, reference="PRIV", visibility="private")

    assert {r["Contract reference"] for r in rows(api(alice).get(URL))} == {"NET", "PRIV"}
    assert {r["Contract reference"] for r in rows(api(charlie).get(URL))} == {"NET"}
    assert {r["Contract reference"] for r in rows(api(supplier_user).get(URL))} == {"NET"}
    assert api(None).get(URL).status_code == 401


def test_the_export_takes_the_registers_filters(api, alice, camden, cpv):
    make_contract(alice, camden, reference="CRM")
    make_contract(alice, camden, reference="HR", category="hr", system_name="iTrent")

    exported = rows(api(alice).get(URL, {"category": "hr"}))

    assert [r["Contract reference"] for r in exported] == ["HR"]
