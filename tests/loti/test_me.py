"""GET /api/me/: who I am and where I belong now."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from rest_framework.test import APIClient

from loti.accounts.models import Membership, Organisation, User
from tests.loti.helpers import assert_error


def test_it_shows_the_person_and_their_memberships(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    response = api(alice).get("/api/me/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == alice.pk
    assert body["email"] == alice.email
    assert body["full_name"] == alice.full_name
    assert body["is_network_admin"] is False
    assert [(m["organisation"]["slug"], m["role"]) for m in body["memberships"]] == [
        (camden.slug, "admin")
    ]


def test_ended_memberships_are_not_listed(
    api: Callable[[User | None], APIClient], alice: User, hackney: Organisation
):
    Membership.objects.create(user=alice, organisation=hackney, ended_at=timezone.now())

    body = api(alice).get("/api/me/").json()

    assert [m["organisation"]["slug"] for m in body["memberships"]] == ["camden-test"]


def test_several_memberships_are_listed_by_organisation_name(
    api: Callable[[User | None], APIClient], alice: User, hackney: Organisation
):
    Membership.objects.create(user=alice, organisation=hackney)

    body = api(alice).get("/api/me/").json()

    assert [m["organisation"]["slug"] for m in body["memberships"]] == [
        "camden-test",
        "hackney-test",
    ]


def test_network_admin_is_flagged(api: Callable[[User | None], APIClient], network_admin: User):
    assert api(network_admin).get("/api/me/").json()["is_network_admin"] is True


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], db: None):
    response = api(None).get("/api/me/")

    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"
