"""GET /api/organisations/{slug}/invitations/: administrators see who was invited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Invitation, Organisation, User
from tests.loti.helpers import assert_error, count_queries

URL = "/api/organisations/camden-test/invitations/"


def invite(admin: User, organisation: Organisation, email: str) -> Invitation:
    return services.invitation_create(acting_user=admin, organisation=organisation, email=email)


def test_admin_lists_invitations_newest_first_with_their_status(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    pending = invite(alice, camden, "one@example.org")
    expired = invite(alice, camden, "two@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked = invite(alice, camden, "three@example.org")
    services.invitation_revoke(acting_user=alice, invitation=revoked)

    response = api(alice).get(URL)

    assert response.status_code == 200
    assert [(i["id"], i["status"]) for i in response.json()["results"]] == [
        (revoked.pk, "revoked"),
        (expired.pk, "expired"),
        (pending.pk, "pending"),
    ]


def test_other_organisations_invitations_are_not_listed(
    api: Callable[[User | None], APIClient], alice: User, charlie: User, hackney: Organisation
):
    invite(charlie, hackney, "one@example.org")

    assert api(alice).get(URL).json()["results"] == []


def test_network_admin_lists_any_organisations_invitations(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation, network_admin: User
):
    invitation = invite(alice, camden, "one@example.org")

    response = api(network_admin).get(URL)

    assert response.status_code == 200
    assert [i["id"] for i in response.json()["results"]] == [invitation.pk]


def test_member_gets_403_naming_what_only_administrators_do(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    body = assert_error(api(bob).get(URL), 403)
    assert body["message"] == "Only administrators of Camden (test) can manage invitations."


def test_it_checks_ownership(api: Callable[[User | None], APIClient], alice: User, charlie: User):
    assert_error(api(charlie).get(URL), 404)


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(None).get(URL), 401)


def test_query_count_does_not_grow_with_rows(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    # Expected queries:
    #   1. the organisation by slug
    #   2. the viewer's active membership of it (may they see it at all?)
    #   3. the viewer's active admin membership of it (may they manage invitations?)
    #   4. the page of invitations, joined to the inviter and the organisation
    client = api(alice)
    for n in range(3):
        invite(alice, camden, f"few{n}@example.org")
    few, sql, response = count_queries(lambda: client.get(URL))
    assert len(response.json()["results"]) == 3
    for n in range(30):
        invite(alice, camden, f"many{n}@example.org")

    many, sql_many, response = count_queries(lambda: client.get(URL))

    assert len(response.json()["results"]) == 33
    assert few == many == 4, f"{few} vs {many} queries:\n{sql}\n---\n{sql_many}"
