from __future__ import annotations

from procurement.models import TenderQuestion
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import close


def url(tender) -> str:
    return f"/tenders/{tender.pk}/questions/ask/"


def test_a_supplier_asks_and_the_buyer_is_not_told_who_publicly(
    client, supplier_user, acme, tender
):
    client.force_login(supplier_user)
    assert read(client.get(url(tender))).title == title("Ask a question")

    response = client.post(url(tender), {"question": "Does TUPE apply?"})

    assert response["Location"] == f"/tenders/{tender.pk}/"
    question = TenderQuestion.objects.get()
    assert (question.supplier, question.asked_by) == (acme, supplier_user)
    page = text(client.get(response["Location"]))
    assert "Your question is sent to Camden (test)" in page
    assert "Does TUPE apply?" in page  # shown to the asker, as waiting


def test_only_suppliers_ask(client, alice, charlie, tender):
    for user in (alice, charlie):
        client.force_login(user)
        response = client.get(url(tender))
        assert response.status_code == 403, user
        assert read(response).h1 == ["You cannot do this"]


def test_anonymous_person_is_sent_to_sign_in(client, tender):
    assert client.get(url(tender))["Location"].startswith("/sign-in/")


def test_outsider_gets_404_for_a_draft(client, supplier_user, draft):
    client.force_login(supplier_user)

    assert client.get(url(draft)).status_code == 404


def test_an_empty_question_is_named(client, supplier_user, tender):
    client.force_login(supplier_user)

    response = client.post(url(tender), {"question": ""})

    assert read(response).summary == [("#id_question", "Enter your question")]
    assert not TenderQuestion.objects.exists()


def test_questions_close_by_the_database_clock(client, supplier_user, tender):
    close(tender)
    client.force_login(supplier_user)

    response = client.post(url(tender), {"question": "Too late?"})

    [(_, message)] = read(response).summary
    assert message.startswith("Clarification questions closed at")
    assert message.endswith(", London time.")
    assert not TenderQuestion.objects.exists()


def test_a_member_of_two_suppliers_chooses_which_one_asks(client, supplier_user, beta, tender):
    from tests.factories import MembershipFactory

    MembershipFactory(user=supplier_user, organisation=beta)
    client.force_login(supplier_user)

    missing = client.post(url(tender), {"question": "Q?"})
    chosen = client.post(url(tender), {"question": "Q?", "supplier": beta.slug})

    assert read(missing).summary == [("#id_supplier", "Choose your company")]
    assert chosen.status_code == 302
    assert TenderQuestion.objects.get().supplier == beta
