"""The buyer's bids-and-evaluation page, and its buttons: open the bids, name an
evaluator, mark the contract awarded."""

from __future__ import annotations

from datetime import timedelta

from guardian.shortcuts import get_users_with_perms

from procurement.models import Tender, TenderStatus
from tests.factories import SupplierFactory, member_of
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.helpers import (
    close,
    evaluate_and_award,
    in_evaluation,
    make_tender,
    publish,
    submitted_bid,
)


def url(tender) -> str:
    return f"/tenders/{tender.pk}/evaluation/"


def test_it_checks_ownership(client, alice, bob, charlie, supplier_user, tender):
    for user, status in ((alice, 200), (bob, 200), (charlie, 403), (supplier_user, 403)):
        client.force_login(user)
        assert client.get(url(tender)).status_code == status, user


def test_outsider_gets_404_for_a_draft(client, charlie, draft):
    client.force_login(charlie)

    assert client.get(url(draft)).status_code == 404


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.get(url(tender))["Location"].startswith("/sign-in/")


def test_before_the_deadline_the_buyer_learns_nothing_about_the_bids(
    client, alice, supplier_user, acme, beta_user, beta, tender
):
    submitted_bid(supplier_user, acme, tender)
    submitted_bid(beta_user, beta, tender)
    client.force_login(alice)

    response = client.get(url(tender))

    html = text(response)
    assert read(response).title == title("Bids and evaluation")
    assert "Bids are sealed until the tender closes at" in html
    assert "Acme (test)" not in html and "Beta (test)" not in html
    assert "Open the bids" not in html
    assert read(response).rows == []


def test_after_the_deadline_the_buyer_opens_the_bids(client, alice, supplier_user, acme, tender):
    submitted_bid(supplier_user, acme, tender)
    close(tender)
    client.force_login(alice)
    assert "Open the bids" in text(client.get(url(tender)))

    response = client.post(f"/tenders/{tender.pk}/evaluation/open-bids/")

    assert response["Location"] == url(tender)
    assert Tender.objects.get().status == TenderStatus.EVALUATION
    page = read(client.get(url(tender)))
    assert [row[0] for row in page.rows] == ["Acme (test)"]


def test_bids_cannot_be_opened_before_the_deadline(client, alice, tender):
    client.force_login(alice)

    response = client.post(f"/tenders/{tender.pk}/evaluation/open-bids/")

    assert response.status_code == 409
    assert "Bids stay sealed until" in text(response)
    assert Tender.objects.get().status == TenderStatus.PUBLISHED


def test_the_buyer_names_an_evaluator_by_email(client, alice, eve, tender):
    client.force_login(alice)

    response = client.post(f"/tenders/{tender.pk}/evaluation/evaluators/", {"email": eve.email})

    assert response["Location"] == url(tender)
    assert eve in get_users_with_perms(tender)
    assert "Eve Evaluator" in text(client.get(url(tender)))


def test_an_unknown_evaluator_is_named_on_the_email_field(client, alice, tender):
    client.force_login(alice)

    response = client.post(
        f"/tenders/{tender.pk}/evaluation/evaluators/", {"email": "nobody@example.org"}
    )

    page = read(response)
    assert page.title == "Error: " + title("Bids and evaluation")
    assert page.summary == [("#id_email", "There is no account with this e-mail address.")]


def test_outsiders_cannot_name_evaluators(client, charlie, eve, tender):
    client.force_login(charlie)

    response = client.post(f"/tenders/{tender.pk}/evaluation/evaluators/", {"email": eve.email})

    assert response.status_code == 403
    assert eve not in get_users_with_perms(tender)


def test_after_the_award_the_standstill_end_is_shown_and_the_contract_follows_it(
    client, alice, eve, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    tender = evaluate_and_award(alice, eve, tender, bid)
    client.force_login(alice)

    html = text(client.get(url(tender)))
    early = client.post(f"/tenders/{tender.pk}/evaluation/contract/")
    Tender.objects.filter(pk=tender.pk).update(
        standstill_ends_on=tender.standstill_ends_on - timedelta(days=60)
    )
    done = client.post(f"/tenders/{tender.pk}/evaluation/contract/")

    assert f"The standstill period ends on {tender.standstill_ends_on:%-d %B %Y}" in html
    assert early.status_code == 409
    assert done["Location"] == url(tender)
    assert Tender.objects.get().status == TenderStatus.AWARDED


def test_query_count_does_not_grow_with_the_bids(
    client, alice, camden, eve, supplier_user, acme, tender
):
    # session, user, unread count; the tender + 4 prefetches; is buyer (twice: to see the
    # page, then which bids); the evaluators;
    # the bids (access inlined) with supplier and submission; the summary's criteria,
    # bids with submissions, and moderated scores: 15 today.
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    crowded = publish(alice, make_tender(alice, camden, title="Crowded"))
    for n in range(6):
        supplier = SupplierFactory(slug=f"s{n}", name=f"Supplier {n}")
        submitted_bid(member_of(supplier), supplier, crowded)
    in_evaluation(alice, eve, crowded)
    client.force_login(alice)

    few, many = count_queries(client, url(tender)), count_queries(client, url(crowded))

    assert many == few, "the page's queries grew with its rows"
    assert few <= 15
