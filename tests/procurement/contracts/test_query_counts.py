"""Every list endpoint of the contracts register, with its queries listed: the count
must not grow with the rows."""

from __future__ import annotations

import pytest

from procurement import contracts_services
from tests.procurement.contracts.helpers import csv_bytes, make_contract, months_ahead, row, upload
from tests.procurement.helpers import assert_queries

pytestmark = pytest.mark.django_db


def grow(alice, camden, start, count, **fields):
    for n in range(start, start + count):
        make_contract(alice, camden, reference=f"R{n}", system_name=f"System {n}", **fields)


def test_the_register(api, alice, camden, supplier_user, cpv):
    # 1 the contracts: visibility (memberships, network or supplier) as subqueries,
    # borough, CPV code and supplier joined. The test client signs in without a query.
    grow(alice, camden, 0, 1)
    client = api(supplier_user)
    with assert_queries(1):
        client.get("/api/contracts/")
    grow(alice, camden, 1, 8)
    with assert_queries(1):
        assert len(client.get("/api/contracts/").json()["results"]) == 9


def test_the_pipeline(api, alice, camden, supplier_user, cpv):
    # 1 the contracts in the window, as for the register.
    grow(alice, camden, 0, 1, ends_on=months_ahead(12))
    client = api(supplier_user)
    with assert_queries(1):
        client.get("/api/pipeline/", {"category": "crm"})
    grow(alice, camden, 1, 8, ends_on=months_ahead(14))
    with assert_queries(1):
        assert len(client.get("/api/pipeline/", {"category": "crm"}).json()["results"]) == 9


def test_the_pipeline_chart(api, alice, camden, supplier_user, cpv):
    # 1 one GROUP BY quarter and category.
    grow(alice, camden, 0, 1, ends_on=months_ahead(12))
    client = api(supplier_user)
    with assert_queries(1):
        client.get("/api/pipeline/chart/")
    grow(alice, camden, 1, 8, ends_on=months_ahead(20))
    with assert_queries(1):
        assert client.get("/api/pipeline/chart/").json()["total"] == 9


def test_the_export(api, alice, camden, cpv):
    # 1 the contracts, as for the register.
    grow(alice, camden, 0, 1)
    client = api(alice)
    with assert_queries(1):
        client.get("/api/contracts/export.csv")
    grow(alice, camden, 1, 8)
    with assert_queries(1):
        assert client.get("/api/contracts/export.csv").content.count(b"\n") == 10


def test_the_imports(api, charlie, hackney, cpv):
    # 1 the imports of the person's organisations, with their boroughs.
    def start(n: int) -> None:
        contracts_services.contract_import_start(
            acting_user=charlie,
            borough=hackney,
            upload=upload(csv_bytes([row(contract_reference=f"R{n}")])),
        )

    start(0)
    client = api(charlie)
    with assert_queries(1):
        client.get("/api/contract-imports/")
    for n in range(1, 6):
        start(n)
    with assert_queries(1):
        assert len(client.get("/api/contract-imports/").json()["results"]) == 6


def test_an_imports_rows(api, charlie, hackney, cpv):
    # 1 the import (one of the person's organisations'), 2 its rows.
    small = contracts_services.contract_import_start(
        acting_user=charlie, borough=hackney, upload=upload(csv_bytes([row()]))
    )
    large = contracts_services.contract_import_start(
        acting_user=charlie,
        borough=hackney,
        upload=upload(csv_bytes([row(contract_reference=f"R{n}") for n in range(20)])),
    )
    client = api(charlie)
    with assert_queries(2):
        client.get(f"/api/contract-imports/{small.pk}/rows/")
    with assert_queries(2):
        assert len(client.get(f"/api/contract-imports/{large.pk}/rows/").json()["results"]) == 20


def test_the_saved_pipeline_searches(api, supplier_user, camden, cpv):
    # 1 the searches with their boroughs.
    contracts_services.pipeline_search_create(
        acting_user=supplier_user, name="S0", borough=camden.slug
    )
    client = api(supplier_user)
    with assert_queries(1):
        client.get("/api/pipeline-searches/")
    for n in range(1, 6):
        contracts_services.pipeline_search_create(
            acting_user=supplier_user, name=f"S{n}", borough=camden.slug
        )
    with assert_queries(1):
        assert len(client.get("/api/pipeline-searches/").json()) == 6


def test_pipeline_alerts_take_the_same_queries_however_many_contracts_match(
    supplier_user, alice, camden, cpv
):
    # 1 the searches; for each search: its savepoint and row lock, its new contracts
    # (visibility and the alerts already sent as subqueries), the alert rows, and
    # notify's notice, preferences and e-mail with their savepoints.
    contracts_services.pipeline_search_create(acting_user=supplier_user, name="Everything")
    grow(alice, camden, 0, 2, ends_on=months_ahead(12))
    with assert_queries(11):
        assert contracts_services.pipeline_alerts_send() == 1
    grow(alice, camden, 2, 10, ends_on=months_ahead(12))
    with assert_queries(11):
        assert contracts_services.pipeline_alerts_send() == 1
