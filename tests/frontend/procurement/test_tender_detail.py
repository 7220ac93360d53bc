from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from guardian.shortcuts import assign_perm

from procurement import services
from procurement.dates import london_time
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import text
from tests.procurement.helpers import close, make_tender, publish, submitted_bid


def url(tender) -> str:
    return f"/tenders/{tender.pk}/"


def test_it_checks_ownership_of_a_draft(client, alice, bob, charlie, supplier_user, draft):
    for user, status in ((alice, 200), (bob, 200), (charlie, 404), (supplier_user, 404)):
        client.force_login(user)
        assert client.get(url(draft)).status_code == status, user


def test_anonymous_visitor_reads_a_published_tender_but_not_a_draft(client, alice, camden, tender):
    draft = make_tender(alice, camden, title="Still a draft")
    assert client.get(url(draft)).status_code == 404
    response = client.get(url(tender))
    assert response.status_code == 200
    assert read(response).title == title(tender.title)
    assert "Sign in" in text(response) and "register your company" in text(response)


def test_missing_tender_is_the_same_404_as_a_hidden_draft(client, charlie, draft):
    client.force_login(charlie)

    hidden, missing = client.get(url(draft)), client.get("/tenders/999999/")

    assert hidden.status_code == missing.status_code == 404
    assert read(hidden).h1 == read(missing).h1 == ["Page not found"]


def test_it_shows_what_a_supplier_needs_to_know(client, alice, camden, hackney, cpv):
    tender = publish(
        alice,
        make_tender(
            alice,
            camden,
            cpv_codes=["72000000", "48000000"],
            participating_boroughs=[hackney.slug],
            location_boroughs=[camden.slug],
            contract_months=18,
            sme_suitable=True,
            vcse_suitable=True,
            charter_technology="A chatbot answering questions about bins.",
            loti_data_clause_included=False,
            loti_data_clause_explanation="The supplier's platform is shared with other clients.",
        ),
    )

    html = text(client.get(url(tender)))

    for phrase in (
        tender.description,
        'Joint buyers</dt> <dd class="govuk-summary-list__value">Hackney (test)',
        "£20,000 to £80,000",
        "18 months",
        "Small and medium-sized enterprises (SMEs)",
        "Voluntary, community and social enterprises (VCSEs)",
        "72000000: IT services: consulting, software development, Internet and support",
        "48000000: Software package and information systems",
        'Quality</th> <td class="govuk-table__cell">Quality</td> '
        '<td class="govuk-table__cell govuk-table__cell--numeric">60%',
        "A chatbot answering questions about bins.",
        "The contract leaves out LOTI's data-access clause.",
        "The supplier's platform is shared with other clients.",
        london_time(tender.closes_at),
        "The tender has not been amended.",
    ):
        assert phrase in html, phrase


def test_published_answers_are_shown_without_the_asker(
    client, alice, supplier_user, acme, beta_user, tender
):
    asked = services.question_ask(
        acting_user=supplier_user, tender=tender, supplier=acme, question="Acme here: is TUPE in?"
    )
    services.question_ask(
        acting_user=supplier_user, tender=tender, supplier=acme, question="Still waiting?"
    )
    services.question_answer(
        acting_user=alice, question=asked, answer="No TUPE applies.", published_question="TUPE?"
    )

    for user in (None, beta_user, supplier_user):
        if user:
            client.force_login(user)
        html = text(client.get(url(tender)))
        assert "TUPE?" in html and "No TUPE applies." in html
        assert "Acme" not in html
        assert "Acme here" not in html
        # A supplier sees its own waiting question; nobody else does.
        assert ("Still waiting?" in html) is (user == supplier_user)


def test_amendment_history_says_what_changed_and_why(client, alice, tender):
    services.tender_amend(
        acting_user=alice,
        tender=tender,
        rationale="More time for smaller firms.",
        changes={"closes_at": tender.closes_at + timedelta(days=7)},
    )

    html = text(client.get(url(tender)))

    assert "Amendment 1," in html
    assert "More time for smaller firms." in html
    assert "What changed: Closing time." in html
    before = london_time(tender.closes_at)
    after = london_time(tender.closes_at + timedelta(days=7))
    assert f"Closing time: {before} " in html
    assert f'changed to</span><span aria-hidden="true">\N{RIGHTWARDS ARROW}</span> {after}' in html


def test_warning_when_the_tender_closes_within_10_days(client, alice, camden, cpv):
    soon = publish(alice, make_tender(alice, camden, closes_at=timezone.now() + timedelta(days=9)))
    later = publish(alice, make_tender(alice, camden, title="Later"))

    assert "closes in less than 10 days" in text(client.get(url(soon)))
    assert "closes in less than 10 days" not in text(client.get(url(later)))


def test_buyer_sees_how_to_run_it_and_nobody_else_does(client, alice, bob, charlie, tender):
    for user, runs in ((alice, True), (bob, True), (charlie, False)):
        client.force_login(user)
        html = text(client.get(url(tender)))
        assert ("Run this tender" in html) is runs, user
        assert ("Amend the tender" in html) is runs


def test_supplier_can_start_a_bid_ask_and_register_interest(client, supplier_user, tender):
    client.force_login(supplier_user)

    html = text(client.get(url(tender)))

    assert f'action="/tenders/{tender.pk}/bid/"' in html
    assert "Ask a clarification question" in html
    assert "Register interest" in html


def test_supplier_with_a_bid_is_sent_to_it_and_told_to_reconfirm_after_an_amendment(
    client, alice, supplier_user, acme, tender
):
    bid = submitted_bid(supplier_user, acme, tender)
    services.tender_amend(
        acting_user=alice, tender=tender, rationale="Clearer.", changes={"title": "Clearer title"}
    )
    client.force_login(supplier_user)

    html = text(client.get(url(tender)))

    assert f'href="/bids/{bid.pk}/"' in html
    assert "submit it again to confirm it" in html


def test_no_page_of_the_tender_tells_the_buyer_about_sealed_bids(
    client, alice, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    client.force_login(alice)

    html = text(client.get(url(tender)))

    assert "Acme" not in html
    assert "bids/" not in html.replace(f"/tenders/{tender.pk}/bid", "")


def test_after_close_suppliers_see_it_closed_and_cannot_start_a_bid(client, supplier_user, tender):
    close(tender)
    client.force_login(supplier_user)

    html = text(client.get(url(tender)))

    assert "It no longer takes bids." in html
    assert "Start a bid" not in html
    assert "Ask a clarification question" not in html


def test_an_evaluator_from_another_borough_is_pointed_to_their_work(
    client, alice, charlie, supplier_user, acme, tender
):
    submitted_bid(supplier_user, acme, tender)
    services.evaluator_add(acting_user=alice, tender=tender, evaluator=charlie)
    close(tender)
    services.tender_evaluation_start(acting_user=alice, tender=tender)
    client.force_login(charlie)

    html = text(client.get(url(tender)))

    assert "You are an evaluator" in html
    assert f'href="/tenders/{tender.pk}/conflicts/"' in html


def test_an_ended_tender_shows_its_reason(client, alice, tender):
    services.tender_withdraw(acting_user=alice, tender=tender, reason="The budget was cut.")

    html = text(client.get(url(tender)))

    assert "Withdrawn on" in html and "The budget was cut." in html


def test_a_guardian_grant_lets_an_evaluator_see_a_draft(client, charlie, draft):
    assign_perm("procurement.view_tender", charlie, draft)
    client.force_login(charlie)

    assert client.get(url(draft)).status_code == 200
