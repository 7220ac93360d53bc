"""GET and PATCH /api/organisations/{slug}/."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from loti.accounts.models import Organisation, User
from loti.audit.models import AuditEvent
from tests.loti.helpers import assert_error

URL = "/api/organisations/camden-test/"


def test_anyone_signed_in_can_read_an_organisation(
    api: Callable[[User | None], APIClient], charlie: User, camden: Organisation
):
    response = api(charlie).get(URL)

    assert response.status_code == 200
    assert response.json()["name"] == "Camden (test)"


def test_unknown_slug_is_404(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).get("/api/organisations/no-such-place/"), 404)


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], camden: Organisation):
    assert_error(api(None).get(URL), 401)
    assert_error(api(None).patch(URL, {"name": "X"}), 401)


def test_admin_renames_the_organisation(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    response = api(alice).patch(URL, {"name": "Camden Council (test)", "size": "large"})

    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Camden Council (test)"
    camden.refresh_from_db()
    assert (camden.name, camden.size) == ("Camden Council (test)", "large")
    event = AuditEvent.objects.get(verb="organisation.updated")
    assert event.detail == {"fields": ["name", "size"]}
    assert event.actor == alice


def test_patch_without_changes_writes_no_audit_row(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    response = api(alice).patch(URL, {"name": camden.name})

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(verb="organisation.updated").exists()


def test_member_gets_403(api: Callable[[User | None], APIClient], bob: User, camden: Organisation):
    assert_error(api(bob).patch(URL, {"name": "Bob's Camden"}), 403)
    camden.refresh_from_db()
    assert camden.name == "Camden (test)"


def test_outsider_gets_403_not_404_because_the_directory_is_public(
    api: Callable[[User | None], APIClient], charlie: User, camden: Organisation
):
    assert_error(api(charlie).patch(URL, {"name": "Hackney's Camden"}), 403)


def test_network_admin_may_update_any_organisation(
    api: Callable[[User | None], APIClient], network_admin: User, camden: Organisation
):
    response = api(network_admin).patch(URL, {"is_loti_member": False})

    assert response.status_code == 200
    camden.refresh_from_db()
    assert camden.is_loti_member is False


def test_only_a_network_admin_changes_loti_membership(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    response = api(alice).patch(URL, {"name": "Renamed", "is_loti_member": False})

    assert_error(response, 403)
    camden.refresh_from_db()
    assert (camden.name, camden.is_loti_member) == ("Camden (test)", True)


def test_renaming_to_a_taken_name_is_409_naming_name(
    api: Callable[[User | None], APIClient], alice: User, hackney: Organisation
):
    assert_error(api(alice).patch(URL, {"name": "hackney (TEST)"}), 409, "name")


def test_bad_email_domain_is_400_naming_it(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).patch(URL, {"email_domains": ["@@"]}), 400, "email_domains")


def test_unknown_size_is_400_naming_size(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).patch(URL, {"size": "huge"}), 400, "size")
