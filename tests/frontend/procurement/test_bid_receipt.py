from __future__ import annotations

import hashlib

from procurement import services
from procurement.dates import london_time
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/receipt/"


def test_it_checks_ownership(client, alice, supplier_user, acme_colleague, beta_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    for user, status in (
        (supplier_user, 200),
        (acme_colleague, 200),
        (alice, 404),
        (beta_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(bid)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)

    assert client.get(url(bid))["Location"].startswith("/sign-in/")


def test_receipt_shows_the_london_time_and_the_sha256(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    submission = bid.latest_submission
    client.force_login(supplier_user)

    response = client.get(url(bid))

    page = read(response)
    assert page.title == title("Bid submitted")
    assert page.h1 == ["Bid submitted"]
    html = text(response)
    assert london_time(submission.submitted_at) in html
    assert submission.sha256 in html


def test_the_downloaded_submission_hashes_to_the_receipt(client, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.get(f"/bids/{bid.pk}/receipt/submission.json")

    assert response["Content-Disposition"] == (
        f'attachment; filename="bid-{bid.pk}-submission-1.json"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(response.content).hexdigest() == bid.latest_submission.sha256


def test_no_receipt_before_a_submission(client, supplier_user, acme, tender):
    bid = services.bid_create(acting_user=supplier_user, tender=tender, supplier=acme)
    client.force_login(supplier_user)

    assert client.get(url(bid))["Location"] == f"/bids/{bid.pk}/"
