"""Deleting one's account: POST /api/me/deletion/ pseudonymises the person and keeps
every record they are part of."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token

from loti.accounts import services
from loti.accounts.models import DeletionRequest, Invitation, Membership, User
from loti.accounts.privacy_services import account_deletion_request
from loti.audit.models import AuditEvent
from loti.notifications.models import (
    DigestItem,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from procurement import services as procurement_services
from procurement.models import Bid, SavedSearch, TenderInterest
from projects.collaboration import project_follow
from projects.events import project_updated
from projects.models import Comment, Follow
from tests.accounts.helpers import assert_error, camden_project, finished_activity, open_tender
from tests.factories import PASSWORD, member_of
from tests.procurement.helpers import submitted_bid

URL = "/api/me/deletion/"


def pseudonym(user: User) -> tuple[str, str]:
    return f"Former user {user.pk}", f"former-user-{user.pk}@deleted.invalid"


def delete(api, user: User, password: str = PASSWORD):
    return api(user).post(URL, {"password": password}, format="json")


# Who may ask -------------------------------------------------------------------------------


def test_anonymous_caller_is_refused(api, db):
    assert api(None).post(URL, {"password": PASSWORD}, format="json").status_code == 401
    assert api(None).get(URL).status_code == 401


def test_deleting_one_person_leaves_everyone_else_alone(api, alice, bob):
    response = delete(api, bob)

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.is_active
    assert alice.email == "alice@camden-test.example"
    assert Membership.objects.active().filter(user=alice).count() == 1


def test_wrong_password_is_refused_and_nothing_changes(api, bob):
    before = AuditEvent.objects.count()

    response = delete(api, bob, "not-the-password")

    assert_error(response, 400, "password")
    bob.refresh_from_db()
    assert bob.is_active
    assert bob.email == "bob@camden-test.example"
    assert bob.check_password(PASSWORD)
    assert DeletionRequest.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_missing_password_names_the_field(api, bob):
    response = api(bob).post(URL, {}, format="json")

    assert_error(response, 400, "password")
    assert DeletionRequest.objects.count() == 0


# What deletion does ------------------------------------------------------------------------


def test_name_and_address_are_replaced_by_a_pseudonym(api, bob):
    response = delete(api, bob)

    bob.refresh_from_db()
    name, email = pseudonym(bob)
    assert (bob.full_name, bob.email) == (name, email)
    assert not bob.has_usable_password()
    assert not bob.is_active
    assert response.json()["status"] == "completed"
    assert response.json()["full_name"] == name


def test_the_person_can_no_longer_sign_in(api, client, bob):
    delete(api, bob)

    page = client.post("/sign-in/", {"username": "bob@camden-test.example", "password": PASSWORD})
    assert page.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    token = api(None).post(
        "/api/auth/token/",
        {"username": "bob@camden-test.example", "password": PASSWORD},
        format="json",
    )
    assert token.status_code == 400


def test_sessions_and_api_tokens_are_ended(api, client, bob):
    token = services.api_token_issue(user=bob)
    client.force_login(bob)
    assert Session.objects.count() == 1

    delete(api, bob)

    assert Session.objects.count() == 0
    assert not Token.objects.filter(user=bob).exists()
    assert client.get("/account/")["Location"] == "/sign-in/?next=/account/"
    assert api(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_memberships_end_but_are_kept_for_conflict_checks(api, alice, bob, camden, hackney):
    services.membership_add(user=bob, organisation=hackney, role=Membership.Role.MEMBER)

    delete(api, bob)

    memberships = Membership.objects.filter(user=bob)
    assert memberships.count() == 2
    assert all(m.ended_at is not None for m in memberships)
    assert not bob.groups.exists()
    ended = AuditEvent.objects.filter(verb="membership.ended", actor=bob)
    assert {e.organisation for e in ended} == {camden, hackney}


def test_email_not_yet_sent_is_cancelled_and_subscriptions_removed(api, alice, bob, camden):
    project = camden_project(alice, camden)
    project_follow(acting_user=bob, project=project)
    project_updated(project=project, actor=alice, summary="New phase.")  # a digest item
    membership = Membership.objects.get(user=bob)
    services.membership_role_change(acting_user=alice, membership=membership, role="admin")
    tender = open_tender(alice, camden)
    procurement_services.tender_interest_register(acting_user=bob, tender=tender)
    procurement_services.saved_search_create(acting_user=bob, name="Sensors", search="sensor")
    assert OutboundEmail.objects.filter(recipient=bob, state="pending").exists()
    assert DigestItem.objects.filter(user=bob).exists()

    delete(api, bob)

    emails = OutboundEmail.objects.filter(recipient=bob)
    assert emails.exists()
    assert set(emails.values_list("state", flat=True)) == {"failed"}
    assert set(emails.values_list("to_address", flat=True)) == {pseudonym(bob)[1]}
    assert not DigestItem.objects.filter(user=bob).exists()
    frequencies = NotificationPreference.objects.filter(user=bob).values_list("frequency")
    assert set(frequencies) == {("off",)}
    assert not Follow.objects.filter(user=bob).exists()
    assert not TenderInterest.objects.filter(user=bob).exists()
    assert not SavedSearch.objects.filter(user=bob).exists()


def test_records_stay_and_show_the_pseudonym(
    api, alice, bob, camden, acme, supplier_user, network_admin
):
    project = camden_project(alice, camden)
    activity = finished_activity(
        supplier_user, acme, buyer=alice, evaluator=bob, buyer_organisation=camden, project=project
    )
    counts = (Bid.objects.count(), Comment.objects.count(), AuditEvent.objects.count())

    response = delete(api, supplier_user)

    assert response.status_code == 200
    name, email = pseudonym(supplier_user)
    assert (Bid.objects.count(), Comment.objects.count()) == counts[:2]
    assert AuditEvent.objects.count() > counts[2]
    comments = api(alice).get(f"/api/projects/{project.pk}/comments/").json()
    assert [c["author"] for c in comments] == [name]
    bid = Bid.objects.get(pk=activity.bid.pk)
    assert bid.latest_submission.submitted_by.full_name == name
    assert activity.entry.latest_submission.submitted_by.full_name == name
    submitted = api(network_admin).get("/api/audit-events/?verb=bid.submitted").json()
    assert [event["actor"] for event in submitted["results"]] == [email]


def test_audit_entries_remain_and_lose_the_old_address(api, alice, bob, camden):
    membership = Membership.objects.get(user=bob)
    services.membership_role_change(acting_user=alice, membership=membership, role="admin")
    services.invitation_create(
        acting_user=alice, organisation=camden, email="bob@camden-test.example.uk"
    )
    before = set(AuditEvent.objects.values_list("pk", "verb"))

    delete(api, bob)

    after = set(AuditEvent.objects.values_list("pk", "verb"))
    assert before < after
    texts = " ".join(f"{e.target_repr} {e.detail}" for e in AuditEvent.objects.all())
    assert "bob@camden-test.example.uk" in texts  # someone else's address is left alone
    assert "bob@camden-test.example" not in texts.replace("bob@camden-test.example.uk", "")
    assert pseudonym(bob)[1] in texts
    [deleted] = AuditEvent.objects.filter(verb="account.deleted")
    assert deleted.actor == bob
    assert deleted.target_repr == pseudonym(bob)[1]
    assert "bob@camden-test.example" not in str(deleted.detail)


def test_invitations_to_the_old_address_are_withdrawn(api, alice, bob, camden, hackney):
    charlie_admin = member_of(hackney, role=Membership.Role.ADMIN)
    services.invitation_create(
        acting_user=charlie_admin, organisation=hackney, email="bob@camden-test.example"
    )

    delete(api, bob)

    invitation = Invitation.objects.get(organisation=hackney)
    assert invitation.revoked_at is not None
    assert invitation.email == pseudonym(bob)[1]


# When deletion must wait, or is refused ----------------------------------------------------


def test_a_bid_still_being_decided_makes_the_deletion_wait(
    api, alice, camden, acme, supplier_user, network_admin
):
    tender = open_tender(alice, camden, "Library self-service kiosks")
    submitted_bid(supplier_user, acme, tender)

    response = delete(api, supplier_user)

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["holds"] == [
        "A bid you submitted to the tender “Library self-service kiosks” is still being decided."
    ]
    supplier_user.refresh_from_db()
    assert supplier_user.is_active
    assert supplier_user.email == "sam@acme-test.example"
    assert Notification.objects.filter(
        recipient=network_admin, event="accounts.deletion_requested"
    ).exists()
    assert AuditEvent.objects.filter(verb="account.deletion_requested").exists()
    assert api(supplier_user).get(URL).json()["id"] == body["id"]


def test_asking_again_while_waiting_returns_the_same_request(
    api, alice, camden, acme, supplier_user
):
    submitted_bid(supplier_user, acme, open_tender(alice, camden))
    first = delete(api, supplier_user).json()

    second = delete(api, supplier_user)

    assert second.status_code == 202
    assert second.json()["id"] == first["id"]
    assert DeletionRequest.objects.count() == 1


def test_nothing_waiting_is_a_404(api, bob):
    response = api(bob).get(URL)

    assert response.status_code == 404
    assert set(response.json()) == {"message", "fields"}


def test_the_last_network_administrator_cannot_delete_themselves(api, network_admin):
    response = delete(api, network_admin)

    body = assert_error(response, 409)
    assert "last network administrator" in body["message"]
    network_admin.refresh_from_db()
    assert network_admin.is_active and network_admin.is_network_admin
    assert DeletionRequest.objects.count() == 0


def test_a_network_administrator_may_go_when_another_remains(api, network_admin, charlie):
    User.objects.filter(pk=charlie.pk).update(is_network_admin=True)

    response = delete(api, network_admin)

    assert response.status_code == 200
    network_admin.refresh_from_db()
    assert not network_admin.is_network_admin


def test_the_only_administrator_of_an_organisation_with_members_must_hand_over(api, alice, bob):
    response = delete(api, alice)

    body = assert_error(response, 409)
    assert "only administrator of Camden (test)" in body["message"]
    alice.refresh_from_db()
    assert alice.is_active
    assert Membership.objects.active().filter(user=alice).exists()


def test_the_only_member_of_an_organisation_may_go(api, charlie, hackney):
    response = delete(api, charlie)

    assert response.status_code == 200
    assert not Membership.objects.active().filter(organisation=hackney).exists()


def test_the_service_refuses_an_empty_password(bob):
    try:
        account_deletion_request(acting_user=bob, password="")
    except Exception as error:
        assert getattr(error, "fields", None) == {"password": ["Enter your password"]}
    else:
        raise AssertionError("An empty password was accepted.")
