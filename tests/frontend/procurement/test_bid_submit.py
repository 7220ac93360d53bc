from __future__ import annotations

from procurement import services
from procurement.models import Bid, BidSubmission
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import RESPONSES, close, submitted_bid


def url(bid) -> str:
    return f"/bids/{bid.pk}/submit/"


def ready_bid(supplier_user, acme, tender):
    return services.bid_create(
        acting_user=supplier_user, tender=tender, supplier=acme, price=45_000, responses=RESPONSES
    )


def test_it_checks_ownership(client, alice, supplier_user, acme_colleague, beta_user, acme, tender):
    bid = ready_bid(supplier_user, acme, tender)
    for user, status in (
        (supplier_user, 200),
        (acme_colleague, 200),
        (alice, 404),
        (beta_user, 404),
    ):
        client.force_login(user)
        assert client.get(url(bid)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, supplier_user, acme, tender):
    bid = ready_bid(supplier_user, acme, tender)

    assert client.post(url(bid))["Location"].startswith("/sign-in/")
    assert not BidSubmission.objects.exists()


def test_check_your_answers_then_submit_for_a_receipt(client, supplier_user, acme, tender):
    bid = ready_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)

    check = client.get(url(bid))
    response = client.post(url(bid))

    assert read(check).title == title("Check your bid before you submit it")
    assert RESPONSES["quality"] in text(check) and "£45,000" in text(check)
    assert response["Location"] == f"/bids/{bid.pk}/receipt/"
    assert Bid.objects.get().status == "submitted"


def test_an_incomplete_bid_is_refused_with_a_link_to_fix_it(client, supplier_user, acme, tender):
    bid = services.bid_create(acting_user=supplier_user, tender=tender, supplier=acme)
    client.force_login(supplier_user)

    response = client.post(url(bid))

    page = read(response)
    assert page.title == "Error: " + title("Check your bid before you submit it")
    assert page.summary == [("#main-content", "Your bid is not complete.")]
    assert "Not answered" in text(response)
    assert f'href="/bids/{bid.pk}/#id_response_quality"' in text(response)
    assert not BidSubmission.objects.exists()


def test_after_the_deadline_submitting_is_refused_with_a_clear_message(
    client, supplier_user, acme, tender
):
    bid = ready_bid(supplier_user, acme, tender)
    client.force_login(supplier_user)
    close(tender)

    response = client.post(url(bid))

    [(_, message)] = read(response).summary
    assert message.startswith("This tender closed at ")
    assert message.endswith("London time. You can no longer submit a bid.")
    assert "You can no longer submit a bid." in text(response)
    assert not BidSubmission.objects.exists()


def test_resubmitting_after_an_amendment_reconfirms_the_bid(
    client, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    services.tender_amend(
        acting_user=alice, tender=tender, rationale="Clearer.", changes={"title": "Clearer"}
    )
    client.force_login(supplier_user)
    assert "submit it again to confirm it" in text(client.get(f"/bids/{bid.pk}/"))

    client.post(url(bid))

    bid.refresh_from_db()
    assert not bid.needs_reconfirmation
    assert bid.latest_submission.number == 2
