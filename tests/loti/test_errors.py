"""Every 4xx from the API has one shape: {"message": ..., "fields": {...}}."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Organisation, User
from tests.loti.helpers import assert_error


def test_unknown_slug_is_404_in_the_error_shape(
    api: Callable[[User | None], APIClient], alice: User
):
    body = assert_error(api(alice).get("/api/organisations/atlantis/"), 404)

    assert body == {"message": "Not found.", "fields": {}}


def test_invisible_organisation_is_the_same_404_as_a_missing_one(
    api: Callable[[User | None], APIClient], alice: User, charlie: User
):
    invisible = api(charlie).get("/api/organisations/camden-test/members/")
    missing = api(charlie).get("/api/organisations/atlantis/members/")

    assert invisible.status_code == missing.status_code == 404
    assert invisible.json() == missing.json()


def test_validation_error_names_the_fields(
    api: Callable[[User | None], APIClient], network_admin: User
):
    body = assert_error(api(network_admin).post("/api/organisations/", {}), 400, "name", "kind")

    assert body["message"] == "Check these fields: name, kind."
    assert body["fields"]["name"] == ["This field is required."]


def test_nested_validation_errors_are_flattened(
    api: Callable[[User | None], APIClient], network_admin: User
):
    response = api(network_admin).post(
        "/api/organisations/",
        {"name": "X", "kind": "agency", "email_domains": ["ok.example", "x" * 300]},
    )

    assert_error(response, 400, "email_domains.1")


def test_malformed_json_is_400(api: Callable[[User | None], APIClient], network_admin: User):
    response = api(network_admin).post(
        "/api/organisations/", "{not json", content_type="application/json"
    )

    assert_error(response, 400)


def test_unsupported_media_type_is_415(
    api: Callable[[User | None], APIClient], network_admin: User
):
    response = api(network_admin).post("/api/organisations/", "name", content_type="text/plain")

    assert_error(response, 415)


def test_method_not_allowed_is_405(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).put("/api/me/", {}), 405)


def test_not_signed_in_is_401(api: Callable[[User | None], APIClient], db: None):
    assert_error(api(None).get("/api/organisations/"), 401)


def test_bad_token_is_401(db: None):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert_error(client.get("/api/me/"), 401)


def test_forbidden_is_403(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).get("/api/audit-events/"), 403)


def test_conflict_is_409_naming_the_field(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    response = api(alice).post("/api/organisations/camden-test/invitations/", {"email": bob.email})

    assert_error(response, 409, "email")


def test_gone_is_410_naming_the_field(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    invitation = services.invitation_create(
        acting_user=alice, organisation=camden, email="x@example.org"
    )
    services.invitation_revoke(acting_user=alice, invitation=invitation)
    token = services.invitation_token(invitation)

    assert_error(api(None).post(f"/api/invitations/{token}/accept/", {}), 410, "token")


def test_throttled_is_429(alice: User):
    client = APIClient()
    for _ in range(20):
        client.post("/api/auth/token/", {"username": alice.email, "password": "x"})

    response = client.post("/api/auth/token/", {})

    body = assert_error(response, 429)
    assert "throttled" in body["message"]
    assert int(response["Retry-After"]) > 0
