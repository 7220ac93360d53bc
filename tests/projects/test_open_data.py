from __future__ import annotations

import csv
import io

import pytest

from loti.visibility import Visibility
from tests.projects.helpers import make_playbook, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(alice, camden):
    make_project(
        alice, camden, title="Public pilot", visibility=Visibility.PUBLIC, themes=["housing"]
    )
    make_project(alice, camden, title="Network pilot", visibility=Visibility.NETWORK)
    make_playbook(alice, camden, title="Public playbook", visibility=Visibility.PUBLIC)
    make_playbook(
        alice, camden, title="Draft playbook", visibility=Visibility.PUBLIC, publish=False
    )


def test_dcat_catalogue_lists_only_public_published_work(api, catalogue):
    response = api(None).get("/api/open-data/dcat/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    body = response.json()
    assert body["@type"] == "dcat:Catalog"
    datasets = {d["dct:title"]: d for d in body["dcat:dataset"]}
    assert set(datasets) == {"Public pilot", "Public playbook"}
    pilot = datasets["Public pilot"]
    assert pilot["dct:license"].endswith("/open-government-licence/version/3/")
    assert pilot["dcat:keyword"] == ["Housing"]
    assert pilot["dct:publisher"]["foaf:name"] == "Camden (test)"
    for field in ("dct:identifier", "dct:description", "dct:issued", "dct:modified"):
        assert pilot[field]


def test_csv_has_the_same_records_and_neutralises_formulas(api, alice, camden, catalogue):
    make_project(alice, camden, title='=HYPERLINK("http://x")', visibility=Visibility.PUBLIC)
    response = api(None).get("/api/open-data/projects-and-playbooks.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["title"] for r in rows} == {
        "Public pilot",
        "Public playbook",
        '\'=HYPERLINK("http://x")',
    }
    assert all(r["licence"].endswith("/version/3/") for r in rows)


def test_catalogue_query_count_does_not_grow(api, alice, camden, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Two queries: public projects with leads; public playbooks with owners, then versions.
    with CaptureQueriesContext(connection) as few:
        api(None).get("/api/open-data/dcat/")
    for n in range(5):
        make_project(alice, camden, title=f"P{n}", visibility=Visibility.PUBLIC)
        make_playbook(alice, camden, title=f"B{n}", visibility=Visibility.PUBLIC)
    with CaptureQueriesContext(connection) as many:
        api(None).get("/api/open-data/dcat/")
    assert len(many) == len(few)
