"""The market pipeline's page and its saved searches."""

from __future__ import annotations

from decimal import Decimal

import pytest

from procurement import contracts_services
from procurement.models import PipelineSearch
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries, text
from tests.procurement.contracts.helpers import make_contract, months_ahead

pytestmark = pytest.mark.django_db

URL = "/contracts/pipeline/"
SAVED = "/contracts/pipeline/saved/"


@pytest.fixture
def pipeline(alice, camden, charlie, hackney, cpv):
    make_contract(alice, camden, system_name="Camden CRM", ends_on=months_ahead(10))
    make_contract(
        charlie,
        hackney,
        system_name="Hackney housing",
        category="housing",
        annual_value=Decimal(600_000),
        ends_on=months_ahead(20),
    )
    make_contract(
        charlie,
        hackney,
        system_name="Hackney secret",
        visibility="private",
        ends_on=months_ahead(11),
    )
    make_contract(alice, camden, system_name="Ends next month", ends_on=months_ahead(1))


@pytest.mark.parametrize("path", [URL, SAVED, "/contracts/pipeline/saved/1/delete/"])
def test_visitors_are_sent_to_sign_in(client, db, path):
    assert client.get(path)["Location"] == f"/sign-in/?next={path}"


def test_a_supplier_sees_the_pipeline_chart_table_and_contracts(client, supplier_user, pipeline):
    client.force_login(supplier_user)

    response = client.get(URL)

    page = read(response)
    assert page.title == title("Market pipeline") and page.h1 == ["Market pipeline"]
    html = text(response)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    table = [r for r in page.rows if r[0] in ("CRM", "Housing", "All categories")]
    assert [r[0] for r in table] == ["CRM", "Housing", "All categories"]
    assert table[-1][-1] == "2"
    listed = [r[0] for r in page.rows if r[0] not in ("CRM", "Housing", "All categories")]
    assert listed == ["Camden CRM", "Hackney housing"]
    assert page.inline_scripts == 0


def test_the_boroughs_own_private_contract_is_in_its_officers_pipeline(
    client, charlie, alice, pipeline
):
    client.force_login(charlie)
    assert "Hackney secret" in text(client.get(URL))
    client.force_login(alice)
    assert "Hackney secret" not in text(client.get(URL))


def test_the_filters_narrow_the_chart_and_the_list(client, supplier_user, pipeline):
    client.force_login(supplier_user)

    page = read(client.get(URL, {"category": "housing", "value_band": "500k-plus"}))

    assert "Camden CRM" not in [r[0] for r in page.rows]
    assert "Hackney housing" in [r[0] for r in page.rows]


def test_the_pipeline_query_count_does_not_grow(client, supplier_user, alice, camden, pipeline):
    # 1 session, 2 user, 3 notification count, 4 the chart's GROUP BY, 5 the count of
    # contracts, 6 the page of contracts, 7 the boroughs for the filter.
    client.force_login(supplier_user)
    first = count_queries(client, URL)
    for n in range(6):
        make_contract(alice, camden, reference=f"R{n}", ends_on=months_ahead(8 + n))

    assert count_queries(client, URL) == first == 7


def test_save_this_search_carries_the_filters(client, supplier_user, pipeline):
    client.force_login(supplier_user)

    html = text(client.get(URL, {"category": "crm", "borough": "camden-test", "page": "1"}))

    assert f'href="{SAVED}?borough=camden-test&category=crm"' in html


def test_saving_listing_and_deleting_a_pipeline_search(client, supplier_user, camden, cpv):
    client.force_login(supplier_user)
    assert 'value="crm" selected' in text(client.get(SAVED, {"category": "crm"}))

    response = client.post(
        SAVED, {"name": "CRM", "category": "crm", "borough": camden.slug, "value_band": ""}
    )

    assert response["Location"] == SAVED
    saved = PipelineSearch.objects.get()
    assert (saved.category, saved.borough) == ("crm", camden)
    page = read(client.get(SAVED))
    assert page.rows[0][:2] == ["CRM", "CRM contracts of Camden (test)"]
    delete = f"/contracts/pipeline/saved/{saved.pk}/delete/"
    assert read(client.get(delete)).h1 == ["Delete the saved search"]
    assert client.post(delete)["Location"] == SAVED
    assert not PipelineSearch.objects.exists()


def test_a_name_is_required(client, supplier_user, cpv):
    client.force_login(supplier_user)

    response = client.post(SAVED, {"name": ""})

    assert read(response).summary == [("#id_name", "Enter a name for the search")]
    assert not PipelineSearch.objects.exists()


def test_only_your_own_searches_are_listed_and_deleted(client, supplier_user, acme_colleague, cpv):
    mine = contracts_services.pipeline_search_create(acting_user=supplier_user, name="Mine")
    client.force_login(acme_colleague)

    assert "Mine" not in text(client.get(SAVED))
    assert client.get(f"/contracts/pipeline/saved/{mine.pk}/delete/").status_code == 404
    assert client.post(f"/contracts/pipeline/saved/{mine.pk}/delete/").status_code == 404


def test_the_saved_searches_query_count_does_not_grow(client, supplier_user, camden, cpv):
    # 1 session, 2 user, 3 notification count, 4 the boroughs for the form, 5 the
    # searches with their boroughs.
    client.force_login(supplier_user)
    contracts_services.pipeline_search_create(
        acting_user=supplier_user, name="S0", borough=camden.slug
    )
    first = count_queries(client, SAVED)
    for n in range(5):
        contracts_services.pipeline_search_create(
            acting_user=supplier_user, name=f"S{n + 1}", borough=camden.slug
        )

    assert count_queries(client, SAVED) == first == 5
