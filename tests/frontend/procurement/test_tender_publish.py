from __future__ import annotations

from procurement.models import Tender, TenderStatus
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text


def url(tender) -> str:
    return f"/tenders/{tender.pk}/publish/"


def test_it_checks_ownership(client, alice, bob, charlie, draft):
    for user, status in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(user)
        assert client.get(url(draft)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, draft):
    assert client.post(url(draft))["Location"].startswith("/sign-in/")
    assert Tender.objects.get().status == TenderStatus.DRAFT


def test_officer_publishes_the_draft(client, alice, draft):
    client.force_login(alice)
    assert read(client.get(url(draft))).title == title("Publish the tender")

    response = client.post(url(draft))

    assert response.status_code == 302
    assert response["Location"] == f"/tenders/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == TenderStatus.PUBLISHED
    assert "Your tender is published" in text(client.get(response["Location"]))
    # Now anyone sees it.
    client.logout()
    assert client.get(f"/tenders/{draft.pk}/").status_code == 200


def test_publishing_a_draft_whose_deadline_has_passed_is_refused_with_the_reason(
    client, alice, draft
):
    Tender.objects.filter(pk=draft.pk).update(closes_at=draft.created_at)
    client.force_login(alice)

    response = client.post(url(draft))

    page = read(response)
    assert page.title == "Error: " + title("Publish the tender")
    [(anchor, message)] = page.summary
    assert anchor == "#main-content"
    assert message.startswith("There is a problem with closes at")
    assert Tender.objects.get().status == TenderStatus.DRAFT


def test_publishing_twice_is_refused(client, alice, tender):
    client.force_login(alice)

    response = client.post(url(tender))

    assert read(response).summary == [
        ("#main-content", "You cannot publish a tender that is published.")
    ]


def test_outsider_cannot_publish_a_published_tender_either(client, charlie, tender):
    client.force_login(charlie)

    response = client.post(url(tender))

    assert response.status_code == 403
    assert read(response).h1 == ["You cannot do this"]
