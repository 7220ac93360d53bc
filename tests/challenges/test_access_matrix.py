"""Every endpoint as owner officer, permitted other, outsider and anonymous.

The rule: what someone may not see is a 404, exactly as if it did not exist. A 403
(with the reason) is only for someone with a part in the challenge (an officer of its
owners, a judge on one of its panels, a member of an organisation that entered)
trying what their part does not allow. An outsider reading a public challenge is
refused everything else with a 404. Anonymous API calls are a 401."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges import judging, services
from challenges.models import EntryConflict, PanelMember, PrizeAward, Round
from loti.api.errors import ApplicationError
from tests.challenges.helpers import make_challenge, score, submitted_entry
from tests.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_challenge_endpoints(api, alice, bob, charlie, camden, challenge):
    base = f"/api/challenges/{challenge.pk}"
    for path in ("/", "/questions/"):
        for user in (alice, bob, charlie, None):
            assert api(user).get(base + path).status_code == 200
    assert api(alice).get(base + "/entries/").status_code == 200
    assert api(None).get(base + "/entries/").status_code == 401
    for path, data in [("/", {"title": "x"}), ("/publish/", {}), ("/cancel/", {"reason": "r"})]:
        method = "patch" if path == "/" else "post"
        # A public challenge, but charlie has no part in it: as if it were not there.
        assert getattr(api(charlie), method)(base + path, data).status_code == 404
        assert getattr(api(None), method)(base + path, data).status_code == 401
    assert api(bob).post(base + "/cancel/", {"reason": "No budget."}).status_code == 200
    # A draft is a 404 to the outsider, whatever the action.
    draft = make_challenge(alice, camden)
    assert api(charlie).patch(f"/api/challenges/{draft.pk}/", {}).status_code == 404
    for path in ("/publish/", "/rounds/", "/entries/", "/questions/"):
        assert api(charlie).post(f"/api/challenges/{draft.pk}{path}", {}).status_code == 404


def test_an_entrant_trying_an_owners_action_is_told_why(api, acme, supplier_user, challenge):
    submitted_entry(supplier_user, acme, challenge)
    response = api(supplier_user).patch(f"/api/challenges/{challenge.pk}/", {"title": "x"})
    assert response.status_code == 403
    assert response.json()["message"] == "Only officers of Camden (test) can change this challenge."


def test_rounds_list_is_for_the_owners_and_judges(
    api, alice, bob, charlie, supplier_user, released
):
    url = f"/api/challenges/{released.challenge.pk}/rounds/"
    for user in (alice, bob, released.chair, released.judges[0]):
        assert api(user).get(url).status_code == 200, user
    assert api(supplier_user).get(url).status_code == 403  # the entrant: a part, not this
    assert api(charlie).get(url).status_code == 404
    assert api(None).get(url).status_code == 401


def test_only_suppliers_enter_and_an_outsider_is_not_told_more(
    api, alice, charlie, supplier_user, challenge
):
    url = f"/api/challenges/{challenge.pk}/entries/"
    body = {"title": "Damp sensors"}
    assert api(supplier_user).post(url, body).status_code == 201
    assert api(alice).post(url, body).status_code == 403  # an owner: told why
    assert api(charlie).post(url, body).status_code == 404
    assert api(None).post(url, body).status_code == 401


def test_entry_endpoints(api, alice, charlie, acme, supplier_user, beta_user, challenge):
    entry = submitted_entry(supplier_user, acme, challenge)
    url = f"/api/entries/{entry.pk}"
    colleague = member_of(acme)
    for path in ("/", "/attachments/"):
        assert api(supplier_user).get(url + path).status_code == 200
        assert api(colleague).get(url + path).status_code == 200
        assert api(alice).get(url + path).status_code == 200  # the owners, once submitted
        assert api(beta_user).get(url + path).status_code == 404
        assert api(charlie).get(url + path).status_code == 404
        assert api(None).get(url + path).status_code == 401
    assert api(colleague).patch(url + "/", {"summary": "Co-edited."}).status_code == 200
    assert api(alice).patch(url + "/", {"summary": "x"}).status_code == 403
    assert api(alice).post(url + "/submit/").status_code == 403
    assert api(beta_user).post(url + "/submit/").status_code == 404
    assert api(supplier_user).post(url + "/screening/", {"eligible": True}).status_code == 403
    assert api(charlie).post(url + "/screening/", {"eligible": True}).status_code == 404
    assert api(None).post(url + "/withdraw/").status_code == 401


def test_deleting_a_document(
    api, alice, charlie, acme, supplier_user, beta_user, challenge, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )
    entry = submitted_entry_with_document(supplier_user, entry)
    document = entry.attachments.get()
    url = f"/api/entries/{entry.pk}/attachments/{document.pk}/"
    assert api(alice).delete(url).status_code == 403  # the owners read it, may not delete
    assert api(beta_user).delete(url).status_code == 404
    assert api(charlie).delete(url).status_code == 404
    assert api(None).delete(url).status_code == 401
    document.refresh_from_db()
    assert document.removed_at is None
    colleague = member_of(acme)
    assert api(colleague).delete(url).status_code == 204
    document.refresh_from_db()
    assert document.removed_at is not None


def submitted_entry_with_document(user, entry):
    services.entry_update(
        acting_user=user,
        entry=entry,
        changes={
            "summary": "Sensors.",
            "description": "We fit sensors.",
            "declaration": {"confirmed": True},
        },
    )
    plan = SimpleUploadedFile("plan.txt", b"The plan.", content_type="text/plain")
    services.entry_attachment_add(acting_user=user, entry=entry, upload=plan)
    services.entry_submit(acting_user=user, entry=entry)
    entry.refresh_from_db()
    return entry


def test_round_endpoints(api, alice, bob, charlie, supplier_user, released):
    round_ = released.round
    jo, chair = released.judges[0], released.chair
    reads = ["/", "/panel/", "/conflicts/", "/assignments/", "/entries/", "/declaration/"]
    for path in reads:
        url = f"/api/rounds/{round_.pk}{path}"
        for user in (alice, bob, chair, jo):
            assert api(user).get(url).status_code == 200, (path, user)
        assert api(charlie).get(url).status_code == 404
        assert api(supplier_user).get(url).status_code == 404
        assert api(None).get(url).status_code == 401
    chair_only = ["/results/", "/results.xlsx", "/results/chart.svg", "/assignments/loads/"]
    for path in chair_only:
        url = f"/api/rounds/{round_.pk}{path}"
        assert api(chair).get(url).status_code == 200, path
        assert api(jo).get(url).status_code == 403, path
        assert api(charlie).get(url).status_code == 404
        assert api(None).get(url).status_code == 401
    for path in ("/assignments/auto/", "/assignments/release/", "/advance/"):
        url = f"/api/rounds/{round_.pk}{path}"
        assert api(jo).post(url, {"entries": [1]}).status_code == 403, path
        assert api(alice).post(url, {"entries": [1]}).status_code == 403, path
        assert api(charlie).post(url, {"entries": [1]}).status_code == 404
        assert api(None).post(url, {"entries": [1]}).status_code == 401
    entry = released.entries["acme"]
    score_url = f"/api/rounds/{round_.pk}/entries/{entry.pk}/score/"
    body = {"scores": {"impact": 3, "feasibility": 3}}
    assert api(jo).put(score_url, body).status_code == 200
    assert api(alice).put(score_url, body).status_code == 403  # an owner is not a judge
    assert api(charlie).put(score_url, body).status_code == 404
    assert api(supplier_user).put(score_url, body).status_code == 404
    assert api(None).put(score_url, body).status_code == 401


def test_closing_scoring_is_for_the_owners_and_the_chair(api, bob, charlie, released):
    url = f"/api/rounds/{released.round.pk}/close/"
    assert api(released.judges[0]).post(url).status_code == 403
    assert api(charlie).post(url).status_code == 404
    assert api(None).post(url).status_code == 401
    assert Round.objects.get(pk=released.round.pk).status == "scoring"
    closed = api(bob).post(url)  # the permitted other: any officer of the owners
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_the_chair_closes_scoring_too(api, released):
    url = f"/api/rounds/{released.round.pk}/close/"
    assert api(released.chair).post(url).json()["status"] == "closed"


def test_panel_changes(api, alice, bob, charlie, supplier_user, released):
    jo, kim = released.judges
    kim_place = PanelMember.objects.get(round=released.round, user=kim)
    remove = f"/api/rounds/{released.round.pk}/panel/{kim_place.pk}/"
    chair = f"/api/rounds/{released.round.pk}/panel/{kim_place.pk}/chair/"
    for url, method in ((remove, "delete"), (chair, "post")):
        assert getattr(api(jo), method)(url).status_code == 403, url
        assert getattr(api(charlie), method)(url).status_code == 404, url
        assert getattr(api(supplier_user), method)(url).status_code == 404, url
        assert getattr(api(None), method)(url).status_code == 401, url
    assert api(bob).post(chair).json()["is_chair"] is True
    assert api(released.chair).delete(remove).status_code == 403  # no longer the chair
    assert api(alice).delete(remove).status_code == 409  # kim chairs now
    jo_place = PanelMember.objects.get(round=released.round, user=jo)
    assert api(kim).delete(f"/api/rounds/{released.round.pk}/panel/{jo_place.pk}/").json() == {
        "released": sorted(e.pk for e in released.entries.values()),
        "withdrawn": [],
    }


def test_round_documents(api, alice, bob, charlie, supplier_user, beta_user, acme, released):
    jo = released.judges[0]
    entry = released.entries["acme"]
    url = f"/api/rounds/{released.round.pk}/entries/{entry.pk}/attachments/"
    for user in (alice, bob, released.chair, jo):
        assert api(user).get(url).status_code == 200, user
    newcomer = UserFactory(email="newcomer@judges-d.example")
    from tests.challenges.helpers import join_panel

    join_panel(alice, released.round, newcomer)  # on the panel, not given this entry
    assert api(newcomer).get(url).status_code == 404
    assert api(supplier_user).get(url).status_code == 404
    assert api(beta_user).get(url).status_code == 404
    assert api(charlie).get(url).status_code == 404
    assert api(None).get(url).status_code == 401


def test_judge_invitation_accept(api, alice, bob, charlie, challenge):
    from tests.challenges.helpers import make_round

    round_ = make_round(alice, challenge)
    judge = UserFactory(email="judge@judges-e.example")
    member = judging.panel_invite(acting_user=alice, round_=round_, email=judge.email)
    url = f"/api/judge-invitations/{judging.judge_invitation_token(member)}/accept/"
    # The link is the invitation: anyone holding it sees whom it is for, so a person
    # signed in as someone else (an owner, an outsider) is told to sign in as them.
    for user in (alice, bob, charlie):
        response = api(user).post(url, {})
        assert response.status_code == 403, user
        assert "This invitation is for judge@judges-e.example" in response.json()["message"]
    # Anonymous, for an address that has an account: sign in first.
    assert api(None).post(url, {}).status_code == 403
    forged = "/api/judge-invitations/not-a-token/accept/"
    assert api(charlie).post(forged, {}).status_code == 404
    assert api(judge).post(url, {}).status_code == 201
    assert api(judge).post(url, {}).status_code == 409
    assert PanelMember.objects.get(pk=member.pk).user == judge


def test_a_withdrawn_invitation_link_is_not_found(api, alice, challenge):
    from tests.challenges.helpers import make_round

    round_ = make_round(alice, challenge)
    member = judging.panel_invite(acting_user=alice, round_=round_, email="late@judges-f.example")
    token = judging.judge_invitation_token(member)
    judging.panel_member_remove(acting_user=alice, member=member)
    response = api(None).post(
        f"/api/judge-invitations/{token}/accept/",
        {"full_name": "Late Judge", "password": "a-judges-long-passphrase"},
    )
    assert response.status_code == 404
    assert response.json()["fields"] == {"token": ["This invitation link is not valid."]}


def test_a_conflict_decision_is_the_chairs_and_unseen_by_the_entrants(
    api, alice, charlie, supplier_user, beta_user, released
):
    jo = released.judges[0]
    flag = EntryConflict.objects.create(
        entry=released.entries["acme"],
        judge=jo,
        source="email_domain",
        kind="organisational",
        status="flagged",
    )
    url = f"/api/conflicts/{flag.pk}/decision/"
    body = {"confirm": False}
    owner = api(alice).post(url, body)
    assert owner.status_code == 403
    told = owner.json()["message"]
    assert told == "Only the round's chair reviews conflicts: that is Chris Chair."
    assert api(jo).post(url, body).status_code == 403  # a judge: their own flag, still the chair's
    for user in (supplier_user, beta_user, charlie):
        assert api(user).post(url, body).status_code == 404, user
    assert api(None).post(url, body).status_code == 401
    assert api(supplier_user).post("/api/conflicts/0/decision/", body).status_code == 404
    assert EntryConflict.objects.get(pk=flag.pk).status == "flagged"
    assert api(released.chair).post(url, body).json()["status"] == "dismissed"


def test_a_round_without_a_chair_says_so(api, alice, released):
    batch = judging.assignments_auto(acting_user=released.chair, round_=released.round)
    PanelMember.objects.filter(round=released.round, is_chair=True).update(is_chair=False)
    message = api(alice).post(f"/api/assignment-batches/{batch.pk}/undo/").json()["message"]
    assert message.startswith("Only the round's chair changes assignments, and it has none yet")


def test_decisions_ask_who_before_the_state(api, alice, charlie, supplier_user, released):
    # Scoring is still open, so even the chair may not decide yet (409); everyone else
    # is refused for who they are, as they would be once it closes.
    url = f"/api/challenges/{released.challenge.pk}/decisions/"
    first = released.challenge.prizes.get(name="First place")
    award = {"prize": first.pk, "entry": released.entries["acme"].pk, "rationale": "Best."}
    body = {"awards": [award]}
    for user in (alice, released.judges[0], supplier_user):
        assert api(user).post(url, body).status_code == 403, user
    assert api(charlie).post(url, body).status_code == 404
    assert api(None).post(url, body).status_code == 401
    assert api(released.chair).post(url, body).status_code == 409


def test_decisions_before_any_round(api, alice, charlie, acme, supplier_user, challenge):
    submitted_entry(supplier_user, acme, challenge)
    url = f"/api/challenges/{challenge.pk}/decisions/"
    body = {"awards": []}
    refused = api(alice).post(url, body)
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only the chair of the last round records the winners."
    assert api(supplier_user).post(url, body).status_code == 403
    assert api(charlie).post(url, body).status_code == 404


def test_the_decision_service_asks_who_before_the_state(alice, released):
    with pytest.raises(ApplicationError) as refused:
        services.decisions_record(acting_user=alice, challenge=released.challenge, awards=[])
    assert refused.value.status_code == 403


def test_decisions(api, alice, bob, charlie, supplier_user, released):
    for judge in released.judges:
        for entry in released.entries.values():
            score(judge, released.round, entry, 3, 3)
    judging.round_close(acting_user=released.chair, round_=released.round)
    first = released.challenge.prizes.get(name="First place")
    body = {
        "awards": [{"prize": first.pk, "entry": released.entries["acme"].pk, "rationale": "Best."}]
    }
    url = f"/api/challenges/{released.challenge.pk}/decisions/"
    for user in (alice, bob, released.judges[0], supplier_user):
        assert api(user).post(url, body).status_code == 403, user
    assert api(charlie).post(url, body).status_code == 404
    assert api(None).post(url, body).status_code == 401
    assert not PrizeAward.objects.exists()
    assert api(released.chair).post(url, body).json()["status"] == "decided"


def test_other_judges_scores_only_after_your_own(api, released):
    jo, kim = released.judges
    entry = released.entries["acme"]
    url = f"/api/rounds/{released.round.pk}/entries/{entry.pk}/score/"
    score(kim, released.round, entry, 5, 5, comments={"impact": "Strong."})
    assert api(jo).get(url).json() == []
    score(jo, released.round, entry, 2, 2)
    seen = api(jo).get(url).json()
    assert {row["judge"] for row in seen} == {jo.pk, kim.pk}
    assert next(r for r in seen if r["judge"] == kim.pk)["comments"] == {"impact": "Strong."}


def test_assignment_and_batch_endpoints(
    api, alice, charlie, supplier_user, beta_user, judging_round
):
    chair, jo = judging_round.chair, judging_round.judges[0]
    batch = judging.assignments_auto(acting_user=chair, round_=judging_round.round)
    assignment = batch.assignments.first()
    # A judge and the owners see the judging: told who may change it. The entrants see
    # the challenge but not its judging, so to them these ids are as missing as to charlie.
    for user, code in ((jo, 403), (alice, 403), (supplier_user, 404), (beta_user, 404)):
        assert api(user).delete(f"/api/assignments/{assignment.pk}/").status_code == code
        assert api(user).post(f"/api/assignment-batches/{batch.pk}/undo/").status_code == code
    assert api(charlie).delete(f"/api/assignments/{assignment.pk}/").status_code == 404
    refused = api(alice).delete(f"/api/assignments/{assignment.pk}/").json()["message"]
    assert refused == "Only the round's chair changes assignments: that is Chris Chair."
    assert api(None).delete(f"/api/assignments/{assignment.pk}/").status_code == 401
    assert api(None).post(f"/api/assignment-batches/{batch.pk}/undo/").status_code == 401
    assert api(chair).delete(f"/api/assignments/{assignment.pk}/").status_code == 204
    undone = api(chair).post(f"/api/assignment-batches/{batch.pk}/undo/")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert api(chair).post(f"/api/assignment-batches/{batch.pk}/undo/").status_code == 409


def test_open_data_and_results_are_404_until_announced(api, challenge):
    for path in ("results/", "open-data.json", "open-data.csv"):
        assert api(None).get(f"/api/challenges/{challenge.pk}/{path}").status_code == 404
