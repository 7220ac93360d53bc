"""Adding, changing and removing a project's outcomes through the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from projects import outcomes_links, services
from projects.models import Outcome, Project, ProjectRevision
from tests.frontend.helpers import read, text, title
from tests.frontend.projects.helpers import sign_in_url


def new_url(project) -> str:
    return f"/projects/{project.pk}/outcomes/new/"


def edit_url(outcome) -> str:
    return f"/projects/{outcome.project_id}/outcomes/{outcome.pk}/"


def remove_url(outcome) -> str:
    return edit_url(outcome) + "remove/"


@pytest.fixture
def outcome(alice, project) -> Outcome:
    return outcomes_links.outcome_add(
        acting_user=alice,
        project=project,
        measure="Repairs reported each month",
        baseline=Decimal(320),
        target=Decimal(500),
    )


def version(project) -> int:
    return Project.objects.get(pk=project.pk).version


def test_it_checks_ownership(client, alice, dana, ivy, charlie, project, outcome):
    for user, status in ((alice, 200), (dana, 200), (ivy, 403), (charlie, 404)):
        client.force_login(user)
        assert client.get(new_url(project)).status_code == status, user
        assert client.get(edit_url(outcome)).status_code == status, user


def test_only_editors_may_add_change_or_remove(client, alice, dana, ivy, charlie, project, outcome):
    data = {"measure": "Calls answered", "version": "2"}
    for user, status in ((ivy, 403), (charlie, 404)):
        client.force_login(user)
        assert client.post(new_url(project), data).status_code == status, user
        assert client.post(edit_url(outcome), data).status_code == status, user
        assert client.post(remove_url(outcome), data).status_code == status, user
    assert [o.measure for o in Outcome.objects.all()] == ["Repairs reported each month"]
    assert version(project) == 2

    client.force_login(dana)
    assert client.post(new_url(project), data).status_code == 302
    assert Outcome.objects.count() == 2


def test_anonymous_person_is_sent_to_sign_in(client, project, outcome):
    for url in (new_url(project), edit_url(outcome), remove_url(outcome)):
        assert client.post(url, {"measure": "Taken over"})["Location"] == sign_in_url(url)
    assert client.get(new_url(project))["Location"] == sign_in_url(new_url(project))
    assert Outcome.objects.get().measure == "Repairs reported each month"


def test_an_added_outcome_is_shown_on_the_project_and_in_its_history(client, alice, project):
    client.force_login(alice)
    page = read(client.get(new_url(project)))
    assert page.title == title("Add an outcome: Chatbot for housing repairs")

    response = client.post(
        new_url(project),
        {"measure": "Residents satisfied (%)", "baseline": "61.5", "target": "80", "actual": ""},
    )

    assert response["Location"] == f"/projects/{project.pk}/"
    shown = client.get(response["Location"])
    assert (
        "The outcome \N{LEFT SINGLE QUOTATION MARK}Residents satisfied (%)"
        in shown.content.decode()
    )
    assert ["Residents satisfied (%)", "61.5", "80", "\N{EN DASH}"] in [
        row[:4] for row in read(shown).rows
    ]
    revision = ProjectRevision.objects.get(project=project, number=2)
    assert (revision.author, revision.changed_fields) == (alice, ["outcomes"])
    history = client.get(f"/projects/{project.pk}/history/")
    assert ["2", alice.full_name] == read(history).rows[0][:2]
    assert "Outcomes" in read(history).rows[0][3]


def test_numbers_may_be_written_with_commas(client, alice, project):
    client.force_login(alice)

    client.post(new_url(project), {"measure": "Visits", "baseline": "1,250", "target": "2,000"})

    assert Outcome.objects.values_list("baseline", "target").get() == (
        Decimal(1250),
        Decimal(2000),
    )


def test_errors_are_named_in_the_summary_and_nothing_is_saved(client, alice, project):
    client.force_login(alice)

    response = client.post(
        new_url(project), {"measure": "", "baseline": "lots", "target": "500 a month"}
    )

    page = read(response)
    assert page.title == title("Error: Add an outcome: Chatbot for housing repairs")
    assert page.summary == [
        ("#id_measure", "Enter the measure"),
        ("#id_baseline", "Baseline must be a number, like 320 or 72.5"),
        ("#id_target", "Target must be a number, like 320 or 72.5"),
    ]
    assert page.field_errors["id_measure"] == "Error: Enter the measure"
    assert not Outcome.objects.exists()
    assert version(project) == 1


def test_too_many_decimal_places_are_named(client, alice, project):
    client.force_login(alice)

    response = client.post(new_url(project), {"measure": "Rate", "actual": "0.125"})

    assert read(response).summary == [("#id_actual", "Actual can have at most 2 decimal places")]
    assert not Outcome.objects.exists()


def test_the_change_page_shows_the_outcome_and_the_version_it_was_opened_at(client, alice, outcome):
    client.force_login(alice)

    response = client.get(edit_url(outcome))

    assert read(response).h1 == ["Change the outcome"]
    html = response.content.decode()
    assert 'value="Repairs reported each month"' in html
    assert 'value="320.00"' in html
    assert '<input type="hidden" name="version" value="2"' in html
    assert f'formaction="{remove_url(outcome)}"' in html


def test_a_co_author_changes_an_outcome(client, dana, project, outcome):
    client.force_login(dana)

    response = client.post(
        edit_url(outcome),
        {
            "measure": "Repairs reported each month",
            "baseline": "320",
            "target": "500",
            "actual": "410",
            "version": "2",
        },
    )

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.actual == Decimal(410)
    assert ProjectRevision.objects.get(project=project, number=3).author == dana


def test_someone_elses_save_is_shown_and_not_overwritten(client, alice, bob, project, outcome):
    client.force_login(alice)
    # Bob changes the title while Alice has the outcome open at version 2.
    services.project_update(
        acting_user=bob, project=project, expected_version=2, changes={"title": "Repairs chat"}
    )
    sent = {"measure": "Repairs reported each month", "target": "600", "version": "2"}

    response = client.post(edit_url(outcome), sent)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your changes have not been saved." in html
    assert f"{bob.full_name} changed this project after you opened it." in text(response)
    assert ["Project title", "Repairs chat"] in read(response).rows
    # What she typed is kept; saving again is made from Bob's version.
    assert 'value="600"' in html
    assert '<input type="hidden" name="version" value="3"' in html
    outcome.refresh_from_db()
    assert outcome.target == Decimal(500)

    again = client.post(edit_url(outcome), {**sent, "version": "3"})

    assert again.status_code == 302
    outcome.refresh_from_db()
    assert outcome.target == Decimal(600)
    assert Project.objects.get(pk=project.pk).title == "Repairs chat"


def test_removing_an_outcome(client, alice, project, outcome):
    client.force_login(alice)

    response = client.post(remove_url(outcome), {"measure": "", "version": "2"})

    assert response["Location"] == f"/projects/{project.pk}/"
    assert "has been removed" in client.get(response["Location"]).content.decode()
    assert not Outcome.objects.exists()
    assert ProjectRevision.objects.get(project=project, number=3).changed_fields == ["outcomes"]


def test_removing_after_someone_elses_save_is_refused_and_explained(
    client, alice, bob, project, outcome
):
    outcomes_links.outcome_update(
        acting_user=bob, outcome=outcome, expected_version=2, changes={"actual": Decimal(450)}
    )
    client.force_login(alice)

    response = client.post(
        remove_url(outcome),
        {"measure": "Repairs reported each month", "target": "500", "version": "2"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The outcome has not been removed." in html
    assert '<input type="hidden" name="version" value="3"' in html
    assert Outcome.objects.get().actual == Decimal(450)


def test_an_outcome_of_another_project_is_not_found(client, alice, camden, project, outcome):
    from tests.projects.helpers import make_project

    other = make_project(alice, camden, title="Another")
    client.force_login(alice)

    assert client.get(f"/projects/{other.pk}/outcomes/{outcome.pk}/").status_code == 404
