from __future__ import annotations

import pytest

from loti.audit.models import AuditEvent
from procurement.models import TenderQuestion
from tests.procurement.helpers import assert_error, close

pytestmark = pytest.mark.django_db


def ask(client, tender, text="Can the service run at weekends?"):
    return client.post(f"/api/tenders/{tender.pk}/questions/", {"question": text})


def answer(client, tender, question_id, **extra):
    return client.post(
        f"/api/tenders/{tender.pk}/questions/{question_id}/answer/",
        {"answer": "Yes, on Saturdays.", **extra},
    )


def test_supplier_asks_privately(api, supplier_user, beta_user, tender):
    response = ask(api(supplier_user), tender)
    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"id", "question", "answer", "published_at"}
    # The asker sees their unanswered question; another supplier and the public do not.
    assert len(api(supplier_user).get(f"/api/tenders/{tender.pk}/questions/").json()) == 1
    assert api(beta_user).get(f"/api/tenders/{tender.pk}/questions/").json() == []
    assert api(None).get(f"/api/tenders/{tender.pk}/questions/").json() == []
    assert AuditEvent.objects.filter(verb="tender.question_asked").exists()


def test_buyer_sees_who_asked(api, alice, bob, supplier_user, acme, tender):
    ask(api(supplier_user), tender)
    for user in (alice, bob):
        rows = api(user).get(f"/api/tenders/{tender.pk}/questions/").json()
        assert rows[0]["supplier"]["slug"] == acme.slug


def test_published_answer_reaches_everyone_without_the_asker(
    api, alice, supplier_user, beta_user, acme, tender
):
    asked = ask(api(supplier_user), tender, "Acme Ltd asks: can we subcontract?").json()
    response = answer(api(alice), tender, asked["id"], published_question="Can we subcontract?")
    assert response.status_code == 200, response.json()
    for user in (beta_user, supplier_user, None):
        rows = api(user).get(f"/api/tenders/{tender.pk}/questions/").json()
        assert rows == [
            {
                "id": asked["id"],
                "question": "Can we subcontract?",
                "answer": "Yes, on Saturdays.",
                "published_at": rows[0]["published_at"],
            }
        ]
        text = str(rows)
        assert acme.slug not in text
        assert acme.name not in text
        assert supplier_user.email not in text
    assert AuditEvent.objects.filter(verb="tender.question_answered").exists()


def test_only_the_buyer_answers(api, supplier_user, charlie, beta_user, tender):
    asked = ask(api(supplier_user), tender).json()
    for user in (charlie, beta_user, supplier_user):
        assert_error(answer(api(user), tender, asked["id"]), 404)
    assert answer(api(None), tender, asked["id"]).status_code in {401, 403}


def test_questions_close_at_the_clarification_deadline(api, supplier_user, tender):
    close(tender)
    assert_error(ask(api(supplier_user), tender), 400, "questions_close_at")
    assert not TenderQuestion.objects.exists()


def test_officers_cannot_ask(api, charlie, tender):
    assert_error(ask(api(charlie), tender), 403, "supplier")


def test_anonymous_cannot_ask(api, tender):
    assert ask(api(None), tender).status_code in {401, 403}


def test_no_questions_on_a_draft(api, supplier_user, draft):
    assert_error(ask(api(supplier_user), draft), 404)


def test_empty_question_is_refused(api, supplier_user, tender):
    assert_error(ask(api(supplier_user), tender, " "), 400, "question")
