from __future__ import annotations

from procurement.models import Tender
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import form_from_page, text


def url(tender) -> str:
    return f"/tenders/{tender.pk}/edit/"


def test_it_checks_ownership(client, alice, bob, charlie, supplier_user, draft):
    for user, status in ((alice, 200), (bob, 200), (charlie, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(draft)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, draft):
    response = client.get(url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_the_form_shows_the_draft(client, alice, draft):
    client.force_login(alice)

    response = client.get(url(draft))

    assert read(response).title == title("Edit the draft tender")
    html = text(response)
    assert f'value="{draft.title}"' in html
    assert "72000000" in html
    assert 'name="criteria-2-name" type="text" value="Social value"' in html


def test_a_member_of_the_borough_edits_the_draft(client, bob, draft):
    client.force_login(bob)
    data = form_from_page(client, url(draft))
    data["title"] = "Digital inclusion support, revised"
    data["criteria-0-weight"] = "50"
    data["criteria-2-weight"] = "20"

    response = client.post(url(draft), data)

    assert response.status_code == 302, read(response).summary
    draft.refresh_from_db()
    assert draft.title == "Digital inclusion support, revised"
    assert [int(c.weight) for c in draft.criteria.all()] == [50, 30, 20]


def test_a_refused_edit_changes_nothing(client, alice, draft):
    client.force_login(alice)
    data = form_from_page(client, url(draft))
    data["title"] = "A new title"
    data["cpv_codes"] = "12345678"

    response = client.post(url(draft), data)

    assert read(response).summary == [("#id_cpv_codes", "Not a CPV 2008 code: 12345678.")]
    assert Tender.objects.get(pk=draft.pk).title == "Digital inclusion support service"


def test_a_published_tender_is_changed_by_amendment_instead(client, alice, tender):
    client.force_login(alice)

    response = client.get(url(tender))

    assert response.status_code == 302
    assert response["Location"] == f"/tenders/{tender.pk}/amend/"
