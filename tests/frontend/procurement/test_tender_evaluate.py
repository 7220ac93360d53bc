from __future__ import annotations

from procurement import services
from tests.factories import SupplierFactory, member_of
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries
from tests.procurement.helpers import in_evaluation, make_tender, publish, submitted_bid


def url(tender) -> str:
    return f"/tenders/{tender.pk}/evaluate/"


def test_an_evaluator_who_has_not_declared_is_sent_to_declare(
    client, alice, eve, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    client.force_login(eve)

    assert client.get(url(tender))["Location"] == f"/tenders/{tender.pk}/conflicts/"


def test_it_lists_the_bids_to_score(client, alice, eve, supplier_user, acme, tender):
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    services.evaluator_declare(acting_user=eve, tender=tender, conflicts={})
    client.force_login(eve)

    response = client.get(url(tender))

    assert read(response).title == title("Bids to score")
    assert read(response).rows == [["Acme (test)", "Not scored"]]


def test_outsiders_and_suppliers_are_refused(
    client, charlie, supplier_user, acme, alice, eve, tender
):
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    for user in (charlie, supplier_user):
        client.force_login(user)
        assert client.get(url(tender)).status_code == 403


def test_query_count_does_not_grow_with_the_bids(
    client, alice, camden, eve, supplier_user, acme, tender
):
    # session, user, unread count; the tender + 4 prefetches; is buyer and is evaluator
    # (may they see who bid); whether declared; the bids with whether scored (access
    # inlined); is buyer and is evaluator and declared again (bids_visible_to); conflicts.
    submitted_bid(supplier_user, acme, tender)
    crowded = publish(alice, make_tender(alice, camden, title="Crowded"))
    for n in range(5):
        supplier = SupplierFactory(slug=f"s{n}", name=f"Supplier {n}")
        submitted_bid(member_of(supplier), supplier, crowded)
    for each in (tender, crowded):
        in_evaluation(alice, eve, each)
        services.evaluator_declare(acting_user=eve, tender=each, conflicts={})
    client.force_login(eve)

    few, many = count_queries(client, url(tender)), count_queries(client, url(crowded))

    assert many == few, "the page's queries grew with its rows"
    assert few <= 16
