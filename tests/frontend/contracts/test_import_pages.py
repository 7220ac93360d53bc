"""Importing a register through the pages: upload, the preview with each row's
problems, importing, and the progress of a large import."""

from __future__ import annotations

import pytest

from procurement import contracts_services
from procurement.models import Contract, ContractImport
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.contracts.helpers import csv_bytes, row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "/contracts/import/"


def uploaded(client, content: bytes, name: str = "register.csv"):
    return client.post(URL, {"upload": upload(content, name)})


@pytest.mark.parametrize("path", [URL, "/contracts/imports/1/", "/contracts/import/template.csv"])
def test_visitors_are_sent_to_sign_in(client, db, path):
    assert client.get(path)["Location"] == f"/sign-in/?next={path}"


def test_only_officers_may_import(client, supplier_user, db):
    client.force_login(supplier_user)

    assert client.get(URL).status_code == 403


def test_the_upload_page_explains_the_columns(client, charlie, db):
    client.force_login(charlie)

    response = client.get(URL)

    assert read(response).title == title("Import your contracts register")
    html = text(response)
    assert "System or service (needed)" in html
    assert 'enctype="multipart/form-data"' in html


def test_the_template_has_the_columns_an_import_reads(client, charlie, db):
    client.force_login(charlie)

    response = client.get("/contracts/import/template.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().startswith("Contract reference,System or service,Supplier")


def test_a_good_file_is_previewed_then_imported(client, charlie, cpv):
    client.force_login(charlie)

    response = uploaded(client, xlsx_bytes([row(), row(contract_reference="B")]), "register.xlsx")

    found = ContractImport.objects.get()
    assert response["Location"] == f"/contracts/imports/{found.pk}/"
    preview = client.get(response["Location"])
    page = read(preview)
    assert page.h1 == ["Check the contracts before you import them"]
    assert [r[0] for r in page.rows] == ["2", "3"]
    assert page.rows[0][-1] == "New"
    assert "Import 2 contracts" in text(preview)
    assert not Contract.objects.exists()

    done = client.post(f"/contracts/imports/{found.pk}/confirm/")

    assert done["Location"] == f"/contracts/imports/{found.pk}/"
    assert read(client.get(done["Location"])).h1 == ["Contracts imported"]
    assert Contract.objects.count() == 2


def test_each_rows_problems_are_listed_and_nothing_can_be_imported(client, charlie, cpv):
    client.force_login(charlie)
    content = csv_bytes(
        [row(), row(contract_reference="B", end_date="01/01/2001", annual_value="=A1*2")]
    )

    response = client.get(uploaded(client, content)["Location"])

    page = read(response)
    assert page.h1 == ["Correct your spreadsheet"]
    assert len(page.rows) == 1
    number, *_, problems = page.rows[0]
    assert number == "3"
    assert "The annual value is a formula (=A1*2)" in problems
    assert "The end date (1 January 2001) is before the start date" in problems
    found = ContractImport.objects.get()
    assert f"/contracts/imports/{found.pk}/confirm/" not in text(response)
    assert client.post(f"/contracts/imports/{found.pk}/confirm/").status_code == 409
    assert not Contract.objects.exists()


def test_text_that_looks_like_a_formula_is_shown_as_text(client, charlie, cpv):
    client.force_login(charlie)
    content = csv_bytes([row(system_or_service='=HYPERLINK("http://x","<b>hi</b>")')])

    html = client.get(uploaded(client, content)["Location"]).content.decode()

    assert "=HYPERLINK(&quot;http://x&quot;,&quot;&lt;b&gt;hi&lt;/b&gt;&quot;)" in html


def test_a_file_that_cannot_be_read_is_shown_on_the_form(client, charlie, cpv):
    client.force_login(charlie)

    response = uploaded(client, b"name,colour\nkettle,blue\n")

    page = read(response)
    assert page.title == title("Error: Import your contracts register")
    [(anchor, message)] = page.summary
    assert anchor == "#id_upload"
    assert message.startswith("The file has no row of column headings we recognise.")
    assert not ContractImport.objects.exists()


def test_a_large_import_shows_its_progress_without_javascript(
    client, charlie, hackney, cpv, settings
):
    settings.CONTRACT_IMPORT_BACKGROUND_BYTES = 10
    client.force_login(charlie)
    found = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(csv_bytes([row()] * 1))
    )
    ContractImport.objects.filter(pk=found.pk).update(total_rows=400, processed_rows=100)

    response = client.get(f"/contracts/imports/{found.pk}/")

    page = read(response)
    assert page.h1 == ["Checking your spreadsheet"]
    html = text(response)
    bar = '<progress id="import-progress" class="app-progress__bar" max="400" value="100">'
    assert bar + "25%</progress>" in html
    assert "100 of about 400 rows (25%)" in html
    assert f'href="/contracts/imports/{found.pk}/">Refresh to see the progress</a>' in html
    assert 'src="/static/js/import-progress.mjs"' in html
    assert page.inline_scripts == 0


def test_a_failed_import_says_why(client, charlie, hackney, cpv, settings):
    settings.CONTRACT_IMPORT_BACKGROUND_BYTES = 10
    client.force_login(charlie)
    found = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(csv_bytes([row()]))
    )
    ContractImport.objects.filter(pk=found.pk).update(status="failed", problem="It is damaged.")

    page = read(client.get(f"/contracts/imports/{found.pk}/"))

    assert page.h1 == ["Your spreadsheet could not be read"]


def test_another_boroughs_import_is_missing(client, charlie, alice, cpv):
    client.force_login(charlie)
    location = uploaded(client, csv_bytes([row()]))["Location"]
    client.force_login(alice)

    assert client.get(location).status_code == 404
    assert client.post(f"{location}confirm/").status_code == 404


def test_the_preview_query_count_does_not_grow(client, charlie, cpv):
    # 1 session, 2 user, 3 notification count, 4 the import (its borough joined), 5 the
    # count of rows, 6 the page of rows.
    client.force_login(charlie)
    small = uploaded(client, csv_bytes([row()]))["Location"]
    large = uploaded(client, csv_bytes([row(contract_reference=f"R{n}") for n in range(30)]))[
        "Location"
    ]

    assert count_queries(client, small) == count_queries(client, large) == 6


def test_the_upload_page_lists_recent_imports_in_constant_queries(client, charlie, cpv):
    # 1 session, 2 user, 3 notification count, 4 the officer's organisations, 5 the
    # recent imports with their boroughs.
    client.force_login(charlie)
    uploaded(client, csv_bytes([row()]))
    first = count_queries(client, URL)
    for n in range(4):
        uploaded(client, csv_bytes([row(contract_reference=f"R{n}")]))

    assert count_queries(client, URL) == first == 5
