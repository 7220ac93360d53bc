"""Camden's officer uploads the specification to a published tender (an amendment, with
its reason), and a visitor who is not signed in finds it listed with its size on the
tender page and downloads it. axe-core checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from procurement.cpv import cpv_codes_load
from procurement.models import CpvCode, TenderAmendment, TenderDocument
from tests.browser.conftest import assert_page
from tests.browser.driver import Driver
from tests.browser.steps import choose, sign_in, sign_out
from tests.procurement.helpers import make_tender, publish

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"%" * 3000


@pytest.fixture
def cpv(transactional_db: None) -> None:
    # A transactional test's flush empties the table the data migration filled.
    if not CpvCode.objects.exists():
        cpv_codes_load(CpvCode)


def test_camden_adds_a_specification_and_a_visitor_downloads_it(
    page, alice, camden, cpv, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    d = Driver(page)
    tender = publish(alice, make_tender(alice, camden))
    documents = f"/tenders/{tender.pk}/documents/"

    sign_in(d, alice, f"/tenders/{tender.pk}/")
    page.get_by_role("link", name="Add, replace or remove documents").click()
    assert_page(page, title="Tender documents", h1="Tender documents")

    # Without a file, a kind or a reason, each problem is named and linked.
    page.get_by_role("button", name="Upload the document").click()
    assert_page(page, title="Error: Tender documents", h1="Tender documents")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Say why you are making this change").click()
    expect(page.locator("#id_rationale")).to_be_focused()

    page.get_by_label("Upload a document").set_input_files(
        {"name": "Specification.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    choose(d, "What kind of document is it?", "Specification")
    page.get_by_label("Title (optional)").fill("Service specification")
    page.get_by_label("Why are you making this change?").fill("The specification was missing.")
    page.get_by_role("button", name="Upload the document").click()
    assert_page(page, title="Tender documents", h1="Tender documents")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "It is published as an amendment"
    )
    assert page.url.endswith(documents)
    assert TenderDocument.objects.get().title == "Service specification"
    assert TenderAmendment.objects.get().rationale == "The specification was missing."
    sign_out(d)

    page.goto(f"/tenders/{tender.pk}/")
    assert_page(page, title=tender.title, h1=tender.title)
    row = page.get_by_role("row").filter(has_text="Service specification")
    expect(row).to_contain_text("PDF, 3.0")
    with page.expect_download() as download:
        row.get_by_role("link", name="Service specification").click()
    assert download.value.suggested_filename == "Specification.pdf"
