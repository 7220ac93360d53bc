"""Every endpoint as owner officer, permitted other, outsider and anonymous."""

from __future__ import annotations

import pytest

from challenges import judging
from tests.challenges.helpers import score

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}


def test_challenge_endpoints(api, alice, bob, charlie, camden, challenge):
    base = f"/api/challenges/{challenge.pk}"
    for path in ("/", "/questions/"):
        for user in (alice, bob, charlie, None):
            assert api(user).get(base + path).status_code == 200
    assert api(alice).get(base + "/entries/").status_code == 200
    assert api(None).get(base + "/entries/").status_code in ANONYMOUS
    for path, data in [("/", {"title": "x"}), ("/publish/", {}), ("/cancel/", {"reason": "r"})]:
        method = "patch" if path == "/" else "post"
        assert getattr(api(charlie), method)(base + path, data).status_code == 403
        assert getattr(api(None), method)(base + path, data).status_code in ANONYMOUS
    # A draft is a 404 to the outsider, whatever the action.
    from tests.challenges.helpers import make_challenge

    draft = make_challenge(alice, camden)
    assert api(charlie).patch(f"/api/challenges/{draft.pk}/", {}).status_code == 404
    for path in ("/publish/", "/rounds/", "/entries/", "/questions/"):
        assert api(charlie).post(f"/api/challenges/{draft.pk}{path}", {}).status_code == 404


def test_entry_endpoints(api, alice, charlie, acme, supplier_user, beta_user, challenge):
    from tests.challenges.helpers import submitted_entry

    entry = submitted_entry(supplier_user, acme, challenge)
    url = f"/api/entries/{entry.pk}"
    colleague = __import__("tests.factories", fromlist=["member_of"]).member_of(acme)
    for path in ("/", "/attachments/"):
        assert api(supplier_user).get(url + path).status_code == 200
        assert api(colleague).get(url + path).status_code == 200
        assert api(alice).get(url + path).status_code == 200  # the owners, once submitted
        assert api(beta_user).get(url + path).status_code == 404
        assert api(charlie).get(url + path).status_code == 404
        assert api(None).get(url + path).status_code in ANONYMOUS
    assert api(colleague).patch(url + "/", {"summary": "Co-edited."}).status_code == 200
    assert api(alice).patch(url + "/", {"summary": "x"}).status_code == 403
    assert api(alice).post(url + "/submit/").status_code == 403
    assert api(beta_user).post(url + "/submit/").status_code == 404
    assert api(supplier_user).post(url + "/screening/", {"eligible": True}).status_code == 403
    assert api(charlie).post(url + "/screening/", {"eligible": True}).status_code == 404
    assert api(None).post(url + "/withdraw/").status_code in ANONYMOUS


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
        assert api(None).get(url).status_code in ANONYMOUS
    chair_only = ["/results/", "/results.xlsx", "/results/chart.svg", "/assignments/loads/"]
    for path in chair_only:
        url = f"/api/rounds/{round_.pk}{path}"
        assert api(chair).get(url).status_code == 200, path
        assert api(jo).get(url).status_code == 403, path
        assert api(charlie).get(url).status_code == 404
        assert api(None).get(url).status_code in ANONYMOUS
    for path in ("/assignments/auto/", "/assignments/release/", "/close/", "/advance/"):
        url = f"/api/rounds/{round_.pk}{path}"
        assert api(jo).post(url, {"entries": [1]}).status_code == 403, path
        assert api(alice).post(url, {"entries": [1]}).status_code == 403, path
        assert api(charlie).post(url, {"entries": [1]}).status_code == 404
    entry = released.entries["acme"]
    score_url = f"/api/rounds/{round_.pk}/entries/{entry.pk}/score/"
    body = {"scores": {"impact": 3, "feasibility": 3}}
    assert api(jo).put(score_url, body).status_code == 200
    assert api(charlie).put(score_url, body).status_code == 404
    assert api(supplier_user).put(score_url, body).status_code == 404
    assert api(None).put(score_url, body).status_code in ANONYMOUS


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


def test_assignment_and_batch_endpoints(api, alice, charlie, judging_round):
    chair, jo = judging_round.chair, judging_round.judges[0]
    batch = judging.assignments_auto(acting_user=chair, round_=judging_round.round)
    assignment = batch.assignments.first()
    for user, code in ((jo, 404), (alice, 404), (charlie, 404)):
        assert api(user).delete(f"/api/assignments/{assignment.pk}/").status_code == code
        assert api(user).post(f"/api/assignment-batches/{batch.pk}/undo/").status_code == code
    assert api(None).delete(f"/api/assignments/{assignment.pk}/").status_code in ANONYMOUS
    assert api(chair).delete(f"/api/assignments/{assignment.pk}/").status_code == 204
    undone = api(chair).post(f"/api/assignment-batches/{batch.pk}/undo/")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert api(chair).post(f"/api/assignment-batches/{batch.pk}/undo/").status_code == 409


def test_open_data_and_results_are_404_until_announced(api, challenge):
    for path in ("results/", "open-data.json", "open-data.csv"):
        assert api(None).get(f"/api/challenges/{challenge.pk}/{path}").status_code == 404
