"""loti/scoring: the engine tenders use now and challenge judging will reuse."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loti.api.errors import ApplicationError
from loti.scoring.conflicts import organisation_conflicts
from loti.scoring.criteria import Criterion, criteria_check
from loti.scoring.engine import mean_scores, price_score, ranked, total, weighted_breakdown
from tests.factories import UserFactory, member_of

D = Decimal
CRITERIA = [
    Criterion("quality", "Quality", D(50)),
    Criterion("price", "Price", D(40), priced=True),
    Criterion("social", "Social value", D(10)),
]


def test_weights_must_total_100():
    criteria_check(CRITERIA)
    with pytest.raises(ApplicationError) as refused:
        criteria_check(CRITERIA[:2])
    assert refused.value.fields == {"criteria": [refused.value.message]}
    assert "total 90" in refused.value.message


@pytest.mark.parametrize(
    "criteria",
    [
        [],
        [Criterion("a", "A", D(50)), Criterion("a", "A again", D(50))],
        [Criterion("p", "P", D(50), priced=True), Criterion("q", "Q", D(50), priced=True)],
        [Criterion("a", "A", D(110)), Criterion("b", "B", D(-10))],
    ],
)
def test_other_bad_criteria_are_refused(criteria):
    with pytest.raises(ApplicationError):
        criteria_check(criteria)


def test_price_score_is_lowest_over_this_price_times_weight():
    assert price_score(lowest=D(40_000), price=D(50_000), weight=D(30)) == D("24.00")
    assert price_score(lowest=D(40_000), price=D(40_000), weight=D(30)) == D("30.00")
    assert price_score(lowest=D(1), price=D(3), weight=D(40)) == D("13.33")


def test_breakdown_total_and_ranking():
    first = weighted_breakdown(
        criteria=CRITERIA,
        scores={"quality": D(4), "social": D(5)},
        price=D(100),
        lowest_price=D(80),
    )
    assert first == {"quality": D("40.00"), "price": D("32.00"), "social": D("10.00")}
    assert total(first) == D("82.00")
    assert ranked({1: D(82), 2: D(90), 3: D(82)}) == [(2, D(90), 1), (1, D(82), 2), (3, D(82), 2)]


def test_mean_of_independent_scores_is_a_starting_point_for_moderation():
    assert mean_scores([{"quality": D(4)}, {"quality": D(5)}, {"quality": D(3)}]) == {
        "quality": D("4.00")
    }


@pytest.mark.django_db
def test_conflicts_from_past_membership_and_shared_domain_but_not_webmail(acme, beta):
    former = member_of(acme, email="old@elsewhere.example")
    former.memberships.update(ended_at="2020-01-01T00:00:00Z")
    colleague_domain = UserFactory(email="x@beta.example")
    member_of(beta, email="boss@beta.example")
    webmail = UserFactory(email="someone@gmail.com")
    member_of(beta, email="another@gmail.com")

    found = organisation_conflicts(person=former, organisation_ids=[acme.pk, beta.pk])
    assert found[acme.pk][0][0] == "membership"
    assert "was a member" in found[acme.pk][0][1]
    assert organisation_conflicts(person=colleague_domain, organisation_ids=[acme.pk, beta.pk]) == {
        beta.pk: [("email_domain", "x@beta.example shares the e-mail domain beta.example.")]
    }
    assert organisation_conflicts(person=webmail, organisation_ids=[acme.pk, beta.pk]) == {}
