from __future__ import annotations

from decimal import Decimal

from procurement import services
from procurement.models import Bid
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import RESPONSES, close, submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/"


def draft_bid(supplier_user, acme, tender):
    return services.bid_create(acting_user=supplier_user, tender=tender, supplier=acme)


def test_it_checks_ownership_while_sealed(
    client, alice, bob, charlie, supplier_user, acme_colleague, beta_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    for user, status in (
        (supplier_user, 200),
        (acme_colleague, 200),
        (alice, 404),  # sealed: not even the buyer
        (bob, 404),
        (charlie, 404),
        (beta_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(bid)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)

    assert client.get(url(bid))["Location"].startswith("/sign-in/")


def test_the_bid_page_has_a_box_per_criterion_and_a_price(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.get(url(bid))

    page = read(response)
    assert page.title == title("Your bid")
    html = text(response)
    assert 'name="response_quality"' in html
    assert 'name="response_social-value"' in html
    assert 'name="response_price"' not in html  # price is a number, not an essay
    assert 'name="price"' in html
    assert 'enctype="multipart/form-data"' in html


def test_a_draft_is_saved_and_not_submitted(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.post(
        url(bid),
        {"response_quality": "Six boroughs.", "response_social-value": "", "price": "45000"},
    )

    assert response["Location"] == url(bid)
    bid.refresh_from_db()
    assert bid.responses == {"quality": "Six boroughs.", "social-value": ""}
    assert bid.price == Decimal("45000.00")
    assert bid.status == "draft" and bid.latest_submission is None
    assert "Your draft is saved. It is not submitted yet." in text(client.get(url(bid)))


def test_continue_saves_and_goes_to_check_and_submit(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.post(
        url(bid),
        {"response_quality": "Q", "response_social-value": "S", "price": "1", "review": "1"},
    )

    assert response["Location"] == f"/bids/{bid.pk}/submit/"


def test_a_bad_price_is_named_and_nothing_is_saved(client, supplier_user, acme, tender):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.post(url(bid), {"response_quality": "Kept?", "price": "lots"})

    assert read(response).summary == [
        ("#id_price", "Your price must be a number of pounds, like 45000")
    ]
    assert Bid.objects.get().responses == {}


def test_a_negative_price_is_refused_by_the_service_on_the_field(
    client, supplier_user, acme, tender
):
    bid = draft_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    response = client.post(url(bid), {"response_quality": "Kept?", "price": "-5"})

    assert read(response).summary == [("#id_price", "The price cannot be negative.")]
    assert Bid.objects.get().responses == {}


def test_after_the_deadline_the_bidder_is_told_clearly_and_cannot_change_it(
    client, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    close(tender)
    client.force_login(supplier_user)

    page = text(client.get(url(bid)))
    refused = client.post(url(bid), {"response_quality": "Late change", "price": "1"})

    assert "You can no longer change, submit or withdraw your bid." in page
    assert 'name="price"' not in page
    [(_, message)] = read(refused).summary
    assert message.startswith("This tender closed at") and "change your bid" in message
    assert Bid.objects.get().responses == RESPONSES


def test_after_close_the_buyer_sees_what_was_submitted_not_the_working_copy(
    client, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    services.bid_update(
        acting_user=supplier_user, bid=bid, responses={"quality": "Unsubmitted edit"}
    )
    close(tender)
    client.force_login(alice)

    response = client.get(url(bid))

    assert read(response).title == title("Bid from Acme (test)")
    html = text(response)
    assert RESPONSES["quality"] in html
    assert "Unsubmitted edit" not in html
    assert "£50,000" in html
    assert 'name="price"' not in html


def test_a_draft_is_never_shown_to_the_buyer_even_after_close(
    client, alice, supplier_user, acme, tender
):
    bid = draft_bid(supplier_user, acme, tender)
    close(tender)
    client.force_login(alice)

    assert client.get(url(bid)).status_code == 404
