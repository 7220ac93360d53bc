from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from challenges.models import Challenge, Prize
from tests.frontend.challenges.helpers import date_fields, text
from tests.frontend.helpers import read, title

URL = "/challenges/new/"


def form_data(**overrides):
    now = timezone.now()
    data = {
        "title": "Finding damp early",
        "problem_statement": "Damp is found too late.",
        "audience": "public",
        **date_fields("opens_at", now - timedelta(hours=1)),
        **date_fields("closes_at", now + timedelta(days=14)),
        "prizes-rows": "2",
        "prizes-0-name": "First prize",
        "prizes-0-kind": "place",
        "prizes-0-amount": "20,000",
        "prizes-0-awards": "",
        "prizes-1-name": "",
        "prizes-1-kind": "",
        "prizes-1-amount": "",
        "prizes-1-awards": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_a_supplier_cannot_create_one(client, supplier_user):
    client.force_login(supplier_user)
    assert client.get(URL).status_code == 403


def test_an_officer_saves_a_private_draft_with_its_prizes(client, alice, camden, hackney):
    client.force_login(alice)

    response = client.post(URL, form_data(co_owners=[hackney.slug], requirements=["london_based"]))

    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/challenges/{challenge.pk}/"
    assert challenge.status == "draft" and challenge.owner == camden
    assert challenge.requires_london_based and not challenge.requires_uk_registered
    assert list(challenge.co_owners.all()) == [hackney]
    prizes = list(Prize.objects.values_list("name", "kind", "amount", "awards"))
    assert prizes == [("First prize", "place", 20000, 1)]


def test_missing_answers_are_named_on_their_fields(client, alice):
    client.force_login(alice)

    response = client.post(URL, {"prizes-rows": "1"})

    page = read(response)
    assert page.title == title("Error: Create a challenge")
    assert page.field_errors["id_title"] == "Error: Enter a title"
    assert page.field_errors["id_problem_statement"] == "Error: Describe the problem"
    assert page.field_errors["id_closes_at"] == "Error: Enter the closing date"
    assert ("#id_opens_at", "Enter the opening date") in page.summary
    assert not Challenge.objects.exists()


def test_a_broken_prize_row_is_named_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = client.post(URL, form_data(**{"prizes-0-kind": ""}))

    assert (
        read(response).field_errors["id_prizes"]
        == "Error: Choose the kind of prize for First prize"
    )
    assert not Challenge.objects.exists() and not Prize.objects.exists()


def test_the_services_rules_are_shown_on_the_field_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    now = timezone.now()

    response = client.post(URL, form_data(**date_fields("closes_at", now - timedelta(days=2))))

    page = read(response)
    assert page.field_errors["id_closes_at"] == "Error: The challenge must close after it opens."
    assert not Challenge.objects.exists() and not Prize.objects.exists()


def test_add_another_prize_draws_one_more_row_and_saves_nothing(client, alice):
    client.force_login(alice)

    response = client.post(URL, form_data(add_prize="yes", title=""))

    html = text(response)
    page = read(response)
    assert page.title == title("Create a challenge")  # not an error: nothing was checked
    assert page.summary == []
    assert 'name="prizes-rows" value="3"' in html
    assert 'id="id_prizes" name="prizes-0-name" type="text" value="First prize"' in html
    assert 'name="prizes-2-name"' in html
    assert 'id="id_closes_at-day"' not in html  # the day box takes the field's own id
    assert 'id="id_closes_at" name="closes_at-day"' in html
    assert not Challenge.objects.exists()


def test_a_prize_refused_after_the_challenge_row_is_written_leaves_nothing_behind(client, alice):
    client.force_login(alice)

    # The service writes the challenge, then checks the prizes: a placed prize goes to
    # one entry only. The whole creation is one transaction.
    response = client.post(URL, form_data(**{"prizes-0-awards": "2"}))

    assert read(response).field_errors["id_prizes"] == (
        "Error: A placed prize goes to one entry; other prizes to one or more."
    )
    assert not Challenge.objects.exists() and not Prize.objects.exists()
