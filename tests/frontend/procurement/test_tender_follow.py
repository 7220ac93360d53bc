from __future__ import annotations

from procurement.models import TenderInterest
from tests.frontend.procurement.helpers import text


def url(tender) -> str:
    return f"/tenders/{tender.pk}/follow/"


def test_a_supplier_registers_interest_and_withdraws_it(client, supplier_user, tender):
    client.force_login(supplier_user)

    followed = client.post(url(tender), {"follow": "yes"})
    assert followed["Location"] == f"/tenders/{tender.pk}/"
    assert TenderInterest.objects.filter(user=supplier_user, tender=tender).exists()
    assert "You are following this tender." in text(client.get(f"/tenders/{tender.pk}/"))

    client.post(url(tender), {"follow": "no"})
    assert not TenderInterest.objects.exists()


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    response = client.post(url(tender), {"follow": "yes"})

    assert response["Location"].startswith("/sign-in/")
    assert not TenderInterest.objects.exists()


def test_a_draft_cannot_be_followed_by_an_outsider(client, charlie, draft):
    client.force_login(charlie)

    assert client.post(url(draft), {"follow": "yes"}).status_code == 404
    assert not TenderInterest.objects.exists()


def test_following_needs_a_post(client, supplier_user, tender):
    client.force_login(supplier_user)

    assert client.get(url(tender)).status_code == 405
