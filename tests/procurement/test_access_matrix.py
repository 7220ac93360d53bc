"""Each evaluation endpoint as owner (buyer officer), permitted other (a colleague in
the buyer borough, or the supplier's colleague), outsider and anonymous."""

from __future__ import annotations

import pytest

from procurement import services
from tests.procurement.helpers import close, submitted_bid

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}


@pytest.fixture
def opened(alice, supplier_user, acme, tender):
    bid = submitted_bid(supplier_user, acme, tender)
    close(tender)
    services.tender_evaluation_start(acting_user=alice, tender=tender)
    return tender, bid


@pytest.mark.parametrize("path", ["evaluation/", "evaluators/", "bidders/"])
def test_buyer_only_reads(api, alice, bob, charlie, supplier_user, opened, path):
    tender, _ = opened
    url = f"/api/tenders/{tender.pk}/{path}"
    assert api(alice).get(url).status_code == 200
    assert api(bob).get(url).status_code == 200
    assert api(charlie).get(url).status_code == 403
    assert api(supplier_user).get(url).status_code == 403
    assert api(None).get(url).status_code in ANONYMOUS


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("evaluation/start/", {}),
        ("award/", {"bid": 0}),
        ("contract/", {}),
        ("no-award/", {"reason": "x"}),
        ("evaluators/", {"email": "x@example.org"}),
    ],
)
def test_buyer_only_actions(api, charlie, supplier_user, opened, path, data):
    tender, bid = opened
    if "bid" in data:
        data = {"bid": bid.pk}
    url = f"/api/tenders/{tender.pk}/{path}"
    assert api(charlie).post(url, data).status_code == 403
    assert api(supplier_user).post(url, data).status_code == 403
    assert api(None).post(url, data).status_code in ANONYMOUS


def test_buyer_only_actions_on_a_draft_are_404_for_outsiders(api, charlie, draft):
    for path in ("evaluation/start/", "award/", "contract/", "no-award/", "evaluators/"):
        assert api(charlie).post(f"/api/tenders/{draft.pk}/{path}", {}).status_code == 404


@pytest.mark.parametrize("path", ["", "scores/", "assessment/"])
def test_bid_reads(api, alice, supplier_user, acme_colleague, beta_user, charlie, opened, path):
    _, bid = opened
    url = f"/api/bids/{bid.pk}/{path}"
    if path == "":
        assert api(alice).get(url).status_code == 200
        assert api(acme_colleague).get(url).status_code == 200
    if path == "assessment/":
        assert api(supplier_user).get(url).status_code == 409  # not decided yet
    assert api(beta_user).get(url).status_code == 404
    assert api(charlie).get(url).status_code == 404
    assert api(None).get(url).status_code in ANONYMOUS


@pytest.mark.parametrize("path", ["scores/", "moderation/"])
def test_bid_scoring_is_for_evaluators_and_the_buyer(
    api, supplier_user, beta_user, charlie, opened, path
):
    _, bid = opened
    url = f"/api/bids/{bid.pk}/{path}"
    data = {"scores": [{"criterion": "quality", "score": 5, "rationale": "r"}]}
    assert api(charlie).post(url, data).status_code == 404
    assert api(beta_user).post(url, data).status_code == 404
    assert api(supplier_user).post(url, data).status_code == 403
    assert api(None).post(url, data).status_code in ANONYMOUS
