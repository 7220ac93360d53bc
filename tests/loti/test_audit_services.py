"""Every state change a service makes writes its audit row, in the same transaction."""

from __future__ import annotations

import pytest

from loti.accounts import services
from loti.accounts.models import Membership, Organisation, User
from loti.api.errors import ApplicationError
from loti.audit.models import AuditEvent


def verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


def test_organisation_create_is_audited(network_admin: User):
    organisation = services.organisation_create(
        acting_user=network_admin, name="Audit Agency", kind="agency"
    )

    event = AuditEvent.objects.get()
    assert (event.verb, event.actor, event.organisation) == (
        "organisation.created",
        network_admin,
        organisation,
    )
    assert event.detail == {"kind": "agency"}


def test_organisation_create_by_the_system_has_no_actor(db: None):
    services.organisation_create(acting_user=None, name="Seeded Agency", kind="agency")

    assert AuditEvent.objects.get().actor is None


def test_organisation_update_is_audited(alice: User, camden: Organisation):
    services.organisation_update(
        acting_user=alice, organisation=camden, email_domains=["c.example"]
    )

    event = AuditEvent.objects.get()
    assert (event.verb, event.detail) == ("organisation.updated", {"fields": ["email_domains"]})


def test_supplier_register_is_audited(db: None):
    organisation, user = services.supplier_register(
        organisation_name="Audit Ltd",
        companies_house_number="",
        size="micro",
        email_domain="",
        full_name="Audrey Audit",
        email="audrey@audit.example",
        password="a-long-enough-passphrase",
    )

    assert verbs() == ["organisation.created", "supplier.registered"]
    event = AuditEvent.objects.get(verb="supplier.registered")
    assert (event.actor, event.organisation) == (user, organisation)


def test_invitation_lifecycle_is_audited(alice: User, camden: Organisation):
    first = services.invitation_create(acting_user=alice, organisation=camden, email="a@x.example")
    services.invitation_revoke(acting_user=alice, invitation=first)
    second = services.invitation_create(acting_user=alice, organisation=camden, email="a@x.example")
    services.invitation_accept(
        token=services.invitation_token(second),
        acting_user=None,
        full_name="Ada",
        password="a-long-enough-passphrase",
    )

    assert verbs() == [
        "invitation.created",
        "invitation.revoked",
        "invitation.created",
        "invitation.accepted",
    ]


def test_reinviting_records_a_new_invitation(alice: User, camden: Organisation):
    services.invitation_create(acting_user=alice, organisation=camden, email="a@x.example")
    services.invitation_create(acting_user=alice, organisation=camden, email="a@x.example")

    assert verbs() == ["invitation.created", "invitation.created"]


def test_membership_changes_are_audited(alice: User, bob: User, camden: Organisation):
    membership = Membership.objects.get(user=bob)

    services.membership_role_change(acting_user=alice, membership=membership, role="admin")
    services.membership_end(acting_user=alice, membership=membership)

    assert verbs() == ["membership.role_changed", "membership.ended"]
    assert {e.organisation for e in AuditEvent.objects.all()} == {camden}


def test_a_refused_change_writes_no_audit_row(bob: User, camden: Organisation):
    with pytest.raises(ApplicationError):
        services.organisation_update(acting_user=bob, organisation=camden, name="Bob's")

    assert not AuditEvent.objects.exists()


def test_a_rolled_back_supplier_registration_leaves_no_audit_row(acme: Organisation):
    with pytest.raises(ApplicationError):
        services.supplier_register(
            organisation_name="Acme (test)",
            companies_house_number="",
            size="micro",
            email_domain="",
            full_name="Dup",
            email="dup@example.org",
            password="a-long-enough-passphrase",
        )

    assert not AuditEvent.objects.exists()
    assert not User.objects.filter(email="dup@example.org").exists()


def test_ending_a_membership_twice_writes_one_row(alice: User, bob: User):
    membership = Membership.objects.get(user=bob)
    services.membership_end(acting_user=alice, membership=membership)
    services.membership_end(acting_user=alice, membership=membership)

    assert verbs() == ["membership.ended"]


def test_person_leaving_is_the_actor(alice: User, bob: User):
    services.membership_end(acting_user=bob, membership=Membership.objects.get(user=bob))

    assert AuditEvent.objects.get().actor == bob


def test_blank_name_is_refused_and_not_audited(alice: User, camden: Organisation):
    with pytest.raises(ApplicationError) as error:
        services.organisation_update(acting_user=alice, organisation=camden, name="   ")

    assert list(error.value.fields) == ["name"]
    camden.refresh_from_db()
    assert camden.name == "Camden (test)"
    assert not AuditEvent.objects.exists()
