from __future__ import annotations

from decimal import Decimal

import pytest

from loti.notifications.models import Notification
from procurement.models import SavedSearchAlert
from procurement.selectors import saved_search_matches
from tests.procurement.helpers import assert_error, assert_queries, make_tender, publish

pytestmark = pytest.mark.django_db


def save(client, **fields):
    fields.setdefault("name", "IT work in Camden")
    return client.post("/api/saved-searches/", fields)


def alerts_for(user) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=user, event="procurement.saved_search_matched"
        ).values_list("title", flat=True)
    )


def test_supplier_saves_and_lists_searches(api, supplier_user, camden, cpv):
    response = save(api(supplier_user), search="chatbot", division="72", buyer=camden.slug)
    assert response.status_code == 201, response.json()
    assert response.json()["buyer"] == camden.slug
    rows = api(supplier_user).get("/api/saved-searches/").json()
    assert [row["name"] for row in rows] == ["IT work in Camden"]


def test_bad_filters_are_refused_naming_the_field(api, supplier_user, cpv):
    assert_error(save(api(supplier_user), value_band="huge"), 400, "value_band")
    assert_error(save(api(supplier_user), division="01"), 400, "division")
    assert_error(save(api(supplier_user), buyer="nowhere"), 400, "buyer")


def test_a_saved_search_is_its_owners_alone(api, supplier_user, acme_colleague, cpv):
    saved = save(api(supplier_user)).json()
    url = f"/api/saved-searches/{saved['id']}/"
    assert api(acme_colleague).get("/api/saved-searches/").json() == []
    assert_error(api(acme_colleague).get(url), 404)
    assert_error(api(acme_colleague).delete(url), 404)
    assert api(None).get("/api/saved-searches/").status_code == 401
    assert save(api(None)).status_code == 401
    assert api(None).get(url).status_code == 401
    assert api(None).delete(url).status_code == 401
    assert api(supplier_user).get(url).json()["name"] == "IT work in Camden"
    assert api(supplier_user).delete(url).status_code == 204
    assert api(supplier_user).get("/api/saved-searches/").json() == []


def test_a_newly_published_match_is_notified_once(
    api, alice, camden, supplier_user, beta_user, cpv
):
    save(api(supplier_user), search="chatbot", division="72", sme_suitable=True)
    save(api(beta_user), name="Cleaning", division="90")
    tender = make_tender(alice, camden, title="Chatbot for housing repairs", sme_suitable=True)
    assert alerts_for(supplier_user) == []  # a draft is nobody's news
    publish(alice, tender)
    assert alerts_for(supplier_user) == [
        "New tender matching your saved search: Chatbot for housing repairs"
    ]
    assert alerts_for(beta_user) == []
    assert SavedSearchAlert.objects.count() == 1


@pytest.mark.parametrize(
    ("saved", "matches"),
    [
        ({"search": "chatbot"}, True),
        ({"search": "bridges"}, False),
        ({"division": "45"}, False),
        ({"value_band": "25k-100k"}, True),
        ({"value_band": "500k-plus"}, False),
        ({"sme_suitable": False}, False),
        ({"vcse_suitable": True}, False),
        ({"buyer": "hackney-test"}, False),
    ],
)
def test_every_filter_must_match(api, alice, camden, hackney, supplier_user, saved, matches, cpv):
    save(api(supplier_user), **saved)
    publish(
        alice,
        make_tender(alice, camden, title="Chatbot", value_max=Decimal(50_000), sme_suitable=True),
    )
    assert bool(alerts_for(supplier_user)) is matches


def test_saved_search_list_query_count(api, supplier_user, cpv):
    # 1 the person's saved searches + their buyer organisations.
    save(api(supplier_user))
    client = api(supplier_user)
    with assert_queries(1):
        client.get("/api/saved-searches/")
    for n in range(5):
        save(client, name=f"Search {n}")
    with assert_queries(1):
        assert len(client.get("/api/saved-searches/").json()) == 6


def test_a_days_tenders_are_matched_against_every_search_in_one_query(
    api, alice, camden, supplier_user, beta_user, cpv
):
    chatbot = save(api(supplier_user), search="chatbot").json()["id"]
    it_work = save(api(beta_user), name="IT", division="72").json()["id"]
    save(api(beta_user), name="Cleaning", division="90")
    day = [
        publish(alice, make_tender(alice, camden, title=title)).pk
        for title in ("Chatbot for repairs", "Website hosting", "Chatbot for parking")
    ]

    with assert_queries(1):
        matches = saved_search_matches(tender_ids=day)

    assert matches == sorted(
        [(tender, it_work, beta_user.pk) for tender in day]
        + [(day[0], chatbot, supplier_user.pk), (day[2], chatbot, supplier_user.pk)]
    )


def test_a_deactivated_persons_searches_are_not_alerted(api, alice, camden, supplier_user, cpv):
    save(api(supplier_user), search="chatbot")
    supplier_user.is_active = False
    supplier_user.save(update_fields=["is_active"])

    publish(alice, make_tender(alice, camden, title="Chatbot for housing repairs"))

    assert alerts_for(supplier_user) == []
    assert SavedSearchAlert.objects.count() == 0
