"""The deletion pages: /account/delete/, /account/deleted/ and the network
administrators' /deletion-requests/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.accounts.models import DeletionRequest, User
from loti.accounts.privacy_services import account_deletion_request
from tests.accounts.helpers import open_tender
from tests.conftest import force_login_with_two_factor
from tests.factories import PASSWORD, SupplierFactory, member_of
from tests.frontend.helpers import read, title
from tests.procurement.helpers import submitted_bid

DELETE = "/account/delete/"


def waiting(user: User, supplier, buyer: User, buyer_organisation) -> DeletionRequest:
    submitted_bid(user, supplier, open_tender(buyer, buyer_organisation, "Kiosks"))
    return account_deletion_request(acting_user=user, password=PASSWORD)


@pytest.fixture
def request_(alice, camden, acme, supplier_user) -> DeletionRequest:
    return waiting(supplier_user, acme, alice, camden)


# Deleting your account ---------------------------------------------------------------------


def test_anonymous_person_is_sent_to_sign_in(client, db):
    response = client.get(DELETE)

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/delete/"


def test_page_says_what_happens_and_asks_for_the_password(client, bob):
    client.force_login(bob)

    response = client.get(DELETE)

    page = read(response)
    assert page.title == title("Delete your account")
    assert page.h1 == ["Delete your account"]
    assert b'autocomplete="current-password"' in response.content
    assert b"Former user" in response.content
    assert b"govuk-button--warning" in response.content
    assert page.inline_scripts == 0


def test_wrong_password_is_shown_on_the_field_and_nothing_changes(client, bob):
    client.force_login(bob)

    response = client.post(DELETE, {"password": "not-it"})

    page = read(response)
    assert response.status_code == 200
    assert page.title == title("Error: Delete your account")
    assert page.summary == [("#id_password", "The password is not right")]
    assert page.field_errors == {"id_password": "Error: The password is not right"}
    bob.refresh_from_db()
    assert bob.is_active


def test_empty_password_is_asked_for(client, bob):
    client.force_login(bob)

    page = read(client.post(DELETE, {"password": ""}))

    assert page.summary == [("#id_password", "Enter your password")]


def test_the_last_administrator_is_told_to_hand_over(client, alice, bob):
    client.force_login(alice)

    page = read(client.post(DELETE, {"password": PASSWORD}))

    [(anchor, message)] = page.summary
    assert anchor == "#id_password"
    assert message.startswith("You are the only administrator of Camden (test).")
    alice.refresh_from_db()
    assert alice.is_active


def test_deleting_signs_the_person_out_and_says_so(client, bob):
    client.force_login(bob)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response["Location"] == "/account/deleted/"
    bob.refresh_from_db()
    assert bob.full_name == f"Former user {bob.pk}"
    assert client.get("/account/")["Location"] == "/sign-in/?next=/account/"
    page = read(client.get("/account/deleted/"))
    assert page.h1 == ["Your account has been deleted"]


def test_a_hold_is_explained_before_asking(client, alice, camden, acme, supplier_user):
    submitted_bid(supplier_user, acme, open_tender(alice, camden, "Kiosks"))
    client.force_login(supplier_user)

    response = client.get(DELETE)

    assert "A bid you submitted to the tender “Kiosks” is still being decided." in (
        response.content.decode()
    )
    assert b"Ask for my account to be deleted" in response.content


def test_asking_with_a_hold_leaves_the_person_signed_in_waiting(
    client, alice, camden, acme, supplier_user
):
    submitted_bid(supplier_user, acme, open_tender(alice, camden, "Kiosks"))
    client.force_login(supplier_user)

    response = client.post(DELETE, {"password": PASSWORD}, follow=True)

    page = read(response)
    assert page.h1 == ["Delete your account"]
    assert b"Your request has been sent" in response.content
    assert b"London time" in response.content
    assert b'name="password"' not in response.content
    assert DeletionRequest.objects.get().status == DeletionRequest.Status.PENDING


# Accounts waiting to be deleted (network administrators) ----------------------------------------


def test_waiting_list_is_for_network_admins(client, request_, network_admin):
    force_login_with_two_factor(client, network_admin)

    response = client.get("/deletion-requests/")

    page = read(response)
    assert page.h1 == ["Accounts waiting to be deleted"]
    assert page.rows[0][0].startswith(request_.user.full_name)
    assert "London time" in page.rows[0][1]
    assert page.rows[0][2] == request_.holds[0]


def test_waiting_list_does_not_exist_for_anyone_else(client, request_, supplier_user, bob):
    for person in (supplier_user, bob):
        client.force_login(person)
        assert client.get("/deletion-requests/").status_code == 404


def test_waiting_list_sends_an_anonymous_person_to_sign_in(client, db):
    response = client.get("/deletion-requests/")

    assert response["Location"] == "/sign-in/?next=/deletion-requests/"


def test_waiting_list_query_count_does_not_grow(client, alice, camden, network_admin):
    # Session, person, their verified authenticator, unread count, the requests with each
    # person joined: 5.
    force_login_with_two_factor(client, network_admin)
    supplier = SupplierFactory()
    waiting(member_of(supplier, role="admin"), supplier, alice, camden)
    with CaptureQueriesContext(connection) as few:
        client.get("/deletion-requests/")
    for _ in range(4):
        supplier = SupplierFactory()
        waiting(member_of(supplier, role="admin"), supplier, alice, camden)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/deletion-requests/")

    assert len(read(response).rows) == 5
    assert len(many) == len(few) == 5, "\n".join(q["sql"] for q in many.captured_queries)


def test_network_admin_confirms_a_waiting_deletion(client, request_, network_admin):
    force_login_with_two_factor(client, network_admin)
    url = f"/deletion-requests/{request_.pk}/"
    assert read(client.get(url)).h1 == [f"Delete the account of {request_.user.full_name}"]

    response = client.post(url)

    assert response["Location"] == "/deletion-requests/"
    request_.refresh_from_db()
    assert request_.status == DeletionRequest.Status.COMPLETED
    assert request_.confirmed_by == network_admin
    assert request_.user.full_name == f"Former user {request_.user_id}"


def test_the_person_may_read_their_request_but_not_confirm_it(client, request_, supplier_user):
    client.force_login(supplier_user)
    url = f"/deletion-requests/{request_.pk}/"

    page = client.get(url)
    refused = client.post(url)

    assert page.status_code == 200
    assert b"Delete this account" not in page.content
    assert refused.status_code == 403
    request_.refresh_from_db()
    assert request_.status == DeletionRequest.Status.PENDING


def test_an_outsider_finds_no_request(client, request_, charlie):
    client.force_login(charlie)
    url = f"/deletion-requests/{request_.pk}/"

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_an_anonymous_person_is_sent_to_sign_in_from_a_request(client, request_):
    url = f"/deletion-requests/{request_.pk}/"

    assert client.get(url)["Location"] == f"/sign-in/?next={url}"
    assert client.post(url)["Location"] == f"/sign-in/?next={url}"


def test_confirming_a_finished_request_is_shown_on_the_page(client, request_, network_admin):
    force_login_with_two_factor(client, network_admin)
    url = f"/deletion-requests/{request_.pk}/"
    client.post(url)

    page = read(client.post(url))

    assert page.summary == [("#holds", "This account has already been deleted.")]
