"""Who sees a challenge: owner officers, the permitted, outsiders (404), anonymous."""

from __future__ import annotations

import pytest

from tests.challenges.helpers import make_challenge, published
from tests.factories import SupplierFactory, member_of

pytestmark = pytest.mark.django_db


def _sees(api, user, challenge):
    code = api(user).get(f"/api/challenges/{challenge.pk}/").status_code
    listed = [c["id"] for c in api(user).get("/api/challenges/").json()["results"]]
    assert (code == 200) == (challenge.pk in listed)
    return code == 200


def test_a_draft_is_for_its_owners_only(api, alice, bob, charlie, supplier_user, camden):
    draft = make_challenge(alice, camden)
    assert _sees(api, alice, draft) and _sees(api, bob, draft)
    assert not _sees(api, charlie, draft)
    assert not _sees(api, supplier_user, draft)
    assert not _sees(api, None, draft)


def test_a_public_challenge_is_seen_by_anyone(api, alice, charlie, supplier_user, camden):
    challenge = published(alice, camden)
    assert all(_sees(api, user, challenge) for user in (alice, charlie, supplier_user, None))


def test_a_network_challenge_is_for_loti_members(api, alice, charlie, supplier_user, camden):
    challenge = published(alice, camden, audience="network")
    assert _sees(api, charlie, challenge)
    assert not _sees(api, supplier_user, challenge)
    assert not _sees(api, None, challenge)


def test_an_invite_only_challenge_is_for_the_invited(
    api, alice, charlie, supplier_user, camden, acme
):
    challenge = published(alice, camden, audience="invite", invited=[acme.slug])
    assert _sees(api, alice, challenge)
    assert _sees(api, supplier_user, challenge)
    uninvited = member_of(SupplierFactory(slug="uninvited-test"))
    assert not _sees(api, uninvited, challenge)
    assert not _sees(api, charlie, challenge)
    assert not _sees(api, None, challenge)


def test_a_co_owner_officer_sees_the_draft(api, alice, charlie, camden, hackney):
    draft = make_challenge(alice, camden, co_owners=[hackney.slug])
    assert _sees(api, charlie, draft)


def test_a_judge_sees_the_challenge_by_a_grant(api, alice, camden, judging_round):
    judge = judging_round.judges[0]
    private = judging_round.challenge
    private.visibility = "private"
    private.save(update_fields=["visibility"])
    assert _sees(api, judge, private)
