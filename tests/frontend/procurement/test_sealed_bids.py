"""A sealed bid is invisible to the buyer and the evaluators, content and count of
submitters, on every page, until the deadline passes by the database's clock."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from procurement import services
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import RESPONSES, close

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "Our confidential method 7f3a"


@pytest.fixture
def sealed(alice, charlie, supplier_user, acme, tender):
    """Acme's submitted bid, with a document; Charlie of Hackney named an evaluator."""
    bid = services.bid_create(
        acting_user=supplier_user,
        tender=tender,
        supplier=acme,
        price=45_000,
        responses={**RESPONSES, "quality": SECRET},
    )
    document = services.bid_attachment_add(
        acting_user=supplier_user, bid=bid, upload=SimpleUploadedFile("method.pdf", PDF)
    )
    services.bid_submit(acting_user=supplier_user, bid=bid)
    services.evaluator_add(acting_user=alice, tender=tender, evaluator=charlie)
    return bid, document


def pages(tender, bid, document) -> list[str]:
    t, b = f"/tenders/{tender.pk}", f"/bids/{bid.pk}"
    return [
        "/tenders/",
        f"{t}/",
        f"{t}/evaluation/",
        f"{t}/evaluation/award/",
        f"{t}/conflicts/",
        f"{t}/evaluate/",
        f"{t}/questions/",
        f"{b}/",
        f"{b}/submit/",
        f"{b}/receipt/",
        f"{b}/receipt/submission.json",
        f"{b}/score/",
        f"{b}/moderate/",
        f"{b}/assessment/",
        f"{b}/documents/{document.pk}/",
    ]


def test_no_page_shows_the_buyer_or_an_evaluator_anything_of_a_sealed_bid(
    client, alice, bob, charlie, sealed, tender
):
    bid, document = sealed
    bid.refresh_from_db()
    for person in (alice, bob, charlie):
        client.force_login(person)
        for path in pages(tender, bid, document):
            response = client.get(path)
            assert response.status_code in {200, 302, 403, 404}, (person, path)
            html = text(response) if response.get("Content-Type", "").startswith("text") else ""
            assert SECRET not in html, (person, path)
            assert "Acme (test)" not in html, (person, path)
            assert bid.latest_submission.sha256 not in html, (person, path)
            if path.endswith(".json") or "/documents/" in path:
                assert response.status_code == 404, (person, path)


def test_once_the_deadline_passes_the_buyer_sees_the_bid(client, alice, sealed, tender):
    bid, document = sealed
    close(tender)
    client.force_login(alice)

    assert SECRET in text(client.get(f"/bids/{bid.pk}/"))
    assert client.get(f"/bids/{bid.pk}/documents/{document.pk}/").status_code == 200
    assert "Acme (test)" in text(client.get(f"/tenders/{tender.pk}/evaluation/"))
