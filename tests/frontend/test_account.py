from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.accounts.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory
from tests.frontend.helpers import read, title


def test_anonymous_person_is_sent_to_sign_in(client, db):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/"


def test_lists_each_organisation_with_the_persons_role(client, alice, hackney):
    MembershipFactory(user=alice, organisation=hackney, role=Membership.Role.MEMBER)
    client.force_login(alice)

    response = client.get("/account/")

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Your account")
    assert page.h1 == ["Your account"]
    assert page.rows == [
        ["Camden (test)", "Borough", "Administrator"],
        ["Hackney (test)", "Borough", "Member"],
    ]
    assert b'href="/organisations/camden-test/members/"' in response.content
    assert b'href="/organisations/hackney-test/members/"' in response.content


def test_shows_only_the_signed_in_persons_organisations(client, bob, charlie):
    # bob is in Camden; charlie is in Hackney.
    client.force_login(bob)

    response = client.get("/account/")

    assert b"Camden (test)" in response.content
    assert b"Hackney (test)" not in response.content
    assert b"bob@camden-test.example" in response.content
    assert b"charlie@hackney-test.example" not in response.content


def test_ended_membership_is_not_listed(client, bob, camden):
    Membership.objects.filter(user=bob).update(ended_at="2026-01-01T00:00Z")
    client.force_login(bob)

    response = client.get("/account/")

    assert b"Camden (test)" not in response.content
    assert b"You do not belong to any organisation yet" in response.content


def test_nav_marks_account_as_the_current_page(client, bob):
    client.force_login(bob)

    response = client.get("/account/")

    assert b'href="/account/" aria-current="page"' in response.content


def test_query_count_does_not_grow_with_organisations(client, alice):
    # session, user, unread notifications, memberships with organisations, whether
    # two-factor sign-in is on: 5.
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        client.get("/account/")
    for _ in range(5):
        MembershipFactory(user=alice, organisation=OrganisationFactory())

    with CaptureQueriesContext(connection) as many:
        response = client.get("/account/")

    assert response.content.count(b'scope="row"') == 6
    assert len(many) == len(few) <= 5
