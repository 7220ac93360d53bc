from __future__ import annotations

from loti.visibility import Visibility
from projects.models import Project
from tests.factories import MembershipFactory, member_of
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import sign_in_url
from tests.projects.helpers import make_project

URL = "/projects/new/"
VALID = {
    "title": "Repairs by text message",
    "summary": "Residents report repairs by SMS.",
    "phase": "idea",
    "visibility": "private",
}


def test_anonymous_person_is_sent_to_sign_in(client, db):
    assert client.get(URL)["Location"] == sign_in_url(URL)
    assert client.post(URL, VALID)["Location"] == sign_in_url(URL)
    assert not Project.objects.exists()


def test_supplier_cannot_start_a_project(client, supplier_user):
    client.force_login(supplier_user)

    response = client.get(URL)

    assert response.status_code == 403
    assert read(response).h1 == ["You cannot do this"]


def test_officer_sees_the_form_without_a_lead_organisation_question(client, alice):
    client.force_login(alice)

    response = client.get(URL)

    page = read(response)
    assert page.title == title("Start a project")
    html = response.content.decode()
    assert 'name="title"' in html
    assert 'name="lead_organisation"' not in html
    # Public bodies are offered by name; suppliers are not.
    assert "Camden (test)" in html


def test_someone_in_several_public_bodies_chooses_the_lead(client, alice, hackney):
    MembershipFactory.create(user=alice, organisation=hackney)
    client.force_login(alice)

    assert 'name="lead_organisation"' in client.get(URL).content.decode()
    missing = client.post(URL, VALID)
    assert read(missing).summary[0] == (
        "#id_lead_organisation",
        "Choose the organisation that leads the project",
    )

    response = client.post(URL, {**VALID, "lead_organisation": "hackney-test"})

    assert response.status_code == 302
    assert Project.objects.get().lead_organisation == hackney


def test_missing_answers_are_each_named(client, alice):
    client.force_login(alice)

    response = client.post(URL, {"visibility": "private", "phase": "idea"})

    page = read(response)
    assert page.title == title("Error: Start a project")
    assert page.summary == [
        ("#id_title", "Enter a project title"),
        ("#id_summary", "Enter a summary of the project"),
    ]
    assert not Project.objects.exists()


def test_nothing_similar_saves_straight_away(client, alice, camden, islington):
    client.force_login(alice)

    response = client.post(
        URL,
        {
            **VALID,
            "themes": ["housing", "data"],
            "tags": "SMS, Repairs",
            "visibility": "shared",
            "shared_with": ["islington-test"],
            "budget": "1250.50",
            "charter_open_data": "yes",
        },
    )

    project = Project.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.lead_organisation, project.title) == (camden, "Repairs by text message")
    assert project.themes == ["housing", "data"]
    assert project.tags == ["sms", "repairs"]
    assert [o.slug for o in project.shared_with.all()] == ["islington-test"]
    assert str(project.budget) == "1250.50"
    assert project.charter_open_data is True
    page = client.get(response["Location"])
    assert b"Repairs by text message has been saved" in page.content


def test_similar_work_is_shown_before_saving_and_the_answers_are_kept(
    client, alice, charlie, hackney, islington
):
    existing = make_project(
        charlie, hackney, title="Repairs chatbot", visibility=Visibility.NETWORK
    )
    hidden = make_project(charlie, hackney, title="Private repairs pilot")
    client.force_login(alice)
    answers = {
        **VALID,
        "title": "Repairs reporting",
        "themes": ["housing"],
        "visibility": "shared",
        "shared_with": ["islington-test"],
    }

    response = client.post(URL, answers)

    assert response.status_code == 200
    assert read(response).h1 == ["Similar work already exists"]
    html = response.content.decode()
    assert f'href="/projects/{existing.pk}/"' in html
    assert f'href="/projects/{hidden.pk}/"' not in html
    assert not Project.objects.filter(lead_organisation__slug="camden-test").exists()
    # The answers travel in hidden fields, marked as having seen the similar work.
    assert '<input type="hidden" name="similar_seen" value="True"' in html
    assert '<input type="hidden" name="shared_with" value="islington-test"' in html

    saved = client.post(URL, {**answers, "similar_seen": "True"})

    project = Project.objects.get(title="Repairs reporting")
    assert saved["Location"] == f"/projects/{project.pk}/"
    assert project.themes == ["housing"]
    assert [o.slug for o in project.shared_with.all()] == ["islington-test"]


def test_change_the_details_goes_back_to_the_form_with_the_answers(client, alice):
    client.force_login(alice)

    response = client.post(
        URL, {**VALID, "similar_seen": "True", "change": "yes", "themes": ["housing"]}
    )

    assert response.status_code == 200
    assert read(response).h1 == ["Start a project"]
    html = response.content.decode()
    assert 'value="Repairs by text message"' in html
    assert 'value="housing" checked' in html
    assert ">Save project</button>" in html
    assert not Project.objects.exists()


def test_the_charter_rule_is_named_on_its_fields(client, alice):
    client.force_login(alice)

    response = client.post(
        URL, {**VALID, "visibility": "public", "phase": "beta", "similar_seen": "True"}
    )

    page = read(response)
    assert page.summary == [
        (
            "#id_charter_technology",
            "Say in plain English what the technology is and why it is used.",
        ),
        ("#id_charter_inclusivity", "Add the inclusivity statement."),
    ]
    assert not Project.objects.exists()


def test_sharing_with_a_supplier_is_named_on_the_field(client, alice, acme):
    client.force_login(alice)

    response = client.post(
        URL, {**VALID, "visibility": "shared", "shared_with": ["acme-test"], "similar_seen": "True"}
    )

    assert read(response).field_errors == {
        "id_shared_with": "Error: Only boroughs and public bodies can be named here: Acme (test)."
    }
    assert not Project.objects.exists()


def test_shared_with_nobody_is_named_on_the_field(client, alice):
    client.force_login(alice)

    response = client.post(URL, {**VALID, "visibility": "shared", "similar_seen": "True"})

    assert read(response).summary == [("#id_shared_with", "Name the organisations to share with.")]
    assert not Project.objects.exists()


def test_badly_formed_answers_are_named(client, alice):
    client.force_login(alice)

    response = client.post(
        URL,
        {**VALID, "budget": "lots", "charter_dpia_url": "not a link", "visibility": "everyone"},
    )

    assert dict(read(response).summary) == {
        "#id_visibility": "Choose who can see the project",
        "#id_budget": "Budget must be an amount of money, like 25000 or 1250.50",
        "#id_charter_dpia_url": "Enter a link in the correct format, like https://example.gov.uk/dpia",
    }
    assert not Project.objects.exists()


def test_a_member_of_no_public_body_in_the_network_is_refused(client, acme):
    client.force_login(member_of(acme))

    assert client.post(URL, VALID).status_code == 403
    assert not Project.objects.exists()


def dates(start: tuple[str, str, str], end: tuple[str, str, str]) -> dict[str, str]:
    """The start and end date inputs' day, month and year boxes."""
    return {
        f"{name}-{part}": value
        for name, parts in (("starts_on", start), ("ends_on", end))
        for part, value in zip(("day", "month", "year"), parts, strict=True)
    }


def test_dates_and_budget_are_saved_and_shown(client, alice):
    client.force_login(alice)

    response = client.post(
        URL,
        {
            **VALID,
            **dates(("1", "4", "2026"), ("31", "3", "2027")),
            "budget": "25000",
            "similar_seen": "True",
        },
    )

    project = Project.objects.get()
    assert (str(project.starts_on), str(project.ends_on)) == ("2026-04-01", "2027-03-31")
    html = client.get(response["Location"]).content.decode()
    assert "From 1 April 2026 to 31 March 2027" in html
    assert "£25,000.00" in html


def test_an_end_before_the_start_and_a_negative_budget_are_named(client, alice):
    client.force_login(alice)

    response = client.post(
        URL,
        {**VALID, **dates(("1", "4", "2026"), ("31", "3", "2026")), "budget": "-5"},
    )

    page = read(response)
    assert page.title == title("Error: Start a project")
    assert page.summary == [
        ("#id_budget", "Budget cannot be negative"),
        ("#id_ends_on", "The end date must be the same as or after the start date"),
    ]
    # The dates typed are kept.
    html = response.content.decode()
    assert 'name="ends_on-day" type="text" inputmode="numeric" value="31"' in html
    assert not Project.objects.exists()


def test_a_date_that_does_not_exist_is_named(client, alice):
    client.force_login(alice)

    response = client.post(URL, {**VALID, **dates(("31", "2", "2026"), ("", "", ""))})

    assert read(response).summary == [("#id_starts_on", "The start date must be a real date")]
    assert not Project.objects.exists()


def test_dates_survive_the_similar_work_page(client, alice, charlie, hackney):
    make_project(charlie, hackney, title="Repairs chatbot", visibility=Visibility.NETWORK)
    client.force_login(alice)
    answers = {**VALID, "title": "Repairs reporting", **dates(("1", "4", "2026"), ("", "", ""))}

    similar = client.post(URL, answers)

    html = similar.content.decode()
    assert read(similar).h1 == ["Similar work already exists"]
    assert '<input type="hidden" name="starts_on-day" value="1">' in html
    assert '<input type="hidden" name="starts_on-year" value="2026">' in html
    client.post(URL, {**answers, "similar_seen": "True"})
    project = Project.objects.get(title="Repairs reporting")
    assert (str(project.starts_on), project.ends_on) == ("2026-04-01", None)
