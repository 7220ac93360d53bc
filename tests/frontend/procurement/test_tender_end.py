"""Withdraw, cancel, or end without an award: one page, each with a published reason."""

from __future__ import annotations

from procurement.models import Tender, TenderStatus
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import close, in_evaluation, submitted_bid


def test_withdraw_checks_ownership(client, alice, bob, charlie, supplier_user, tender):
    url = f"/tenders/{tender.pk}/withdraw/"
    for user, status in ((alice, 200), (bob, 200), (charlie, 403), (supplier_user, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_outsider_gets_404_for_a_draft(client, charlie, draft):
    client.force_login(charlie)

    assert client.get(f"/tenders/{draft.pk}/withdraw/").status_code == 404


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    response = client.post(f"/tenders/{tender.pk}/withdraw/", {"reason": "x"})

    assert response["Location"].startswith("/sign-in/")
    assert Tender.objects.get().status == TenderStatus.PUBLISHED


def test_officer_withdraws_an_open_tender_with_a_reason(client, alice, tender):
    client.force_login(alice)
    assert read(client.get(f"/tenders/{tender.pk}/withdraw/")).title == title("Withdraw the tender")

    response = client.post(f"/tenders/{tender.pk}/withdraw/", {"reason": "The budget was cut."})

    assert response.status_code == 302
    tender.refresh_from_db()
    assert (tender.status, tender.end_reason) == (TenderStatus.WITHDRAWN, "The budget was cut.")
    assert "The budget was cut." in text(client.get(f"/tenders/{tender.pk}/"))


def test_the_reason_is_required_and_nothing_changes_without_it(client, alice, tender):
    client.force_login(alice)

    response = client.post(f"/tenders/{tender.pk}/withdraw/", {"reason": " "})

    assert read(response).summary == [("#id_reason", "Give the reason")]
    assert Tender.objects.get().status == TenderStatus.PUBLISHED


def test_a_closed_tender_is_cancelled_not_withdrawn(client, alice, tender):
    close(tender)
    client.force_login(alice)

    withdrawn = client.post(f"/tenders/{tender.pk}/withdraw/", {"reason": "Late."})
    cancelled = client.post(f"/tenders/{tender.pk}/cancel/", {"reason": "No longer needed."})

    assert "You can no longer withdraw it." in read(withdrawn).summary[0][1]
    assert cancelled.status_code == 302
    assert Tender.objects.get().status == TenderStatus.CANCELLED


def test_no_award_ends_the_evaluation_with_a_reason(
    client, alice, eve, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    in_evaluation(alice, eve, tender)
    client.force_login(alice)

    response = client.post(
        f"/tenders/{tender.pk}/evaluation/no-award/", {"reason": "Every bid was over budget."}
    )

    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == TenderStatus.NO_AWARD
    assert "Ended without an award" in text(client.get(f"/tenders/{tender.pk}/"))


def test_no_award_before_the_evaluation_is_refused(client, alice, tender):
    client.force_login(alice)

    response = client.post(f"/tenders/{tender.pk}/evaluation/no-award/", {"reason": "Why not."})

    assert read(response).summary == [
        ("#id_reason", "You cannot end without an award a tender that is published.")
    ]
    assert Tender.objects.get().status == TenderStatus.PUBLISHED
