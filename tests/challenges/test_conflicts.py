"""Conflicts of interest: declared, detected by membership and by e-mail domain,
webmail ignored, past membership, and the chair's confirmation or dismissal."""

from __future__ import annotations

import pytest
from django.utils import timezone

from challenges import judging
from challenges.models import ConflictStatus, EntryConflict
from loti.accounts.models import Membership
from tests.challenges.helpers import join_panel, score
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _flags(judge, entry):
    return list(
        EntryConflict.objects.filter(judge=judge, entry=entry).values_list("source", "status")
    )


def test_a_declared_conflict_is_confirmed_and_blocks_seeing_and_scoring(api, alice, judging_round):
    jo = judging_round.judges[0]
    round_, acme_entry = judging_round.round, judging_round.entries["acme"]
    newcomer = UserFactory(email="new@judges-c.example")
    join_panel(alice, round_, newcomer)
    judging.declaration_make(
        acting_user=newcomer,
        round_=round_,
        conflicts=[{"entry": acme_entry.pk, "kind": "financial", "detail": "I hold shares."}],
    )
    assert _flags(newcomer, acme_entry) == [("declared", "confirmed")]
    chair = api(judging_round.chair)
    refused = chair.post(
        f"/api/rounds/{round_.pk}/assignments/", {"entry": acme_entry.pk, "judge": newcomer.pk}
    )
    assert refused.status_code == 409
    assert "conflict" in refused.json()["message"]
    assert jo  # the other judges are unaffected


def test_a_member_of_the_entrant_is_flagged(alice, acme, judging_round):
    insider = UserFactory(email="insider@gmail.com")
    MembershipFactory(user=insider, organisation=acme)
    join_panel(alice, judging_round.round, insider)
    assert _flags(insider, judging_round.entries["acme"]) == [("membership", "flagged")]
    assert _flags(insider, judging_round.entries["beta"]) == []


def test_a_member_of_a_consortium_partner_is_flagged(alice, camden, judging_round):
    from tests.factories import SupplierFactory

    partner = SupplierFactory(slug="partner-test", name="Partner (test)")
    judging_round.entries["beta"].partners.add(partner)
    insider = UserFactory(email="p@gmail.com")
    MembershipFactory(user=insider, organisation=partner)
    join_panel(alice, judging_round.round, insider)
    assert _flags(insider, judging_round.entries["beta"]) == [("membership", "flagged")]


def test_a_shared_email_domain_is_flagged_but_webmail_is_not(alice, acme, judging_round):
    same_domain = UserFactory(email="someone@acme-test.example")
    webmail = UserFactory(email="someone@gmail.com")
    UserFactory(email="other@gmail.com")
    MembershipFactory(user=UserFactory(email="dev@gmail.com"), organisation=acme)
    for judge in (same_domain, webmail):
        join_panel(alice, judging_round.round, judge)
    assert _flags(same_domain, judging_round.entries["acme"]) == [("email_domain", "flagged")]
    assert _flags(webmail, judging_round.entries["acme"]) == []


def test_a_past_member_is_flagged_as_past_membership(alice, beta, judging_round):
    former = UserFactory(email="former@gmail.com")
    MembershipFactory(user=former, organisation=beta)
    Membership.objects.filter(user=former).update(ended_at=timezone.now())
    join_panel(alice, judging_round.round, former)
    flags = EntryConflict.objects.get(judge=former, entry=judging_round.entries["beta"])
    assert (flags.source, flags.status) == ("past_membership", "flagged")
    assert "was a member" in flags.detail


def test_the_chair_dismisses_a_flag_and_the_judge_may_then_be_assigned(
    api, alice, acme, judging_round
):
    insider = UserFactory(email="x@acme-test.example")
    join_panel(alice, judging_round.round, insider)
    judging.declaration_make(acting_user=insider, round_=judging_round.round)
    flag = EntryConflict.objects.get(judge=insider, entry=judging_round.entries["acme"])
    chair = api(judging_round.chair)
    url = f"/api/rounds/{judging_round.round.pk}/assignments/"
    data = {"entry": flag.entry_id, "judge": insider.pk}
    assert chair.post(url, data).status_code == 409
    decided = chair.post(f"/api/conflicts/{flag.pk}/decision/", {"confirm": False})
    assert decided.json()["status"] == ConflictStatus.DISMISSED
    assert chair.post(url, data).status_code == 201
    # Detection again (a later join) leaves the dismissal standing.
    judging.conflicts_detect(round_=judging_round.round)
    flag.refresh_from_db()
    assert flag.status == ConflictStatus.DISMISSED


def test_the_chair_confirms_a_flag_and_the_api_refuses_that_judges_score(api, alice, released):
    jo = released.judges[0]
    entry = released.entries["acme"]
    flag = EntryConflict.objects.create(
        entry=entry, judge=jo, source="email_domain", kind="organisational", status="flagged"
    )
    chair = api(released.chair)
    assert chair.post(f"/api/conflicts/{flag.pk}/decision/", {"confirm": True}).status_code == 200
    url = f"/api/rounds/{released.round.pk}/entries/{entry.pk}/"
    assert api(jo).get(url).status_code == 404
    assert (
        api(jo).put(url + "score/", {"scores": {"impact": 5, "feasibility": 5}}).status_code == 404
    )
    with pytest.raises(Exception, match="conflict of interest"):
        score(jo, released.round, entry, 5, 5)


def test_a_judges_declaration_cannot_be_dismissed_nor_made_twice(api, alice, judging_round):
    round_, entry = judging_round.round, judging_round.entries["beta"]
    judge = UserFactory(email="d@judges-d.example")
    join_panel(alice, round_, judge)
    client = api(judge)
    declared = client.post(
        f"/api/rounds/{round_.pk}/declaration/",
        {"organisations": [{"organisation": "beta-test", "kind": "personal", "detail": "Friend"}]},
    )
    assert declared.status_code == 201, declared.json()
    assert [c["entry"] for c in declared.json()] == [entry.pk]
    again = client.post(f"/api/rounds/{round_.pk}/declaration/", {})
    assert again.status_code == 409
    conflict = EntryConflict.objects.get(judge=judge)
    refused = api(judging_round.chair).post(
        f"/api/conflicts/{conflict.pk}/decision/", {"confirm": False}
    )
    assert refused.status_code == 409


def test_only_the_chair_decides_flags(api, alice, charlie, judging_round):
    flag = EntryConflict.objects.create(
        entry=judging_round.entries["acme"],
        judge=judging_round.judges[0],
        source="email_domain",
        kind="organisational",
        status="flagged",
    )
    url = f"/api/conflicts/{flag.pk}/decision/"
    # The owners and another judge have a part in the challenge: told why (403).
    for user in (alice, judging_round.judges[1]):
        assert api(user).post(url, {"confirm": True}).status_code == 403
    assert api(charlie).post(url, {"confirm": True}).status_code == 404
    assert api(None).post(url, {"confirm": True}).status_code == 401
    assert EntryConflict.objects.get(pk=flag.pk).status == "flagged"


def test_an_unreviewed_flag_keeps_an_assigned_judge_off_until_the_chair_dismisses_it(api, released):
    jo = released.judges[0]
    entry = released.entries["acme"]
    flag = EntryConflict.objects.create(
        entry=entry, judge=jo, source="email_domain", kind="organisational", status="flagged"
    )
    url = f"/api/rounds/{released.round.pk}/entries/"
    body = {"scores": {"impact": 5, "feasibility": 5}}
    assert [row["id"] for row in api(jo).get(url).json()] == [released.entries["beta"].pk]
    assert api(jo).get(f"{url}{entry.pk}/").status_code == 404
    assert api(jo).put(f"{url}{entry.pk}/score/", body).status_code == 404
    assert [
        c["status"] for c in api(jo).get(f"/api/rounds/{released.round.pk}/conflicts/").json()
    ] == ["flagged"]

    api(released.chair).post(f"/api/conflicts/{flag.pk}/decision/", {"confirm": False})

    assert api(jo).get(f"{url}{entry.pk}/").status_code == 200
    assert api(jo).put(f"{url}{entry.pk}/score/", body).status_code == 200


def test_a_chair_cannot_review_a_flag_on_themselves(api, alice, released):
    entry = released.entries["acme"]
    flag = EntryConflict.objects.create(
        entry=entry,
        judge=released.chair,
        source="email_domain",
        kind="organisational",
        status="flagged",
    )
    url = f"/api/conflicts/{flag.pk}/decision/"

    refused = api(released.chair).post(url, {"confirm": False})

    assert refused.status_code == 403
    assert "You cannot review a conflict of your own." in refused.json()["message"]
    assert EntryConflict.objects.get(pk=flag.pk).status == ConflictStatus.FLAGGED
    # Handed to another judge, the chair's flag can be reviewed.
    from challenges.models import PanelMember

    kim = released.judges[1]
    judging.panel_chair_set(
        acting_user=alice, member=PanelMember.objects.get(round=released.round, user=kim)
    )
    assert api(kim).post(url, {"confirm": False}).json()["status"] == ConflictStatus.DISMISSED
