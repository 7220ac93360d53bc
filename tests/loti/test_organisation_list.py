"""GET /api/organisations/: the directory of organisations."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from loti.accounts.models import Organisation, User
from tests.factories import OrganisationFactory, UserFactory
from tests.loti.helpers import assert_error, count_queries

URL = "/api/organisations/"


def test_it_lists_the_33_london_boroughs_from_the_data_migration(
    api: Callable[[User | None], APIClient], db: None
):
    response = api(UserFactory.create()).get(URL, {"kind": "borough"})

    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert len(body["results"]) == 33
    assert {o["kind"] for o in body["results"]} == {"borough"}
    assert {"camden", "hackney", "westminster", "city-of-london"} <= {
        o["slug"] for o in body["results"]
    }


def test_it_lists_organisations_by_name(api: Callable[[User | None], APIClient], db: None):
    names = [o["name"] for o in api(UserFactory.create()).get(URL).json()["results"]]

    assert names == sorted(names)


def test_each_organisation_shows_its_public_fields(
    api: Callable[[User | None], APIClient], acme: Organisation
):
    body = api(UserFactory.create()).get(URL, {"kind": "supplier"}).json()

    assert body["results"] == [
        {
            "slug": "acme-test",
            "name": "Acme (test)",
            "kind": "supplier",
            "email_domains": ["acme-test.example"],
            "is_loti_member": False,
            "size": "small",
        }
    ]


def test_unknown_kind_is_400_naming_kind(api: Callable[[User | None], APIClient], db: None):
    assert_error(api(UserFactory.create()).get(URL, {"kind": "council"}), 400, "kind")


def test_cursor_pagination_walks_every_organisation_once(
    api: Callable[[User | None], APIClient], db: None
):
    client = api(UserFactory.create())
    seen: list[str] = []
    response = client.get(URL, {"page_size": 10})
    while True:
        body = response.json()
        assert len(body["results"]) <= 10
        seen += [o["slug"] for o in body["results"]]
        if body["next"] is None:
            break
        response = client.get(body["next"])

    assert len(seen) == len(set(seen)) == Organisation.objects.count()
    assert body["previous"] is not None


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], db: None):
    assert_error(api(None).get(URL), 401)


def test_query_count_does_not_grow_with_rows(api: Callable[[User | None], APIClient], db: None):
    # Expected queries (the client is force-authenticated, so none for the user):
    #   1. the page of organisations (cursor pagination: no COUNT)
    client = api(UserFactory.create())
    OrganisationFactory.create_batch(3, kind=Organisation.Kind.AGENCY)
    few, sql, response = count_queries(lambda: client.get(URL, {"kind": "agency"}))
    assert len(response.json()["results"]) == 4  # the GLA and 3 more
    OrganisationFactory.create_batch(30, kind=Organisation.Kind.AGENCY)

    many, sql_many, response = count_queries(lambda: client.get(URL, {"kind": "agency"}))

    assert len(response.json()["results"]) == 34
    assert few == many == 1, f"{few} vs {many} queries:\n{sql}\n---\n{sql_many}"
