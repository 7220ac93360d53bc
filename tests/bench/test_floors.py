"""Each floor returns exactly the rows of the endpoint it is compared with: a ratio
is only worth reading if both sides did the same work."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from rest_framework.authtoken.models import Token

from bench import floors, seed
from bench.naive import ProjectSerializer, naive_projects
from bench.scenarios.alerts import app_matches, todays_tenders
from bench.scenarios.tenders import FILTERS, QUERY, drf_cursor
from procurement.models import SavedSearch, Tender
from procurement.selectors import VALUE_BANDS
from projects.models import ProjectGroupObjectPermission, ProjectUserObjectPermission
from tests.bench.conftest import Seeded

pytestmark = pytest.mark.django_db


def test_the_tender_floor_returns_the_boards_filtered_first_page(api, seeded: Seeded):
    board = api(None).get("/api/tenders/", FILTERS).json()["results"]

    with connection.cursor() as cursor:
        floor = floors.tender_page(cursor, QUERY)["results"]

    assert len(board) > 5
    assert board == floor


def test_the_tender_floor_returns_the_same_deep_page_as_the_cursor(api, seeded: Seeded):
    # The third page of the unfiltered board: start after the 100th newest public tender.
    public = Tender.objects.filter(visibility="public").order_by("-listed_at", "-id")
    listed_at, pk = public.values_list("listed_at", "pk")[99]

    board = api(None).get("/api/tenders/", {"cursor": drf_cursor(listed_at, pk)}).json()
    with connection.cursor() as cursor:
        floor = floors.tender_page(cursor, floors.TenderQuery(before=(listed_at, pk)))

    assert len(board["results"]) == floors.PAGE_SIZE  # a full page, not an empty one
    assert board["results"] == floor["results"]
    assert [row["id"] for row in board["results"]] == list(
        public.values_list("pk", flat=True)[100:150]
    )


def test_the_facet_floor_counts_what_the_facets_endpoint_counts(api, seeded: Seeded):
    facets = api(None).get("/api/tenders/facets/", FILTERS).json()

    with connection.cursor() as cursor:
        floor = floors.tender_facets(cursor, QUERY)

    assert facets["buyer"]
    assert facets == floor


@pytest.mark.parametrize("search", ["", "assistive technology"])
def test_the_project_floor_and_the_naive_peer_list_what_the_officer_sees(
    api, seeded: Seeded, search: str
):
    params = {"search": search} if search else {}
    listed = api(seeded.officer).get("/api/projects/", params).json()["results"]
    with connection.cursor() as cursor:
        floor = floors.project_list(cursor, user_id=seeded.officer.pk, search=search)["results"]
    seed.naive_permissions_add()
    naive_rows = naive_projects(seeded.officer, search).order_by("-updated_at", "-id")
    if search:
        naive_rows = naive_projects(seeded.officer, search)
    naive = json.loads(json.dumps(ProjectSerializer(naive_rows[:50], many=True).data))

    assert len(listed) > 5
    assert listed == floor == naive


def test_the_naive_rows_come_out_again(seeded: Seeded):
    added = seed.naive_permissions_add()

    assert added > 0
    assert seed.naive_permissions_remove() == added


GRANT_MODELS = (ProjectGroupObjectPermission, ProjectUserObjectPermission)


def _last_vacuumed() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, last_vacuum FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [
                [
                    ProjectGroupObjectPermission._meta.db_table,
                    ProjectUserObjectPermission._meta.db_table,
                ]
            ],
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_their_dead_rows_are_vacuumed_away():
    # No seeded world: a transactional test may follow another's flush.
    before = _last_vacuumed()

    seed.naive_permissions_remove()
    after = _last_vacuumed()
    assert len(after) == 2
    assert all(after[table] is not None and after[table] != before.get(table) for table in after)


def _searches_matching(tender: Tender) -> list[SavedSearch]:
    """The matching rules stated once more, in the ORM and one tender at a time: a
    third opinion for the app's statement and the floor's to agree with."""
    divisions = Tender.cpv_codes.through.objects.filter(tender_id=tender.pk).values(
        "cpvcode__division"
    )
    bands = [
        band.key
        for band in VALUE_BANDS
        if (band.low is None or tender.value_max >= band.low)
        and (band.high is None or tender.value_max < band.high)
    ]
    words = Exists(
        Tender.objects.filter(
            pk=tender.pk,
            search_vector=SearchQuery(
                OuterRef("search"), search_type="websearch", config="english"
            ),
        )
    )
    return list(
        SavedSearch.objects.filter(
            Q(division="") | Q(division__in=divisions),
            Q(value_band="") | Q(value_band__in=bands),
            Q(buyer__isnull=True) | Q(buyer_id=tender.buyer_id),
            Q(sme_suitable__isnull=True) | Q(sme_suitable=tender.sme_suitable),
            Q(vcse_suitable__isnull=True) | Q(vcse_suitable=tender.vcse_suitable),
            Q(search="") | Q(words),
            user__is_active=True,
        )
    )


def test_the_alert_floor_finds_the_matches_the_app_finds(seeded: Seeded):
    ids = todays_tenders(12)
    with connection.cursor() as cursor:
        floor = json.loads(floors.saved_search_matches(cursor, ids))
    one_by_one = sorted(
        [tender.pk, search.pk, search.user_id]
        for tender in Tender.objects.filter(pk__in=ids)
        for search in _searches_matching(tender)
    )

    assert floor
    assert json.loads(app_matches(ids)) == floor == one_by_one


def test_the_officer_signs_in_with_the_token_the_harness_makes(api, seeded: Seeded):
    token = seed.tokens_for([seeded.officer.pk])[seeded.officer.pk]

    assert Token.objects.get(key=token).user == seeded.officer
    assert seed.tokens_for([seeded.officer.pk])[seeded.officer.pk] == token
