from __future__ import annotations

from datetime import date, timedelta

import pytest

from loti.audit.models import AuditEvent
from procurement.dates import STANDSTILL_WORKING_DAYS, london_date, working_days_after
from procurement.models import BidConflict, Tender
from tests.factories import UserFactory, member_of
from tests.procurement.helpers import assert_error, close, submitted_bid

pytestmark = pytest.mark.django_db


@pytest.fixture
def bids(supplier_user, acme, beta_user, beta, tender):
    return {
        "acme": submitted_bid(supplier_user, acme, tender, price=50_000),
        "beta": submitted_bid(beta_user, beta, tender, price=40_000),
    }


@pytest.fixture
def eve(db):
    """An external evaluator with a webmail address."""
    return UserFactory(email="eve.evaluator@gmail.com")


@pytest.fixture
def in_evaluation(api, alice, charlie, eve, bids, tender):
    for person in (charlie, eve):
        response = api(alice).post(f"/api/tenders/{tender.pk}/evaluators/", {"email": person.email})
        assert response.status_code == 201, response.json()
    close(tender)
    assert api(alice).post(f"/api/tenders/{tender.pk}/evaluation/start/").status_code == 200
    return tender


def declare(client, tender, conflicts=()):
    return client.post(f"/api/tenders/{tender.pk}/conflicts/", {"conflicts": list(conflicts)})


def score(client, bid, quality, social):
    return client.post(
        f"/api/bids/{bid.pk}/scores/",
        {
            "scores": [
                {"criterion": "quality", "score": quality, "comment": "Clear."},
                {"criterion": "social-value", "score": social},
            ]
        },
    )


def moderate(client, bid, quality, social):
    return client.post(
        f"/api/bids/{bid.pk}/moderation/",
        {
            "scores": [
                {"criterion": "quality", "score": quality, "rationale": "Panel agreed."},
                {"criterion": "social-value", "score": social, "rationale": "Panel agreed."},
            ]
        },
    )


class TestEvaluators:
    def test_buyer_names_evaluators_with_a_per_object_grant(self, api, alice, bob, charlie, tender):
        response = api(alice).post(
            f"/api/tenders/{tender.pk}/evaluators/", {"email": charlie.email}
        )
        assert response.status_code == 201, response.json()
        assert charlie.has_perm("procurement.evaluate_tender", tender)
        rows = api(bob).get(f"/api/tenders/{tender.pk}/evaluators/").json()
        assert [(r["email"], r["declared"]) for r in rows] == [(charlie.email, False)]
        assert AuditEvent.objects.filter(verb="tender.evaluator_added").exists()

    def test_only_the_buyer_names_or_lists_evaluators(self, api, charlie, supplier_user, tender):
        for user in (charlie, supplier_user):
            url = f"/api/tenders/{tender.pk}/evaluators/"
            assert_error(api(user).post(url, {"email": user.email}), 403)
            assert_error(api(user).get(url), 403)
        assert api(None).get(f"/api/tenders/{tender.pk}/evaluators/").status_code in {401, 403}

    def test_unknown_person_is_refused_naming_the_field(self, api, alice, tender):
        response = api(alice).post(
            f"/api/tenders/{tender.pk}/evaluators/", {"email": "nobody@example.org"}
        )
        assert_error(response, 400, "email")

    def test_evaluator_from_another_borough_sees_a_draft_through_the_grant(
        self, api, alice, charlie, draft, tender
    ):
        from guardian.shortcuts import assign_perm

        assign_perm("procurement.view_tender", charlie, draft)
        assert api(charlie).get(f"/api/tenders/{draft.pk}/").status_code == 200


class TestStart:
    def test_evaluation_cannot_start_before_the_deadline(self, api, alice, bids, tender):
        assert_error(
            api(alice).post(f"/api/tenders/{tender.pk}/evaluation/start/"), 409, "closes_at"
        )

    def test_only_the_buyer_starts_it(self, api, charlie, bids, tender):
        close(tender)
        assert_error(api(charlie).post(f"/api/tenders/{tender.pk}/evaluation/start/"), 403)


class TestConflicts:
    def test_evaluator_sees_bidder_names_but_no_content_before_declaring(
        self, api, charlie, acme, beta, in_evaluation
    ):
        names = api(charlie).get(f"/api/tenders/{in_evaluation.pk}/bidders/").json()
        assert {row["supplier"]["slug"] for row in names} == {acme.slug, beta.slug}
        assert "content" not in str(names)
        body = assert_error(api(charlie).get(f"/api/tenders/{in_evaluation.pk}/bids/"), 403)
        assert "conflicts" in body["message"]

    def test_declared_conflict_removes_the_evaluator_from_that_bid(
        self, api, charlie, bids, in_evaluation
    ):
        response = declare(
            api(charlie), in_evaluation, [{"bid": bids["beta"].pk, "reason": "Ex-employer"}]
        )
        assert response.status_code == 201, response.json()
        rows = api(charlie).get(f"/api/tenders/{in_evaluation.pk}/bids/").json()
        assert [row["id"] for row in rows] == [bids["acme"].pk]
        assert_error(api(charlie).get(f"/api/bids/{bids['beta'].pk}/"), 404)
        assert_error(score(api(charlie), bids["beta"], 3, 3), 404)
        assert AuditEvent.objects.filter(verb="tender.conflicts_declared").exists()

    def test_membership_and_shared_email_domain_are_flagged_automatically(
        self, api, alice, acme, beta, bids, in_evaluation
    ):
        former_beta = member_of(beta, email="fay@fay-consulting.example")
        former_beta.memberships.update(ended_at=in_evaluation.closes_at)
        acme_domain = UserFactory(email="dan@acme-test.example")  # not a member: same domain
        for person in (former_beta, acme_domain):
            api(alice).post(f"/api/tenders/{in_evaluation.pk}/evaluators/", {"email": person.email})
            response = declare(api(person), in_evaluation)
            assert response.status_code == 201, response.json()
        # Her own address is now one of Beta's members' domains too, so both are recorded.
        assert set(
            BidConflict.objects.filter(evaluator=former_beta).values_list("bid_id", "source")
        ) == {(bids["beta"].pk, "membership"), (bids["beta"].pk, "email_domain")}
        assert list(
            BidConflict.objects.filter(evaluator=acme_domain).values_list("bid_id", "source")
        ) == [(bids["acme"].pk, "email_domain")]
        assert [
            r["id"] for r in api(acme_domain).get(f"/api/tenders/{in_evaluation.pk}/bids/").json()
        ] == [bids["beta"].pk]

    def test_webmail_domains_are_not_a_conflict(self, api, acme, eve, bids, in_evaluation):
        member_of(acme, email="someone@gmail.com")
        assert declare(api(eve), in_evaluation).status_code == 201
        assert not BidConflict.objects.filter(evaluator=eve).exists()

    def test_declaring_twice_or_without_a_grant_is_refused(
        self, api, charlie, beta_user, in_evaluation
    ):
        declare(api(charlie), in_evaluation)
        assert_error(declare(api(charlie), in_evaluation), 409)
        assert_error(declare(api(beta_user), in_evaluation), 403)

    def test_unknown_bid_is_refused_naming_the_field(self, api, charlie, in_evaluation):
        response = declare(api(charlie), in_evaluation, [{"bid": 999999, "reason": "x"}])
        assert_error(response, 400, "conflicts")


class TestScoringModerationAndAward:
    def test_the_whole_evaluation(
        self, api, alice, bob, charlie, eve, supplier_user, beta_user, bids, in_evaluation
    ):
        tender = in_evaluation
        declare(api(charlie), tender, [{"bid": bids["beta"].pk, "reason": "Ex-employer"}])
        declare(api(eve), tender)
        assert score(api(charlie), bids["acme"], 4, 4).status_code == 200
        assert score(api(eve), bids["acme"], 5, 3).status_code == 200
        assert score(api(eve), bids["beta"], 3, 3).status_code == 200
        # Independent: an evaluator sees only their own scores.
        mine = api(eve).get(f"/api/bids/{bids['acme'].pk}/scores/").json()
        assert [(r["criterion"], r["score"]) for r in mine] == [
            ("quality", "5.00"),
            ("social-value", "3.00"),
        ]
        assert_error(moderate(api(charlie), bids["acme"], 5, 4), 403)
        assert moderate(api(alice), bids["acme"], 5, 4).status_code == 200
        assert moderate(api(bob), bids["beta"], 3, 3).status_code == 200

        summary = api(alice).get(f"/api/tenders/{tender.pk}/evaluation/").json()
        by_bid = {row["bid"]: row for row in summary}
        # Quality 5/5 x 60 = 60; price 40,000 / 50,000 x 30 = 24; social value 4/5 x 10 = 8.
        assert {s["criterion"]: s["score"] for s in by_bid[bids["acme"].pk]["scores"]} == {
            "quality": "60.00",
            "price": "24.00",
            "social-value": "8.00",
        }
        assert by_bid[bids["acme"].pk]["total"] == "92.00"
        assert by_bid[bids["beta"].pk]["total"] == "72.00"  # 36 + 30 + 6
        assert [row["rank"] for row in summary] == [1, 2]

        response = api(alice).post(f"/api/tenders/{tender.pk}/award/", {"bid": bids["acme"].pk})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "standstill"
        assert body["winner"]["slug"] == "acme-test"
        decided = london_date(Tender.objects.get(pk=tender.pk).award_decided_at)
        assert (
            body["standstill_ends_on"]
            == working_days_after(decided, STANDSTILL_WORKING_DAYS).isoformat()
        )

        assessment = api(beta_user).get(f"/api/bids/{bids['beta'].pk}/assessment/").json()
        assert assessment["outcome"] == "unsuccessful"
        assert assessment["winner"] == "Acme (test)"
        assert [
            (c["criterion"], c["your_score"], c["winning_score"]) for c in assessment["criteria"]
        ] == [
            ("quality", "36.00", "60.00"),
            ("price", "30.00", "24.00"),
            ("social-value", "6.00", "8.00"),
        ]
        assert (
            api(supplier_user).get(f"/api/bids/{bids['acme'].pk}/assessment/").json()["outcome"]
            == "successful"
        )
        assert_error(api(alice).get(f"/api/bids/{bids['beta'].pk}/assessment/"), 403)
        assert_error(api(supplier_user).get(f"/api/bids/{bids['beta'].pk}/assessment/"), 404)

        # The contract waits for the end of the standstill period.
        assert_error(
            api(alice).post(f"/api/tenders/{tender.pk}/contract/"), 409, "standstill_ends_on"
        )
        Tender.objects.filter(pk=tender.pk).update(
            standstill_ends_on=date.today() - timedelta(days=1)
        )
        response = api(alice).post(f"/api/tenders/{tender.pk}/contract/")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "awarded"
        for verb in (
            "bid.scored",
            "bid.moderated",
            "tender.award_decided",
            "bid.successful",
            "bid.unsuccessful",
            "tender.contract_awarded",
        ):
            assert AuditEvent.objects.filter(verb=verb).exists(), verb

    def test_scores_out_of_range_or_unknown_criteria_are_refused(
        self, api, eve, bids, in_evaluation
    ):
        declare(api(eve), in_evaluation)
        assert_error(score(api(eve), bids["acme"], 6, 3), 400, "scores")
        response = api(eve).post(
            f"/api/bids/{bids['acme'].pk}/scores/",
            {"scores": [{"criterion": "price", "score": 5}]},
        )
        assert_error(response, 400, "scores")

    def test_bids_stay_hidden_from_an_evaluator_until_they_declare(
        self, api, eve, bids, in_evaluation
    ):
        assert_error(api(eve).get(f"/api/bids/{bids['acme'].pk}/"), 404)

    def test_moderation_needs_an_evaluator_score_and_every_rationale(
        self, api, alice, bids, in_evaluation
    ):
        assert_error(moderate(api(alice), bids["acme"], 4, 4), 409, "scores")
        response = api(alice).post(
            f"/api/bids/{bids['acme'].pk}/moderation/",
            {"scores": [{"criterion": "quality", "score": 4, "rationale": "ok"}]},
        )
        assert_error(response, 400, "scores")

    def test_award_needs_every_bid_moderated(self, api, alice, bids, in_evaluation):
        response = api(alice).post(
            f"/api/tenders/{in_evaluation.pk}/award/", {"bid": bids["acme"].pk}
        )
        assert_error(response, 409, "bid")

    def test_award_is_for_the_buyer_only(self, api, charlie, supplier_user, bids, in_evaluation):
        for user in (charlie, supplier_user):
            response = api(user).post(
                f"/api/tenders/{in_evaluation.pk}/award/", {"bid": bids["acme"].pk}
            )
            assert_error(response, 403)

    def test_no_award_records_the_reason_and_tells_every_bidder(
        self, api, alice, beta_user, bids, in_evaluation
    ):
        response = api(alice).post(
            f"/api/tenders/{in_evaluation.pk}/no-award/", {"reason": "No bid met the need."}
        )
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "no_award"
        assert response.json()["end_reason"] == "No bid met the need."
        assert (
            api(beta_user).get(f"/api/bids/{bids['beta'].pk}/").json()["outcome"] == "unsuccessful"
        )
        assert AuditEvent.objects.filter(verb="tender.no_award").exists()
