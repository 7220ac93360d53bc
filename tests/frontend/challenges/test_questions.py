from __future__ import annotations

from challenges import services
from challenges.models import ChallengeQuestion
from tests.challenges.helpers import close
from tests.frontend.challenges.helpers import count_queries, text
from tests.frontend.helpers import read


def ask_url(challenge) -> str:
    return f"/challenges/{challenge.pk}/questions/ask/"


def list_url(challenge) -> str:
    return f"/challenges/{challenge.pk}/questions/"


def test_asking_needs_a_signed_in_person(client, challenge):
    response = client.post(ask_url(challenge), {"question": "Is TUPE in?"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert not ChallengeQuestion.objects.exists()


def test_a_supplier_asks_and_is_told_the_answer_will_be_anonymous(client, supplier_user, challenge):
    client.force_login(supplier_user)

    response = client.post(ask_url(challenge), {"question": "Is TUPE in?"}, follow=True)

    assert "without saying who asked" in text(response)
    assert ChallengeQuestion.objects.get().question == "Is TUPE in?"


def test_an_empty_question_is_named_on_its_field(client, supplier_user, challenge):
    client.force_login(supplier_user)

    response = client.post(ask_url(challenge), {"question": ""})

    assert read(response).field_errors["id_question"] == "Error: Enter your question"


def test_no_questions_once_the_challenge_has_closed(client, supplier_user, challenge):
    close(challenge)
    client.force_login(supplier_user)

    response = client.post(ask_url(challenge), {"question": "Too late?"})

    assert read(response).summary[0][1].startswith("This challenge closed at")
    assert not ChallengeQuestion.objects.exists()


def test_the_question_list_is_for_the_owners_who_see_who_asked(
    client, alice, bob, dora, supplier_user, challenge
):
    services.question_ask(acting_user=supplier_user, challenge=challenge, question="Is TUPE in?")
    for user, status in ((alice, 200), (bob, 200), (dora, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(list_url(challenge)).status_code == status, user
    client.force_login(alice)
    assert "by Acme (test)" in text(client.get(list_url(challenge)))


def test_the_owners_answer_and_publish_without_the_asker(
    client, alice, supplier_user, beta_user, challenge
):
    question = services.question_ask(
        acting_user=supplier_user, challenge=challenge, question="Acme asks: is TUPE in?"
    )
    url = f"/challenges/{challenge.pk}/questions/{question.pk}/answer/"
    client.force_login(beta_user)
    assert client.get(url).status_code == 404
    client.force_login(alice)

    empty = client.post(url, {"published_question": "Is TUPE in?", "answer": ""})
    assert read(empty).field_errors["id_answer"] == "Error: Enter the answer"
    response = client.post(url, {"published_question": "Is TUPE in?", "answer": "No."})

    assert response["Location"] == list_url(challenge)
    client.force_login(beta_user)
    html = text(client.get(f"/challenges/{challenge.pk}/"))
    assert "Is TUPE in?" in html and "Acme asks" not in html


def test_the_question_list_takes_the_same_queries_for_one_question_or_many(
    client, alice, supplier_user, beta_user, challenge
):
    services.question_ask(acting_user=supplier_user, challenge=challenge, question="One?")
    client.force_login(alice)
    one = count_queries(client, list_url(challenge))
    for number in range(4):
        services.question_ask(acting_user=beta_user, challenge=challenge, question=f"{number}?")
    # session, user, notification count, the challenge (+ prefetches), is-owner
    # (twice: the page and the selector), questions with their organisations.
    assert count_queries(client, list_url(challenge)) == one
