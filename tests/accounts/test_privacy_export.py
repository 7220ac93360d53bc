"""Downloading one's personal data: GET /api/me/personal-data/ and the account page."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loti.accounts import services
from loti.accounts.models import Membership
from loti.audit.models import AuditEvent
from loti.notifications.models import Category, Frequency
from loti.notifications.services import preferences_update
from projects.collaboration import comment_add
from tests.accounts.helpers import camden_project, finished_activity, open_tender
from tests.conftest import force_login_with_two_factor
from tests.factories import MembershipFactory, OrganisationFactory, member_of
from tests.frontend.helpers import read, title
from tests.procurement.helpers import RESPONSES, submitted_bid

URL = "/api/me/personal-data/"


def test_anonymous_caller_is_refused(api, db):
    response = api(None).get(URL)

    assert response.status_code == 401
    assert set(response.json()) == {"message", "fields"}


def test_download_is_an_attachment_named_for_the_day(api, bob):
    response = api(bob).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="loti-workspace-personal-data-'
    )
    assert response["Content-Disposition"].endswith('.json"')


def test_account_memberships_with_dates_and_preferences_are_in_it(api, bob, camden, hackney):
    old = MembershipFactory(user=bob, organisation=hackney)
    services.membership_end(acting_user=bob, membership=old)
    preferences_update(acting_user=bob, changes={Category.TENDERS: Frequency.WEEKLY})

    data = api(bob).get(URL).json()

    assert data["account"]["email"] == "bob@camden-test.example"
    assert data["account"]["full_name"] == bob.full_name
    memberships = {m["organisation_slug"]: m for m in data["memberships"]}
    assert memberships["camden-test"]["ended_at"] is None
    assert memberships["hackney-test"]["ended_at"] is not None
    assert memberships["hackney-test"]["created_at"]
    assert {"category": "tenders", "frequency": "weekly"} in data["notification_preferences"]


def test_what_the_person_did_is_listed_by_reference(api, alice, bob, camden, acme, supplier_user):
    project = camden_project(alice, camden)
    activity = finished_activity(
        supplier_user, acme, buyer=alice, evaluator=bob, buyer_organisation=camden, project=project
    )

    data = api(supplier_user).get(URL).json()

    assert [c["body"] for c in data["project_comments"]] == ["Comment 0"]
    assert [q["question"] for q in data["tender_questions"]] == ["Question 0?"]
    [bid] = data["bids"]
    assert bid["bid_id"] == activity.bid.pk
    assert bid["tender"] == "Street lighting sensors 0"
    assert bid["on_behalf_of"] == "Acme (test)"
    assert bid["started_by_you"] is True
    assert [r["sha256"] for r in bid["submitted_by_you"]] == [activity.bid.latest_submission.sha256]
    [entry] = data["entries"]
    assert (entry["entry_id"], entry["title"]) == (activity.entry.pk, "A damp sensor 0")
    verbs = {event["verb"] for event in data["audit_events"]}
    assert {"bid.submitted", "entry.submitted", "tender.question_asked"} <= verbs
    submitted = [e for e in data["audit_events"] if e["verb"] == "bid.submitted"]
    assert [e["by_you"] for e in submitted] == [True]


def test_an_evaluators_scores_and_invitations_are_in_it(
    api, alice, bob, camden, acme, supplier_user
):
    services.invitation_create(acting_user=alice, organisation=camden, email="dana@camden.example")
    dana = member_of(camden, email="dana@camden.example")
    project = camden_project(alice, camden)
    finished_activity(
        supplier_user, acme, buyer=alice, evaluator=dana, buyer_organisation=camden, project=project
    )

    data = api(dana).get(URL).json()

    assert [(i["organisation"], i["status"]) for i in data["invitations"]] == [
        ("Camden (test)", "pending")
    ]
    assert {s["criterion"] for s in data["tender_scores"]} == {"Quality", "Social value"}
    assert [e["tender"] for e in data["tender_evaluations"]] == ["Street lighting sensors 0"]


def test_bid_content_and_colleagues_work_are_left_out(api, alice, camden, acme, supplier_user):
    colleague = member_of(acme, email="kim@acme-test.example")
    submitted_bid(supplier_user, acme, open_tender(alice, camden, "Ours"))
    submitted_bid(colleague, acme, open_tender(alice, camden, "The colleague's"))

    response = api(supplier_user).get(URL)

    text = response.content.decode()
    assert [bid["tender"] for bid in response.json()["bids"]] == ["Ours"]
    assert RESPONSES["quality"] not in text
    assert "kim@acme-test.example" not in text


def test_someone_elses_data_is_not_in_it(api, alice, bob, camden):
    project = camden_project(alice, camden)
    comment_add(acting_user=alice, project=project, body="Alice's own words")

    text = api(bob).get(URL).content.decode()

    assert "Alice's own words" not in text
    assert "alice@camden-test.example" not in text


def test_role_changes_made_by_someone_else_are_in_the_audit_part(api, alice, bob, camden):
    membership = Membership.objects.get(user=bob, organisation=camden)
    services.membership_role_change(acting_user=alice, membership=membership, role="admin")

    events = api(bob).get(URL).json()["audit_events"]

    [change] = [e for e in events if e["verb"] == "membership.role_changed"]
    assert change["by_you"] is False
    assert change["detail"] == {"from": "member", "to": "admin"}


def test_the_download_is_recorded_in_the_audit_log(api, bob):
    api(bob).get(URL)

    event = AuditEvent.objects.get(verb="personal_data.downloaded")
    assert event.actor == bob


def test_query_count_does_not_grow_with_rows(api, alice, bob, camden, acme, supplier_user):
    # 31, whatever the rows: the export's savepoint and its release, the audit row, the
    # e-mail preferences, one query per kind of document (3) and per other section
    # (memberships, invitations, notices, e-mails, comments, updates, revisions, follows,
    # interests, moderated feedback, questions twice, tender follows, saved searches,
    # bids, evaluations, scores, entries, panels, score sheets, audit entries, deletion
    # requests), the receipts of bids and of entries (a prefetch each).
    project = camden_project(alice, camden)
    finished_activity(
        supplier_user, acme, buyer=alice, evaluator=bob, buyer_organisation=camden, project=project
    )
    client = api(supplier_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in (1, 2):
        MembershipFactory(user=supplier_user, organisation=OrganisationFactory())
        finished_activity(
            supplier_user,
            acme,
            buyer=alice,
            evaluator=bob,
            buyer_organisation=camden,
            project=project,
            n=n,
        )

    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert len(response.json()["bids"]) == 3
    assert len(many) == len(few) == 31, "\n".join(q["sql"] for q in many.captured_queries)


# The page in the account area ---------------------------------------------------------------


def test_page_sends_an_anonymous_person_to_sign_in(client, db):
    response = client.get("/account/your-data/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/your-data/"


def test_page_offers_the_download(client, bob):
    client.force_login(bob)

    response = client.get("/account/your-data/")

    page = read(response)
    assert page.title == title("Download your data")
    assert page.h1 == ["Download your data"]
    assert b'href="/account/your-data/download/"' in response.content
    assert page.inline_scripts == 0


def test_page_download_is_the_same_file_as_the_api(client, api, bob):
    client.force_login(bob)

    response = client.get("/account/your-data/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")
    data = json.loads(response.content)
    api_data = api(bob).get(URL).json()
    assert set(data) == set(api_data)
    assert data["account"] == api_data["account"]


def test_page_download_sends_an_anonymous_person_to_sign_in(client, db):
    response = client.get("/account/your-data/download/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_account_page_links_to_the_data_pages(client, bob):
    client.force_login(bob)

    response = client.get("/account/")

    assert b'href="/account/your-data/"' in response.content
    assert b'href="/account/delete/"' in response.content
    assert b'href="/deletion-requests/"' not in response.content


def test_account_page_links_network_admins_to_waiting_deletions(client, network_admin):
    force_login_with_two_factor(client, network_admin)

    response = client.get("/account/")

    assert b'href="/deletion-requests/"' in response.content
