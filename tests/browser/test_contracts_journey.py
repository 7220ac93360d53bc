"""The journey of issue 9: Hackney imports its technology contracts register from a
spreadsheet (a first file with a mistake is refused row by row), Acme finds Hackney's
CRM contract in the market pipeline and saves the search, and Camden adds its own CRM
contract and finds that Hackney's ends the same year, then starts a joint tender.
axe-core checks every page on the way."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from procurement.models import Contract, ContractImport, Tender
from tests.browser.conftest import assert_page, screenshot
from tests.browser.driver import Driver
from tests.browser.steps import choose, sign_in, sign_out
from tests.browser.test_tender_journey import cpv  # noqa: F401
from tests.procurement.contracts.helpers import csv_bytes, months_ahead, row

# The CPV codes, loaded again after a transactional test's flush.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("cpv")]


def hackney_register(*, mistake: bool) -> bytes:
    crm_ends = months_ahead(12).strftime("%d/%m/%Y")
    return csv_bytes(
        [
            row(
                contract_reference="HK-CRM",
                system_or_service="Salesforce CRM",
                supplier="Acme (test)",
                end_date=crm_ends,
            ),
            row(
                contract_reference="HK-HSG",
                system_or_service="Northgate Housing",
                supplier="Northgate",
                category="Housing",
                cpv_code="",
                end_date="01/01/2020" if mistake else months_ahead(9).strftime("%d/%m/%Y"),
            ),
            row(
                contract_reference="HK-PRK",
                system_or_service="Parking permits",
                supplier="Taranto",
                category="Parking",
                cpv_code="",
                annual_value="=B2*12" if mistake else "45000",
            ),
        ]
    )


def upload(d: Driver, content: bytes) -> None:
    page = d.page
    d.upload(
        page.get_by_label("Upload your register"),
        {"name": "hackney-register.csv", "mimeType": "text/csv", "buffer": content},
    )
    d.activate(page.get_by_role("button", name="Check the spreadsheet"))


def test_hackney_imports_acme_finds_it_and_camden_plans_with_hackney(
    driver, alice, charlie, supplier_user
):
    d, page = driver, driver.page
    # Hackney's officer imports the register; the first file has two bad rows.
    sign_in(d, charlie, "/contracts/")
    assert_page(page, title="Technology contracts", h1="Technology contracts")
    d.activate(page.get_by_role("button", name="Import a spreadsheet"))
    assert_page(page, title="Import your contracts register", h1="Import your contracts register")
    d.activate(page.get_by_role("button", name="Check the spreadsheet"))
    assert_page(
        page, title="Error: Import your contracts register", h1="Import your contracts register"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a spreadsheet to upload")

    upload(d, hackney_register(mistake=True))
    assert_page(page, title="Correct your spreadsheet", h1="Correct your spreadsheet")
    problems = page.get_by_role("table")
    expect(problems).to_contain_text("The end date (1 January 2020) is before the start date")
    expect(problems).to_contain_text("The annual value is a formula (=B2*12)")
    assert not Contract.objects.exists()
    if d.name == "mouse":
        screenshot(page, "contracts-import-problems")

    d.activate(page.get_by_role("link", name="upload it again"))
    upload(d, hackney_register(mistake=False))
    assert_page(
        page,
        title="Check the contracts before you import them",
        h1="Check the contracts before you import them",
    )
    assert not Contract.objects.exists()
    d.activate(page.get_by_role("button", name="Import 3 contracts"))
    assert_page(page, title="Contracts imported", h1="Contracts imported")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The contracts are imported"
    )
    assert Contract.objects.filter(borough__slug="hackney-test").count() == 3
    sign_out(d)

    # Acme sees Hackney's CRM contract in the pipeline and saves the search.
    sign_in(d, supplier_user, "/contracts/pipeline/")
    assert_page(page, title="Market pipeline", h1="Market pipeline")
    d.select(page.get_by_label("Category", exact=True), label="CRM")
    d.activate(page.get_by_role("button", name="Apply filters"))
    assert_page(page, title="Market pipeline", h1="Market pipeline")
    expect(page.locator("figure svg title")).to_contain_text("Contracts ending each quarter")
    crm = page.get_by_role("row").filter(has=page.get_by_role("link", name="Salesforce CRM"))
    expect(crm).to_contain_text("Hackney (test)")
    expect(crm).to_contain_text("£80,000")
    expect(page.get_by_role("link", name="Northgate Housing")).to_have_count(0)
    if d.name == "mouse":
        screenshot(page, "contracts-pipeline")
    d.activate(page.get_by_role("link", name="Save this search"))
    assert_page(page, title="Saved pipeline searches", h1="Saved pipeline searches")
    d.fill(page.get_by_label("Name of the search"), "CRM in London")
    d.activate(page.get_by_role("button", name="Save the search"))
    assert_page(page, title="Saved pipeline searches", h1="Saved pipeline searches")
    expect(page.get_by_role("rowheader", name="CRM in London")).to_be_visible()
    sign_out(d)

    # Camden adds its own CRM contract, then finds Hackney's ending the same year.
    hackney_ends = Contract.objects.get(reference="HK-CRM").ends_on
    camden_ends = date(hackney_ends.year, 1 if hackney_ends.month > 1 else 12, 31)
    sign_in(d, alice, "/contracts/new/")
    assert_page(page, title="Add a contract", h1="Add a contract")
    d.activate(page.get_by_role("button", name="Add the contract"))
    assert_page(page, title="Error: Add a contract", h1="Add a contract")
    d.fill(page.get_by_label("System or service"), "Salesforce CRM")
    d.fill(page.get_by_label("Supplier"), "Acme (test)")
    d.select(page.get_by_label("Category"), label="CRM")
    d.fill(page.get_by_label("Annual value (optional)"), "95000")
    for legend, day in (("Start date", date(2022, 4, 1)), ("End date", camden_ends)):
        group = page.get_by_role("group", name=legend)
        d.fill(group.get_by_label("Day"), str(day.day))
        d.fill(group.get_by_label("Month"), str(day.month))
        d.fill(group.get_by_label("Year"), str(day.year))
    choose(d, "What do you plan to do when it ends?", "Re-procure")
    d.activate(page.get_by_role("button", name="Add the contract"))
    assert_page(page, title="Salesforce CRM", h1="Salesforce CRM")

    d.activate(page.get_by_role("link", name="Find boroughs to work with"))
    assert_page(page, title="Boroughs to work with", h1="Boroughs to work with")
    match = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Hackney (test)"))
    expect(match).to_contain_text("Same system, Same supplier")
    expect(match).to_contain_text("Same year as yours")
    if d.name == "mouse":
        screenshot(page, "contracts-collaborate")
    d.activate(match.get_by_role("button", name="Start a joint tender with Hackney (test)"))
    assert_page(page, title="Edit the draft tender", h1="Edit the draft tender")
    tender = Tender.objects.get()
    assert [o.slug for o in tender.participating_boroughs.all()] == ["hackney-test"]
    expect(page).to_have_url(re.compile(rf"/tenders/{tender.pk}/edit/$"))

    # Camden publishes its plan to re-procure, as open data.
    contract = Contract.objects.get(borough__slug="camden-test")
    page.goto(f"/contracts/{contract.pk}/")
    d.activate(page.get_by_role("link", name="Publish the planned procurement"))
    assert_page(page, title="Publish the planned procurement", h1="Publish the planned procurement")
    d.fill(
        page.get_by_label("Why will the contract be procured again?"),
        "A joint CRM with Hackney when both contracts end.",
    )
    d.activate(page.get_by_role("button", name="Publish the plan"))
    assert_page(page, title="Salesforce CRM", h1="Salesforce CRM")
    expect(page.get_by_role("main")).to_contain_text("published as open data")


def test_a_large_imports_progress_page_is_accessible(page, charlie, hackney):
    content = hackney_register(mistake=False)
    found = ContractImport.objects.create(
        borough=hackney,
        uploaded_by=charlie,
        original_name="hackney-register.csv",
        file_format="csv",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        background=True,
        total_rows=400,
        processed_rows=100,
    )

    sign_in(Driver(page), charlie, f"/contracts/imports/{found.pk}/")

    assert_page(page, title="Checking your spreadsheet", h1="Checking your spreadsheet")
    expect(page.get_by_role("status")).to_contain_text("100 of about 400 rows (25%)")
    ContractImport.objects.filter(pk=found.pk).update(processed_rows=300)
    # The page asks for the progress itself and moves the bar without reloading.
    expect(page.get_by_role("status")).to_contain_text("300 of about 400 rows (75%)")
    expect(page.locator("progress")).to_have_attribute("value", "300")
