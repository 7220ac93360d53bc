from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from procurement.dates import london_time
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.helpers import close, make_tender, publish

URL = "/tenders/"


def test_anyone_can_browse_published_tenders_but_not_drafts(client, draft, alice, camden):
    published = publish(alice, make_tender(alice, camden, title="Libraries wifi upgrade"))

    response = client.get(URL)

    page = read(response)
    assert response.status_code == 200
    assert page.title == title("Find a tender")
    assert page.h1 == ["Find a tender"]
    assert published.title in text(response)
    assert draft.title not in text(response)


def test_officers_see_their_own_drafts_and_outsiders_do_not(client, alice, bob, charlie, draft):
    for user, sees in ((alice, True), (bob, True), (charlie, False)):
        client.force_login(user)
        assert (draft.title in text(client.get(URL))) is sees, user


def test_each_result_shows_buyer_value_london_closing_time_and_open_tag(client, tender):
    response = client.get(URL)

    html = text(response)
    assert "Camden (test)" in html
    assert "£20,000 to £80,000" in html
    assert (
        f'Closes</dt> <dd class="govuk-summary-list__value">{london_time(tender.closes_at)}' in html
    )
    assert "London time" in html
    assert '<strong class="govuk-tag govuk-tag--green">Open</strong>' in html


def test_the_database_clock_marks_a_tender_closed(client, tender):
    close(tender)

    html = text(client.get(URL))

    assert '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' in html
    assert ">Open<" not in html


def test_search_finds_tenders_by_their_words(client, alice, camden, cpv):
    publish(alice, make_tender(alice, camden, title="Assistive technology pilot"))
    publish(alice, make_tender(alice, camden, title="Road resurfacing", cpv_codes=["45000000"]))

    html = text(client.get(URL, {"search": "assistive"}))

    assert "Assistive technology pilot" in html
    assert "Road resurfacing" not in html
    assert (
        "1 tender matching \N{LEFT DOUBLE QUOTATION MARK}assistive\N{RIGHT DOUBLE QUOTATION MARK}"
        in html
    )


def test_facets_filter_and_show_counts(client, alice, camden, cpv):
    publish(alice, make_tender(alice, camden, title="Small job", value_min=1_000, value_max=20_000))
    publish(
        alice,
        make_tender(
            alice, camden, title="Kentish Town roadworks", cpv_codes=["45000000"], sme_suitable=True
        ),
    )

    everything = text(client.get(URL))
    works = text(client.get(URL, {"division": "45"}))
    smes = text(client.get(URL, {"sme_suitable": "true"}))
    small = text(client.get(URL, {"value_band": "under-25k"}))

    assert "Under £25,000 (1)" in everything
    assert "Suitable for SMEs (1)" in everything
    assert "Open (2)" in everything
    assert "Kentish Town roadworks" in works and "Small job" not in works
    assert "Kentish Town roadworks" in smes and "Small job" not in smes
    assert "Small job" in small and "Kentish Town roadworks" not in small


def test_closing_within_and_open_or_closed_filters_use_the_database_clock(
    client, alice, camden, cpv
):
    soon = publish(
        alice,
        make_tender(alice, camden, title="Soon", closes_at=timezone.now() + timedelta(days=3)),
    )
    publish(alice, make_tender(alice, camden, title="Later"))
    closed = publish(alice, make_tender(alice, camden, title="Gone"))
    close(closed)

    within = text(client.get(URL, {"closing_within_days": "7"}))
    open_ = text(client.get(URL, {"status": "open"}))
    shut = text(client.get(URL, {"status": "closed"}))

    assert soon.title in within and "Later" not in within and "Gone" not in within
    assert "Gone" not in open_ and "Soon" in open_
    assert "Gone" in shut and "Later" not in shut


def test_sort_by_closing_soonest_or_newest(client, alice, camden, cpv):
    now = timezone.now()
    for name, days in (("Alder", 30), ("Birch", 5), ("Cedar", 60)):
        publish(alice, make_tender(alice, camden, title=name, closes_at=now + timedelta(days)))

    closing = text(client.get(URL, {"sort": "closing"}))
    newest = text(client.get(URL, {"sort": "newest"}))

    assert closing.index("Birch") < closing.index("Alder") < closing.index("Cedar")
    assert newest.index("Cedar") < newest.index("Birch") < newest.index("Alder")


def test_results_are_paged_and_keep_the_filters(client, alice, camden, cpv):
    for n in range(22):
        publish(alice, make_tender(alice, camden, title=f"Tender number {n}"))

    first = client.get(URL, {"status": "open"})
    second = client.get(URL, {"status": "open", "page": "2"})

    assert text(first).count("app-result__title") == 20
    assert text(second).count("app-result__title") == 2
    assert 'href="?page=2&amp;status=open"' in first.content.decode()


def test_bad_filter_values_are_ignored_not_an_error(client, tender):
    response = client.get(URL, {"division": "x", "value_band": "huge", "page": "99"})

    assert response.status_code == 200
    assert tender.title in text(response)
    assert not read(response).title.startswith("Error")


def test_create_button_is_for_officers_only(client, alice, supplier_user, tender):
    assert "Create a tender" not in text(client.get(URL))
    client.force_login(supplier_user)
    assert "Create a tender" not in text(client.get(URL))
    client.force_login(alice)
    assert "Create a tender" in text(client.get(URL))


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_does_not_grow_with_the_tenders(client, alice, camden, cpv, signed_in):
    # Anonymous, 8: the count; facets (the conditional aggregation, division names,
    # divisions, buyers); the tenders (visibility and the clock inlined) + buyer, their
    # CPV codes, their joint buyers. Signed in, 12: the session, the user, whether they
    # buy for anyone, the unread-notifications count. Compared rather than pinned, so a
    # query the whole layout adds does not break this test.
    if signed_in:
        client.force_login(alice)
    publish(alice, make_tender(alice, camden))
    few = count_queries(client, URL)
    for n in range(8):
        publish(alice, make_tender(alice, camden, title=f"Tender {n}", cpv_codes=["45000000"]))

    many = count_queries(client, URL)

    assert many == few, "the page's queries grew with its rows"
    assert few <= (12 if signed_in else 8)
