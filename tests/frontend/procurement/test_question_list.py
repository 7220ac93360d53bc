from __future__ import annotations

from procurement import services
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import count_queries


def url(tender) -> str:
    return f"/tenders/{tender.pk}/questions/"


def ask(user, supplier, tender, words="Does TUPE apply?"):
    return services.question_ask(acting_user=user, tender=tender, supplier=supplier, question=words)


def test_it_checks_ownership(client, alice, bob, charlie, supplier_user, tender):
    for user, status in ((alice, 200), (bob, 200), (charlie, 403), (supplier_user, 403)):
        client.force_login(user)
        assert client.get(url(tender)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.get(url(tender))["Location"].startswith("/sign-in/")


def test_the_buyer_sees_who_asked_and_what_is_waiting(client, alice, supplier_user, acme, tender):
    ask(supplier_user, acme, tender)
    client.force_login(alice)

    response = client.get(url(tender))

    page = read(response)
    assert page.title == title(f"Clarification questions: {tender.title}")
    [row] = page.rows
    assert row[0].startswith("Does TUPE apply?")
    assert row[1:3] == ["Acme (test)", "Waiting"]
    assert row[3] == "Answer question 1"


def test_query_count_does_not_grow_with_the_questions(client, alice, supplier_user, acme, tender):
    # session, user, unread count, the tender + 4 prefetches, is buyer (access), is buyer
    # (which questions), the questions with their suppliers.
    ask(supplier_user, acme, tender)
    client.force_login(alice)
    few = count_queries(client, url(tender))
    for n in range(6):
        ask(supplier_user, acme, tender, f"Question {n}?")

    assert count_queries(client, url(tender)) == few
    assert few <= 11
