from __future__ import annotations

import pytest
from django.test import Client

from loti.api.handlers import server_error

pytestmark = pytest.mark.django_db


def test_unknown_api_address_answers_in_the_error_shape(client: Client) -> None:
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "fields": {}}


def test_unknown_page_answers_with_a_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_server_error_on_the_api_is_json_and_on_pages_is_a_page(rf) -> None:
    api = server_error(rf.get("/api/projects/"))
    page = server_error(rf.get("/projects/"))
    assert (api.status_code, api["Content-Type"]) == (500, "application/json")
    assert page.status_code == 500
    assert b"problem with the service" in page.content
