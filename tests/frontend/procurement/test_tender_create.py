from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone

from loti.audit.models import AuditEvent
from procurement.models import Tender, TenderStatus
from tests.frontend.helpers import read, title
from tests.frontend.procurement.helpers import date_fields, text

URL = "/tenders/new/"


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "Assistive technology pilot",
        "description": "Sensors and alerts that help older residents live at home.",
        "cpv_codes": "33196200, 72000000-5\n48000000",
        "value_min": "50000",
        "value_max": "120000",
        "contract_months": "24",
        "location_remote": "False",
        "sme_suitable": "True",
        "vcse_suitable": "False",
        "loti_data_clause_included": "True",
        "charter_open_data": "",
        "criteria-0-name": "Quality",
        "criteria-0-kind": "quality",
        "criteria-0-weight": "50",
        "criteria-1-name": "Price",
        "criteria-1-kind": "price",
        "criteria-1-weight": "30",
        "criteria-2-name": "Social value",
        "criteria-2-kind": "social_value",
        "criteria-2-weight": "20",
        **date_fields("closes_at", timezone.now() + timedelta(days=21)),
    }
    data.update(changes)
    return data


def test_officers_of_a_borough_may_create_and_others_may_not(
    client, alice, bob, supplier_user, cpv
):
    for user, status in ((alice, 200), (bob, 200), (supplier_user, 403)):
        client.force_login(user)
        assert client.get(URL).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={URL}"


def test_the_form_offers_the_default_criteria_and_a_govuk_date_input(client, alice, cpv):
    client.force_login(alice)

    response = client.get(URL)

    page = read(response)
    html = text(response)
    assert page.title == title("Create a tender")
    assert 'name="criteria-0-name" type="text" value="Quality"' in html
    assert 'name="criteria-1-weight" type="text" inputmode="decimal" value="30"' in html
    for part in ("day", "month", "year", "time"):
        assert f'name="closes_at-{part}"' in html
    # The error summary's link for the date lands on the day box.
    assert 'id="id_closes_at" name="closes_at-day"' in html


def test_officer_creates_a_draft_with_every_field(client, alice, camden, hackney, cpv):
    client.force_login(alice)

    response = client.post(
        URL,
        form_data(
            participating_boroughs=hackney.slug,
            location_boroughs=camden.slug,
            charter_technology="Motion sensors; no cameras.",
            charter_dpia_url="https://camden.example/dpia.pdf",
            charter_open_data="True",
            **date_fields("questions_close_at", timezone.now() + timedelta(days=14)),
            **{"expected_award_on-day": "1", "expected_award_on-month": "6"},
            **{"expected_award_on-year": str(timezone.now().year + 1)},
        ),
    )

    tender = Tender.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tenders/{tender.pk}/"
    assert tender.status == TenderStatus.DRAFT
    assert tender.buyer == camden
    assert sorted(tender.cpv_codes.values_list("code", flat=True)) == [
        "33196200",
        "48000000",
        "72000000",
    ]
    assert [(c.name, c.kind, int(c.weight)) for c in tender.criteria.all()] == [
        ("Quality", "quality", 50),
        ("Price", "price", 30),
        ("Social value", "social_value", 20),
    ]
    assert list(tender.participating_boroughs.all()) == [hackney]
    assert list(tender.location_boroughs.all()) == [camden]
    assert (tender.sme_suitable, tender.vcse_suitable, tender.location_remote) == (
        True,
        False,
        False,
    )
    assert tender.charter_open_data is True
    assert tender.contract_months == 24
    assert tender.questions_close_at is not None and tender.expected_award_on is not None
    assert AuditEvent.objects.filter(verb="tender.created").exists()
    assert "Your draft tender is saved" in text(client.get(response["Location"]))


def test_closing_time_is_read_as_london_time(client, alice, cpv):
    client.force_login(alice)
    year = timezone.now().year + 1

    client.post(
        URL,
        form_data(
            **{
                "closes_at-day": "3",
                "closes_at-month": "7",
                "closes_at-year": str(year),
                "closes_at-time": "12pm",
            }
        ),
    )

    # 12pm in July is British Summer Time: 11:00 UTC.
    closes_at = Tender.objects.get().closes_at.astimezone(UTC)
    assert (closes_at.month, closes_at.day, closes_at.hour, closes_at.minute) == (7, 3, 11, 0)


def test_missing_answers_are_each_named_at_their_field(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, {})

    page = read(response)
    assert page.title == "Error: " + title("Create a tender")
    summary = dict(page.summary)
    assert summary["#id_title"] == "Enter a title"
    assert summary["#id_cpv_codes"] == "Enter at least one CPV code"
    assert summary["#id_value_min"] == "Enter the lowest value"
    assert summary["#id_closes_at"] == "Enter the closing date"
    assert summary["#id_sme_suitable"] == "Say whether the tender is suitable for SMEs"
    assert page.field_errors["id_title"] == "Error: Enter a title"
    assert not Tender.objects.exists()


def test_an_unknown_cpv_code_is_named_on_the_cpv_field(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, form_data(cpv_codes="72000000, 99999999"))

    page = read(response)
    assert page.summary == [("#id_cpv_codes", "Not a CPV 2008 code: 99999999.")]
    assert not Tender.objects.exists()


def test_a_malformed_cpv_code_is_named_on_the_cpv_field(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, form_data(cpv_codes="IT services"))

    assert read(response).summary[0][0] == "#id_cpv_codes"
    assert "A CPV code is 8 digits" in read(response).summary[0][1]


def test_weights_that_do_not_total_100_are_named_on_the_criteria(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, form_data(**{"criteria-2-weight": "10"}))

    assert read(response).summary == [
        ("#id_criteria", "The criteria's weights must total 100; they total 90.")
    ]
    assert 'id="id_criteria" name="criteria-0-name"' in text(response)
    assert not Tender.objects.exists()


def test_a_half_filled_criterion_is_an_error(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, form_data(**{"criteria-3-name": "Innovation"}))

    assert read(response).summary == [
        ("#id_criteria", "Give each criterion a name, a kind and a weight")
    ]


def test_a_closing_date_in_the_past_or_not_real_is_named_on_the_date(client, alice, cpv):
    client.force_login(alice)

    past = client.post(
        URL, form_data(**date_fields("closes_at", timezone.now() - timedelta(days=1)))
    )
    unreal = client.post(URL, form_data(**{"closes_at-day": "31", "closes_at-month": "2"}))
    no_month = client.post(URL, form_data(**{"closes_at-month": ""}))
    bad_time = client.post(URL, form_data(**{"closes_at-time": "teatime"}))

    [(anchor, message)] = read(past).summary
    assert anchor == "#id_closes_at" and message.startswith(
        "The closing time must be in the future"
    )
    assert read(unreal).summary == [("#id_closes_at", "The closing date must be a real date")]
    assert read(no_month).summary == [("#id_closes_at", "The closing date must include a month")]
    assert read(bad_time).summary == [("#id_closes_at", "Enter the time like 9am, 12pm or 5:30pm")]
    assert not Tender.objects.exists()


def test_value_range_backwards_is_named_on_both_values(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, form_data(value_min="90000", value_max="10000"))

    anchors = [anchor for anchor, _ in read(response).summary]
    assert anchors == ["#id_value_min", "#id_value_max"]
    assert not Tender.objects.exists()


def test_leaving_out_the_data_clause_needs_an_explanation(client, alice, cpv):
    client.force_login(alice)

    response = client.post(URL, form_data(loti_data_clause_included="False"))

    assert read(response).summary == [
        (
            "#id_loti_data_clause_explanation",
            "Explain why LOTI's data-access clause is left out of the contract.",
        )
    ]


def test_closing_in_under_10_days_is_a_warning_not_an_error(client, alice, cpv):
    client.force_login(alice)

    response = client.post(
        URL, form_data(**date_fields("closes_at", timezone.now() + timedelta(days=6)))
    )

    assert response.status_code == 302
    assert "This tender closes in less than 10 days" in text(client.get(response["Location"]))


def test_an_officer_of_two_boroughs_chooses_the_buyer(client, alice, hackney, cpv):
    from tests.factories import MembershipFactory

    MembershipFactory(user=alice, organisation=hackney)
    client.force_login(alice)

    missing = client.post(URL, form_data())
    chosen = client.post(URL, form_data(buyer=hackney.slug))

    assert read(missing).summary == [("#id_buyer", "Choose the organisation that is buying")]
    assert chosen.status_code == 302
    assert Tender.objects.get().buyer == hackney
