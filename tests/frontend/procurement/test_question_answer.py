from __future__ import annotations

from loti.notifications.models import Notification
from procurement import services
from procurement.models import TenderQuestion
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text


def asked(supplier_user, acme, tender):
    return services.question_ask(
        acting_user=supplier_user, tender=tender, supplier=acme, question="Acme asks: TUPE?"
    )


def url(question) -> str:
    return f"/tenders/{question.tender_id}/questions/{question.pk}/answer/"


def test_it_checks_ownership(client, alice, bob, charlie, supplier_user, acme, tender):
    question = asked(supplier_user, acme, tender)
    for user, status in ((alice, 200), (bob, 200), (charlie, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(question)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, supplier_user, acme, tender):
    assert client.get(url(asked(supplier_user, acme, tender)))["Location"].startswith("/sign-in/")


def test_buyer_rewords_answers_and_publishes_to_followers(
    client, alice, supplier_user, acme, beta_user, tender
):
    question = asked(supplier_user, acme, tender)
    services.tender_interest_register(acting_user=beta_user, tender=tender)
    client.force_login(alice)
    form = client.get(url(question))
    assert read(form).title == title("Answer a question")
    assert "Acme asks: TUPE?" in text(form)

    response = client.post(
        url(question), {"published_question": "Does TUPE apply?", "answer": "No, it does not."}
    )

    assert response["Location"] == f"/tenders/{tender.pk}/questions/"
    question.refresh_from_db()
    assert question.published_at is not None
    assert question.published_question == "Does TUPE apply?"
    assert Notification.objects.filter(
        recipient=beta_user, event="procurement.question_answered"
    ).exists()
    client.logout()
    public = text(client.get(f"/tenders/{tender.pk}/"))
    assert "Does TUPE apply?" in public and "No, it does not." in public
    assert "Acme" not in public


def test_an_empty_answer_is_named_and_nothing_is_published(
    client, alice, supplier_user, acme, tender
):
    question = asked(supplier_user, acme, tender)
    client.force_login(alice)

    response = client.post(url(question), {"published_question": "TUPE?", "answer": ""})

    assert read(response).summary == [("#id_answer", "Enter the answer")]
    assert TenderQuestion.objects.get().published_at is None


def test_a_question_of_another_tender_is_404(client, alice, camden, supplier_user, acme, tender):
    from tests.procurement.helpers import make_tender, publish

    other = publish(alice, make_tender(alice, camden, title="Other"))
    question = asked(supplier_user, acme, tender)
    client.force_login(alice)

    assert client.get(f"/tenders/{other.pk}/questions/{question.pk}/answer/").status_code == 404
