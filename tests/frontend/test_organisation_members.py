from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.accounts.models import Invitation, Membership
from loti.accounts.services import invitation_create
from loti.notifications.outbox import outbox_send_pending
from tests.factories import member_of
from tests.frontend.helpers import read, title

URL = "/organisations/camden-test/members/"


def test_it_checks_ownership(client, alice, bob, charlie):
    for user, status in ((alice, 200), (bob, 200), (charlie, 404)):
        client.force_login(user)
        assert client.get(URL).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, camden):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={URL}"


def test_missing_organisation_is_the_same_404_as_a_hidden_one(client, charlie):
    client.force_login(charlie)

    hidden = client.get(URL)
    missing = client.get("/organisations/no-such-place/members/")

    assert hidden.status_code == missing.status_code == 404
    assert read(hidden).h1 == read(missing).h1 == ["Page not found"]


def test_admin_sees_members_invitations_and_invite_form(client, alice, bob):
    client.force_login(alice)

    response = client.get(URL)

    page = read(response)
    assert page.title == title("People in Camden (test)")
    assert page.h1 == ["People"]
    assert bob.email.encode() in response.content
    assert b"Invite someone" in response.content
    assert b'name="email"' in response.content


def test_member_sees_the_list_but_no_invite_form(client, alice, bob):
    client.force_login(bob)

    response = client.get(URL)

    assert response.status_code == 200
    assert alice.email.encode() in response.content
    assert b"Invite someone" not in response.content
    assert b'name="email"' not in response.content


def test_admin_invites_by_email(client, alice, mailoutbox):
    client.force_login(alice)

    response = client.post(URL, {"email": "New.Person@Camden-Test.example", "role": "member"})
    # The e-mail waits in the outbox for a Celery worker; send it here instead.
    outbox_send_pending()

    assert response.status_code == 302
    assert response["Location"] == URL
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("new.person@camden-test.example", "member")
    page = client.get(URL)
    assert b"Invitation sent to new.person@camden-test.example" in page.content
    assert b"govuk-notification-banner--success" in page.content
    [email] = mailoutbox
    assert email.to == ["new.person@camden-test.example"]
    link = re.search(r"http://testserver(/invitations/\S+/)", str(email.body))
    assert link, email.body
    assert b"Join Camden (test)" in client.get(link[1]).content


def test_member_cannot_invite(client, bob):
    client.force_login(bob)

    response = client.post(URL, {"email": "someone@camden-test.example", "role": "admin"})

    assert response.status_code == 403
    assert read(response).h1 == ["You cannot do this"]
    assert not Invitation.objects.exists()


def test_outsider_cannot_invite(client, charlie):
    client.force_login(charlie)

    response = client.post(URL, {"email": "someone@camden-test.example", "role": "admin"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_named_at_the_email(client, alice, bob):
    client.force_login(alice)

    response = client.post(URL, {"email": bob.email, "role": "member"})

    assert response.status_code == 200
    page = read(response)
    assert page.title.startswith("Error: ")
    assert page.summary == [("#id_email", f"{bob.email} is already a member of Camden (test).")]
    assert not Invitation.objects.exists()


def test_missing_email_and_role_are_each_named(client, alice):
    client.force_login(alice)

    response = client.post(URL, {"email": ""})

    page = read(response)
    assert page.summary == [
        ("#id_email", "Enter the email address of the person to invite"),
        ("#id_role", "Choose a role"),
    ]
    # The error summary's link lands on the first radio.
    assert 'id="id_role"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_query_count_does_not_grow_with_members(client, alice, camden):
    # session, user, unread notifications, organisation, is member, is admin, members
    # with their users, invitations: 8 today. Compared rather than pinned, so a query
    # the whole layout adds does not break this test.
    client.force_login(alice)
    few = _count_queries(client, URL)
    for n in range(10):
        member_of(camden, role=Membership.Role.MEMBER)
        invitation_create(acting_user=alice, organisation=camden, email=f"{n}@camden-test.example")

    many = _count_queries(client, URL)

    assert many == few, "the page's queries grew with its rows"
    assert few <= 8


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
