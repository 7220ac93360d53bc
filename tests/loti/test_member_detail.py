"""PATCH and DELETE /api/organisations/{slug}/members/{user_id}/."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from loti.accounts.models import Membership, Organisation, User
from loti.audit.models import AuditEvent
from tests.factories import member_of
from tests.loti.helpers import assert_error


def url(user: User) -> str:
    return f"/api/organisations/camden-test/members/{user.pk}/"


def membership(user: User) -> Membership:
    return Membership.objects.get(user=user, organisation__slug="camden-test")


def test_admin_changes_a_role(api: Callable[[User | None], APIClient], alice: User, bob: User):
    response = api(alice).patch(url(bob), {"role": "admin"})

    assert response.status_code == 200, response.content
    assert response.json()["role"] == "admin"
    assert membership(bob).role == "admin"
    event = AuditEvent.objects.get(verb="membership.role_changed")
    assert (event.actor, event.detail) == (alice, {"from": "member", "to": "admin"})
    assert event.organisation is not None
    assert event.organisation.slug == "camden-test"


def test_setting_the_same_role_writes_no_audit_row(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    assert api(alice).patch(url(bob), {"role": "member"}).status_code == 200
    assert not AuditEvent.objects.filter(verb="membership.role_changed").exists()


def test_member_cannot_change_a_role(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    assert_error(api(bob).patch(url(bob), {"role": "admin"}), 403)
    assert membership(bob).role == "member"


def test_it_checks_ownership(api: Callable[[User | None], APIClient], bob: User, charlie: User):
    assert_error(api(charlie).patch(url(bob), {"role": "admin"}), 404)
    assert_error(api(charlie).delete(url(bob)), 404)

    assert (membership(bob).role, membership(bob).ended_at) == ("member", None)


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], bob: User):
    assert_error(api(None).patch(url(bob), {"role": "admin"}), 401)
    assert_error(api(None).delete(url(bob)), 401)

    assert (membership(bob).role, membership(bob).ended_at) == ("member", None)


def test_person_not_in_the_organisation_is_404(
    api: Callable[[User | None], APIClient], alice: User, charlie: User
):
    assert_error(api(alice).patch(url(charlie), {"role": "admin"}), 404)


def test_unknown_role_is_400_naming_role(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    assert_error(api(alice).patch(url(bob), {"role": "owner"}), 400, "role")


def test_demoting_the_last_admin_is_409(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).patch(url(alice), {"role": "member"}), 409, "role")
    assert membership(alice).role == "admin"


def test_an_admin_may_step_down_when_another_remains(
    api: Callable[[User | None], APIClient], alice: User, camden: Organisation
):
    member_of(camden, role=Membership.Role.ADMIN)

    assert api(alice).patch(url(alice), {"role": "member"}).status_code == 200


def test_admin_removes_a_member_keeping_the_row(
    api: Callable[[User | None], APIClient], alice: User, bob: User, camden: Organisation
):
    response = api(alice).delete(url(bob))

    assert response.status_code == 204
    ended = membership(bob)
    assert ended.ended_at is not None
    assert not bob.groups.filter(pk=camden.group_id).exists()
    event = AuditEvent.objects.get(verb="membership.ended")
    assert (event.actor, event.detail) == (alice, {"user": bob.email})


def test_removed_member_no_longer_sees_the_members(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    api(alice).delete(url(bob))

    assert_error(api(bob).get("/api/organisations/camden-test/members/"), 404)


def test_member_may_leave(api: Callable[[User | None], APIClient], alice: User, bob: User):
    assert api(bob).delete(url(bob)).status_code == 204
    assert membership(bob).ended_at is not None


def test_member_cannot_remove_someone_else(
    api: Callable[[User | None], APIClient], alice: User, bob: User
):
    assert_error(api(bob).delete(url(alice)), 403)
    assert membership(alice).ended_at is None


def test_last_admin_cannot_leave(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).delete(url(alice)), 409, "role")
    assert membership(alice).ended_at is None
