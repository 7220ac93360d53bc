"""Clarification questions on a challenge: asked privately, answered by the owners and
published to everyone without saying who asked."""

from __future__ import annotations

import pytest

from challenges.models import ChallengeQuestion
from loti.audit.models import AuditEvent
from tests.challenges.helpers import assert_error, close, make_challenge

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}


def ask(client, challenge, text="Can the sensors be battery powered?"):
    return client.post(f"/api/challenges/{challenge.pk}/questions/", {"question": text})


def answer(client, challenge, question_id, **extra):
    return client.post(
        f"/api/challenges/{challenge.pk}/questions/{question_id}/answer/",
        {"answer": "Yes, if a battery lasts a year.", **extra},
    )


def listed(client, challenge):
    response = client.get(f"/api/challenges/{challenge.pk}/questions/")
    assert response.status_code == 200, response.content
    return response.json()


def test_supplier_asks_privately(api, supplier_user, beta_user, challenge):
    response = ask(api(supplier_user), challenge)

    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"id", "question", "answer", "published_at"}
    # The asker sees their unanswered question; another supplier and the public do not.
    assert [q["id"] for q in listed(api(supplier_user), challenge)] == [response.json()["id"]]
    assert listed(api(beta_user), challenge) == []
    assert listed(api(None), challenge) == []
    assert AuditEvent.objects.filter(verb="challenge.question_asked").exists()


def test_owners_see_who_asked(api, alice, bob, supplier_user, acme, challenge):
    ask(api(supplier_user), challenge)

    for user in (alice, bob):
        rows = listed(api(user), challenge)
        assert rows[0]["organisation"]["slug"] == acme.slug
        assert rows[0]["original_question"] == "Can the sensors be battery powered?"


def test_published_answer_reaches_everyone_without_the_asker(
    api, alice, supplier_user, beta_user, acme, challenge
):
    asked = ask(api(supplier_user), challenge, "Acme asks: may we partner?").json()

    response = answer(api(alice), challenge, asked["id"], published_question="May we partner?")

    assert response.status_code == 200, response.json()
    for user in (beta_user, supplier_user, None):
        rows = listed(api(user), challenge)
        assert rows == [
            {
                "id": asked["id"],
                "question": "May we partner?",
                "answer": "Yes, if a battery lasts a year.",
                "published_at": rows[0]["published_at"],
            }
        ]
        assert acme.slug not in str(rows)
        assert acme.name not in str(rows)
        assert supplier_user.email not in str(rows)
    assert AuditEvent.objects.filter(verb="challenge.question_answered").exists()


def test_a_colleague_of_the_owner_may_answer(api, bob, supplier_user, challenge):
    asked = ask(api(supplier_user), challenge).json()

    assert answer(api(bob), challenge, asked["id"]).status_code == 200
    assert ChallengeQuestion.objects.get().answered_by == bob


def test_only_the_owners_answer(api, charlie, supplier_user, beta_user, challenge):
    asked = ask(api(supplier_user), challenge).json()

    for user in (charlie, beta_user, supplier_user):
        assert_error(answer(api(user), challenge, asked["id"]), 404)
    assert answer(api(None), challenge, asked["id"]).status_code in ANONYMOUS
    assert ChallengeQuestion.objects.get().published_at is None


def test_a_question_of_another_challenge_is_not_found(api, alice, camden, supplier_user, challenge):
    asked = ask(api(supplier_user), challenge).json()
    other = make_challenge(alice, camden, title="Another challenge")

    assert_error(answer(api(alice), other, asked["id"]), 404)


def test_an_empty_answer_is_refused(api, alice, supplier_user, challenge):
    asked = ask(api(supplier_user), challenge).json()

    assert_error(answer(api(alice), challenge, asked["id"], answer=" "), 400, "answer")
    assert ChallengeQuestion.objects.get().published_at is None


def test_no_questions_after_the_deadline(api, supplier_user, challenge):
    close(challenge)

    assert_error(ask(api(supplier_user), challenge), 409, "closes_at")
    assert not ChallengeQuestion.objects.exists()


def test_empty_question_is_refused(api, supplier_user, challenge):
    assert_error(ask(api(supplier_user), challenge, " "), 400, "question")


def test_anonymous_cannot_ask(api, challenge):
    assert ask(api(None), challenge).status_code in ANONYMOUS
    assert not ChallengeQuestion.objects.exists()


def test_no_questions_on_a_draft(api, alice, camden, supplier_user):
    draft = make_challenge(alice, camden)

    assert_error(ask(api(supplier_user), draft), 404)
