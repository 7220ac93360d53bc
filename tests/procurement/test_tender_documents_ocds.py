"""The buyer's documents in the OCDS release package: tender.documents, each with a
documentType from the shared OCDS 1.1.5 codelist, valid against the shared schema."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from procurement import services
from procurement.models import TenderDocumentType
from tests.procurement.helpers import publish
from tests.procurement.test_ocds import assert_valid, package

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def document_types() -> set[str]:
    path = Path(settings.SHARED_DATA_DIR) / "ocds-1.1.5" / "codelists" / "documentType.csv"
    with path.open(newline="") as codelist:
        return {row["Code"] for row in csv.DictReader(codelist)}


def add(user, tender, name, kind, rationale=""):
    return services.tender_document_add(
        acting_user=user,
        tender=tender,
        upload=SimpleUploadedFile(name, PDF),
        document_type=kind,
        rationale=rationale,
    )


def releases_of(body, tender):
    return [r for r in body["releases"] if r["ocid"] == f"ocds-loti01-{tender.pk}"]


def test_every_kind_of_document_is_an_ocds_document_type():
    assert set(TenderDocumentType.values) <= document_types()


def test_the_tender_release_lists_the_documents_published_with_it(api, alice, draft):
    spec = add(alice, draft, "Specification.pdf", TenderDocumentType.SPECIFICATION)
    publish(alice, draft)

    body = package(api)

    assert_valid(body)
    [release] = releases_of(body, draft)
    [document] = release["tender"]["documents"]
    assert document == {
        "id": str(spec.pk),
        "documentType": "technicalSpecifications",
        "title": "Specification.pdf",
        "url": f"http://testserver/api/tenders/{draft.pk}/documents/{spec.pk}/",
        "datePublished": document["datePublished"],
        "format": "application/pdf",
        "language": "en",
    }
    # Added to the draft, it was first public when the tender was published.
    assert document["datePublished"] == release["tender"]["tenderPeriod"]["startDate"]
    assert api(None).get(document["url"].removeprefix("http://testserver")).status_code == 200


def test_each_document_amendment_is_a_tender_amendment_release(api, alice, tender):
    terms = add(alice, tender, "Terms.pdf", TenderDocumentType.CONTRACT_TERMS, "Terms added.")
    add(alice, tender, "Pricing.pdf", TenderDocumentType.PRICING_SCHEDULE, "Pricing added.")
    services.tender_document_remove(acting_user=alice, document=terms, rationale="Superseded.")

    body = package(api)

    assert_valid(body)
    releases = releases_of(body, tender)
    assert [r["tag"] for r in releases] == [["tender"]] + [["tenderAmendment"]] * 3
    assert "documents" not in releases[0]["tender"]
    assert [
        [d["documentType"] for d in r["tender"].get("documents", [])] for r in releases[1:]
    ] == [["contractDraft"], ["contractDraft", "billOfQuantity"], ["billOfQuantity"]]
    assert [a["rationale"] for a in releases[-1]["tender"]["amendments"]] == [
        "Terms added.",
        "Pricing added.",
        "Superseded.",
    ]
    assert {d["documentType"] for r in releases for d in r["tender"].get("documents", [])} <= (
        document_types()
    )
