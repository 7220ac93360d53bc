from __future__ import annotations

from procurement import services
from procurement.models import SavedSearch
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text

URL = "/tenders/saved-searches/"


def test_anonymous_person_is_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"] == f"/sign-in/?next={URL}"


def test_the_search_page_offers_to_save_its_filters(client, supplier_user, cpv):
    client.force_login(supplier_user)

    html = text(client.get("/tenders/", {"search": "wifi", "division": "72", "page": "1"}))

    assert f'href="{URL}?division=72&search=wifi"' in html


def test_the_form_starts_from_the_search_pages_filters(client, supplier_user, cpv):
    client.force_login(supplier_user)

    response = client.get(URL, {"search": "wifi", "division": "72", "value_band": "25k-100k"})

    assert read(response).title == title("Saved searches")
    html = text(response)
    assert 'name="search" value="wifi"' in html
    assert '<option value="72" selected>' in html
    assert 'value="25k-100k" checked' in html


def test_a_person_saves_a_search_and_sees_it_listed(client, supplier_user, camden, cpv):
    client.force_login(supplier_user)

    response = client.post(
        URL,
        {
            "name": "IT in Camden",
            "search": "wifi",
            "division": "72",
            "value_band": "",
            "buyer": camden.slug,
            "sme_suitable": "True",
            "vcse_suitable": "",
        },
    )

    assert response["Location"] == URL
    saved = SavedSearch.objects.get()
    assert (saved.user, saved.division, saved.buyer, saved.sme_suitable) == (
        supplier_user,
        "72",
        camden,
        True,
    )
    assert saved.vcse_suitable is None
    page = read(client.get(URL))
    assert page.rows[0][0] == "IT in Camden"


def test_a_name_is_required(client, supplier_user, cpv):
    client.force_login(supplier_user)

    response = client.post(URL, {"name": ""})

    assert read(response).summary == [("#id_name", "Enter a name for the search")]
    assert not SavedSearch.objects.exists()


def test_only_your_own_searches_are_listed_and_deleted(client, supplier_user, beta_user, cpv):
    mine = services.saved_search_create(acting_user=supplier_user, name="Mine")
    services.saved_search_create(acting_user=beta_user, name="Theirs")
    client.force_login(beta_user)

    assert "Mine" not in text(client.get(URL))
    assert client.get(f"/tenders/saved-searches/{mine.pk}/delete/").status_code == 404
    assert client.post(f"/tenders/saved-searches/{mine.pk}/delete/").status_code == 404
    assert SavedSearch.objects.count() == 2

    client.force_login(supplier_user)
    confirm = client.get(f"/tenders/saved-searches/{mine.pk}/delete/")
    deleted = client.post(f"/tenders/saved-searches/{mine.pk}/delete/")
    assert read(confirm).title == title("Delete the saved search")
    assert deleted["Location"] == URL
    assert list(SavedSearch.objects.values_list("name", flat=True)) == ["Theirs"]


def test_query_count_does_not_grow_with_the_searches(client, supplier_user, camden, cpv):
    # session, user, unread count, CPV divisions (for the form), public bodies (for the
    # form), the saved searches with their buyers.
    services.saved_search_create(acting_user=supplier_user, name="One", buyer=camden.slug)
    client.force_login(supplier_user)
    few = count_queries(client, URL)
    for n in range(6):
        services.saved_search_create(acting_user=supplier_user, name=f"S{n}", buyer=camden.slug)

    assert count_queries(client, URL) == few
    assert few <= 6
