"""Deletions that wait for a network administrator: /api/deletion-requests/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.accounts.models import DeletionRequest, User
from loti.accounts.privacy_services import account_deletion_request
from loti.audit.models import AuditEvent
from procurement import services as procurement_services
from tests.accounts.helpers import assert_error, open_tender
from tests.factories import PASSWORD, SupplierFactory, member_of
from tests.procurement.helpers import submitted_bid

LIST = "/api/deletion-requests/"


def waiting(user: User, supplier, buyer: User, buyer_organisation) -> DeletionRequest:
    """The person has a bid under evaluation, so their deletion waits."""
    submitted_bid(user, supplier, open_tender(buyer, buyer_organisation))
    return account_deletion_request(acting_user=user, password=PASSWORD)


@pytest.fixture
def request_(alice, camden, acme, supplier_user) -> DeletionRequest:
    deletion = waiting(supplier_user, acme, alice, camden)
    assert deletion.status == DeletionRequest.Status.PENDING
    return deletion


def detail(deletion: DeletionRequest) -> str:
    return f"/api/deletion-requests/{deletion.pk}/"


def confirm(deletion: DeletionRequest) -> str:
    return f"/api/deletion-requests/{deletion.pk}/confirm/"


# Reading ------------------------------------------------------------------------------------


def test_network_admin_sees_every_request(api, request_, network_admin):
    body = api(network_admin).get(LIST).json()

    assert [r["id"] for r in body["results"]] == [request_.pk]
    assert body["results"][0]["email"] == "sam@acme-test.example"
    assert body["results"][0]["holds"] == request_.holds


def test_the_person_sees_their_own_request(api, request_, supplier_user):
    assert [r["id"] for r in api(supplier_user).get(LIST).json()["results"]] == [request_.pk]
    assert api(supplier_user).get(detail(request_)).status_code == 200


def test_anyone_else_sees_nothing(api, request_, charlie):
    assert api(charlie).get(LIST).json()["results"] == []
    response = api(charlie).get(detail(request_))
    assert response.status_code == 404
    assert set(response.json()) == {"message", "fields"}


def test_anonymous_caller_is_refused(api, request_):
    assert api(None).get(LIST).status_code == 401
    assert api(None).get(detail(request_)).status_code == 401
    assert api(None).post(confirm(request_)).status_code == 401


def test_an_unknown_status_filter_names_the_field(api, network_admin):
    assert_error(api(network_admin).get(LIST + "?status=lost"), 400, "status")


def test_status_filter_picks_pending_requests(api, request_, network_admin, bob):
    account_deletion_request(acting_user=bob, password=PASSWORD)  # done at once

    pending = api(network_admin).get(LIST + "?status=pending").json()["results"]
    everything = api(network_admin).get(LIST).json()["results"]

    assert [r["id"] for r in pending] == [request_.pk]
    assert len(everything) == 2


def test_list_query_count_does_not_grow_with_requests(api, alice, camden, network_admin):
    # 1: the page of requests with each person and confirmer joined, and nothing more
    # (the network administrator is the forced-authenticated user; no session).
    client = api(network_admin)
    supplier = SupplierFactory()
    waiting(member_of(supplier, role="admin"), supplier, alice, camden)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(4):
        supplier = SupplierFactory()
        waiting(member_of(supplier, role="admin"), supplier, alice, camden)

    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert len(response.json()["results"]) == 5
    assert len(many) == len(few) == 1, "\n".join(q["sql"] for q in many.captured_queries)


# Confirming ---------------------------------------------------------------------------------


def test_network_admin_confirms_and_the_person_is_pseudonymised(
    api, request_, network_admin, supplier_user
):
    response = api(network_admin).post(confirm(request_))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert body["confirmed_by"] == network_admin.full_name
    supplier_user.refresh_from_db()
    assert supplier_user.full_name == f"Former user {supplier_user.pk}"
    assert not supplier_user.is_active
    # The request's own audit entry named the person by address until now.
    requested = AuditEvent.objects.get(verb="account.deletion_requested")
    assert requested.target_repr == supplier_user.email
    confirmed = AuditEvent.objects.get(verb="account.deleted")
    assert (confirmed.actor, confirmed.target_repr) == (network_admin, supplier_user.email)


def test_the_person_cannot_confirm_their_own_request(api, request_, supplier_user):
    response = api(supplier_user).post(confirm(request_))

    assert_error(response, 403)
    request_.refresh_from_db()
    assert request_.status == DeletionRequest.Status.PENDING


def test_a_network_admin_cannot_confirm_their_own_request(
    api, alice, camden, network_admin, charlie
):
    User.objects.filter(pk=charlie.pk).update(is_network_admin=True)
    charlie.refresh_from_db()
    tender = open_tender(alice, camden, "Evaluated by staff")
    procurement_services.evaluator_add(acting_user=alice, tender=tender, evaluator=network_admin)
    deletion = account_deletion_request(acting_user=network_admin, password=PASSWORD)
    assert deletion.status == DeletionRequest.Status.PENDING

    assert_error(api(network_admin).post(confirm(deletion)), 403)
    assert api(charlie).post(confirm(deletion)).status_code == 200


def test_an_outsider_cannot_confirm(api, request_, charlie):
    response = api(charlie).post(confirm(request_))

    assert response.status_code == 404
    request_.refresh_from_db()
    assert request_.status == DeletionRequest.Status.PENDING


def test_confirming_twice_is_a_conflict(api, request_, network_admin):
    api(network_admin).post(confirm(request_))

    assert_error(api(network_admin).post(confirm(request_)), 409)


def test_the_schema_describes_the_data_protection_endpoints(api, db):
    schema = api(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert set(schema["paths"]) >= {
        "/api/me/personal-data/",
        "/api/me/deletion/",
        "/api/deletion-requests/",
        "/api/deletion-requests/{request_id}/",
        "/api/deletion-requests/{request_id}/confirm/",
    }
    deletion = schema["paths"]["/api/me/deletion/"]["post"]["responses"]
    assert {"200", "202"} <= set(deletion)


def test_confirming_is_refused_while_the_person_is_still_needed_in_charge(
    api, request_, network_admin, acme, supplier_user
):
    member_of(acme, email="kim@acme-test.example")  # joined after the request

    body = assert_error(api(network_admin).post(confirm(request_)), 409)

    assert body["message"].startswith(
        f"{supplier_user.full_name} is the only administrator of Acme (test)."
    )
    request_.refresh_from_db()
    assert request_.status == DeletionRequest.Status.PENDING
