from __future__ import annotations

from datetime import timedelta

from procurement.models import Bid, TenderAmendment
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import date_fields, form_from_page, text
from tests.procurement.helpers import close, submitted_bid


def url(tender) -> str:
    return f"/tenders/{tender.pk}/amend/"


def test_it_checks_ownership(client, alice, bob, charlie, supplier_user, tender):
    for user, status in ((alice, 200), (bob, 200), (charlie, 403), (supplier_user, 403)):
        client.force_login(user)
        assert client.get(url(tender)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.get(url(tender))["Location"].startswith("/sign-in/")


def test_the_criteria_cannot_be_amended(client, alice, tender):
    client.force_login(alice)

    response = client.get(url(tender))

    assert read(response).title == title("Amend the tender")
    assert "criteria-0-name" not in text(response)


def test_officer_amends_with_a_reason_and_bidders_must_reconfirm(
    client, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    client.force_login(alice)
    data = form_from_page(client, url(tender))
    data.update(date_fields("closes_at", tender.closes_at + timedelta(days=7)))
    data["rationale"] = "More time for smaller firms."

    response = client.post(url(tender), data)

    assert response.status_code == 302, read(response).summary
    amendment = TenderAmendment.objects.get()
    assert amendment.changed_fields == ["closes_at"]
    assert amendment.rationale == "More time for smaller firms."
    assert Bid.objects.get(pk=bid.pk).needs_reconfirmation
    assert "Amendment 1 is published." in text(client.get(response["Location"]))


def test_an_unchanged_form_keeps_the_stored_seconds_and_is_refused_as_no_change(
    client, alice, tender
):
    client.force_login(alice)
    data = form_from_page(client, url(tender))
    data["rationale"] = "Nothing really."

    response = client.post(url(tender), data)

    assert read(response).summary == [("#id_rationale", "The amendment changes nothing.")]
    assert not TenderAmendment.objects.exists()


def test_the_reason_is_required(client, alice, tender):
    client.force_login(alice)
    data = form_from_page(client, url(tender))
    data["title"] = "New title"

    response = client.post(url(tender), data)

    assert read(response).summary == [("#id_rationale", "Say why you are amending the tender")]
    assert not TenderAmendment.objects.exists()


def test_no_amendment_after_the_deadline(client, alice, tender):
    client.force_login(alice)
    data = form_from_page(client, url(tender))
    data.update(title="Too late", rationale="Oops.")
    close(tender)

    response = client.post(url(tender), data)

    [(_, message)] = read(response).summary
    assert "You can no longer amend it." in message
    assert not TenderAmendment.objects.exists()
