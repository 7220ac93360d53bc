from __future__ import annotations

import pytest

from loti.accounts.models import Membership, Organisation, User
from tests.frontend.helpers import read, title

URL = "/suppliers/register/"


@pytest.fixture
def answers(db) -> dict[str, str]:
    return {
        "organisation_name": "Widget Works Ltd",
        "companies_house_number": "sc123456",
        "size": "micro",
        "email_domain": "widgetworks.example",
        "full_name": "Wanda Widget",
        "email": "wanda@widgetworks.example",
        "password": "a-fresh-and-long-passphrase",
    }


def _nothing_created() -> bool:
    return not (
        Organisation.objects.filter(name="Widget Works Ltd").exists()
        or User.objects.filter(email="wanda@widgetworks.example").exists()
    )


def test_page_has_the_questions_in_order(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Register your company")
    assert page.h1 == ["Register your company"]
    html = response.content.decode()
    positions = [html.index(f'name="{name}"') for name in ("organisation_name", "size", "email")]
    assert positions == sorted(positions)
    assert 'autocomplete="organization"' in html
    assert 'autocomplete="new-password"' in html


def test_registration_signs_the_person_in_and_lands_on_account(client, answers):
    response = client.post(URL, answers)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    organisation = Organisation.objects.get(name="Widget Works Ltd")
    assert (organisation.kind, organisation.size) == ("supplier", "micro")
    assert organisation.companies_house_number == "SC123456"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user.email, membership.role) == ("wanda@widgetworks.example", "admin")
    account = client.get("/account/")
    assert account.status_code == 200
    assert b"Widget Works Ltd is registered" in account.content
    assert b"Administrator" in account.content


def test_missing_size_is_named(client, answers):
    del answers["size"]

    response = client.post(URL, answers)

    assert response.status_code == 200
    page = read(response)
    assert page.title == title("Error: Register your company")
    assert page.summary == [("#id_size", "Choose the size of your company")]
    assert page.field_errors == {"id_size": "Error: Choose the size of your company"}
    assert _nothing_created()


def test_bad_companies_house_number_is_named(client, answers):
    answers["companies_house_number"] = "1234"

    response = client.post(URL, answers)

    message = "Enter a Companies House number in the correct format, like 01234567 or SC123456"
    assert read(response).summary == [("#id_companies_house_number", message)]
    assert _nothing_created()


def test_duplicate_email_is_named(client, answers, supplier_user):
    answers["email"] = answers["email_domain"] = ""
    answers["email"] = supplier_user.email

    response = client.post(URL, answers)

    page = read(response)
    assert page.summary == [
        ("#id_email", "An account with this e-mail address already exists. Sign in instead.")
    ]
    assert not Organisation.objects.filter(name="Widget Works Ltd").exists()


def test_duplicate_company_name_is_named_at_the_company_name(client, answers, acme):
    answers["organisation_name"] = acme.name

    response = client.post(URL, answers)

    assert read(response).summary == [
        ("#id_organisation_name", f"An organisation called {acme.name} already exists.")
    ]
    assert not User.objects.filter(email=answers["email"]).exists()


def test_weak_password_is_named(client, answers):
    answers["password"] = "12345678"

    response = client.post(URL, answers)

    page = read(response)
    assert ("#id_password", "This password is entirely numeric.") in page.summary
    assert "This password is too common." in page.field_errors["id_password"]
    assert _nothing_created()


def test_several_problems_are_shown_at_once(client, answers):
    answers.update(companies_house_number="nope", size="", password="short", email="x")

    response = client.post(URL, answers)

    fields = [href for href, _ in read(response).summary]
    assert fields == [
        "#id_companies_house_number",
        "#id_size",
        "#id_email",
        "#id_password",
    ]
    assert _nothing_created()


def test_email_outside_the_company_domain_is_named(client, answers):
    answers["email"] = "wanda@gmail.example"

    response = client.post(URL, answers)

    assert read(response).summary == [
        ("#id_email", "Your e-mail address must be at your company's domain, widgetworks.example.")
    ]
    assert _nothing_created()


def test_answers_are_kept_when_there_is_a_problem(client, answers):
    del answers["size"]

    response = client.post(URL, answers)

    assert b'value="Widget Works Ltd"' in response.content
    assert b'value="wanda@widgetworks.example"' in response.content
    # A password is never sent back to the browser.
    assert answers["password"].encode() not in response.content
