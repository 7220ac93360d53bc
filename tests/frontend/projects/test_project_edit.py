from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from projects import services
from projects.models import Project, ProjectRevision
from tests.frontend.helpers import read, text, title
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/edit/"


def opened_form(client, project) -> dict[str, object]:
    """What the edit form sends back unchanged: its values as a browser would."""
    return opened_form_from(client.get(url(project)).content.decode())


def opened_form_from(html: str) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name != "csrfmiddlewaretoken":
            data[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', html):
        data[name] = value.replace("&#x27;", "'")
    for name in ("phase", "visibility", "charter_open_data"):
        checked = re.search(rf'name="{name}" type="radio" value="([^"]*)" checked', html)
        data[name] = checked[1] if checked else ""
    for name in ("themes", "shared_with"):
        data[name] = re.findall(rf'name="{name}" type="checkbox" value="([^"]*)" checked', html)
    return data


def test_it_checks_ownership(client, alice, dana, ivy, charlie, project):
    for user, status in ((alice, 200), (dana, 200), (ivy, 403), (charlie, 404)):
        client.force_login(user)
        assert client.get(url(project)).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, project):
    assert client.get(url(project))["Location"] == sign_in_url(url(project))
    assert client.post(url(project), {"title": "Taken over"})["Location"] == sign_in_url(
        url(project)
    )
    project.refresh_from_db()
    assert project.title == "Chatbot for housing repairs"


def test_the_form_carries_the_version_it_was_opened_at(client, alice, project):
    client.force_login(alice)

    response = client.get(url(project))

    assert read(response).title == title("Edit Chatbot for housing repairs")
    html = response.content.decode()
    assert '<input type="hidden" name="version" value="1"' in html
    assert 'value="Chatbot for housing repairs"' in html
    assert 'value="islington-test" checked' in html


def test_saving_records_a_revision_and_shows_the_project(client, alice, project):
    client.force_login(alice)
    data = {**opened_form(client, project), "title": "Repairs chatbot", "phase": "alpha"}

    response = client.post(url(project), data)

    assert response["Location"] == f"/projects/{project.pk}/"
    project.refresh_from_db()
    assert (project.title, project.phase, project.version) == ("Repairs chatbot", "alpha", 2)
    revision = ProjectRevision.objects.get(project=project, number=2)
    assert revision.changed_fields == ["phase", "title"]
    assert b"Your changes have been saved" in client.get(response["Location"]).content


def test_sending_the_form_unchanged_saves_no_revision(client, alice, project):
    client.force_login(alice)

    client.post(url(project), opened_form(client, project))

    project.refresh_from_db()
    assert project.version == 1


def test_co_author_may_save(client, dana, project):
    client.force_login(dana)

    client.post(url(project), {**opened_form(client, project), "tags": "chat"})

    project.refresh_from_db()
    assert project.tags == ["chat"]


def test_permitted_reader_cannot_save(client, ivy, project):
    client.force_login(ivy)

    response = client.post(url(project), {"title": "Taken over", "version": "1"})

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title == "Chatbot for housing repairs"


def test_errors_are_named_and_nothing_is_saved(client, alice, project):
    client.force_login(alice)
    data = {**opened_form(client, project), "title": "", "summary": "Changed"}

    response = client.post(url(project), data)

    page = read(response)
    assert page.title == title("Error: Edit Chatbot for housing repairs")
    assert page.summary == [("#id_title", "Enter a project title")]
    project.refresh_from_db()
    assert project.summary == "Residents report repairs by chat, any time of day."


def test_the_charter_rule_is_named_on_its_fields(client, alice, project):
    client.force_login(alice)
    data = {**opened_form(client, project), "visibility": "public", "phase": "live"}

    response = client.post(url(project), data)

    assert [href for href, _ in read(response).summary] == [
        "#id_charter_technology",
        "#id_charter_inclusivity",
    ]
    project.refresh_from_db()
    assert (project.visibility, project.version) == ("shared", 1)


def test_someone_elses_save_is_shown_and_not_overwritten(client, alice, bob, project):
    client.force_login(alice)
    opened = opened_form(client, project)
    # Bob saves while Alice has the form open.
    services.project_update(
        acting_user=bob,
        project=project,
        expected_version=1,
        changes={"summary": "Residents report repairs by chat or by text.", "phase": "beta"},
    )

    response = client.post(url(project), {**opened, "title": "Repairs chatbot"})

    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "Chatbot for housing repairs"
    assert project.summary == "Residents report repairs by chat or by text."
    assert project.version == 2
    html = response.content.decode()
    assert "Your changes have not been saved." in html
    assert f"{bob.full_name} changed this project after you opened it." in text(response)
    banner = read(response).rows
    assert ["Summary", "Residents report repairs by chat or by text."] in banner
    assert ["Phase", "Beta"] in banner
    # The form keeps what Alice typed, takes Bob's values where she changed nothing,
    # and now carries Bob's version.
    assert 'value="Repairs chatbot"' in html
    assert ">\nResidents report repairs by chat or by text.</textarea>" in html
    assert 'value="beta" checked' in html
    assert '<input type="hidden" name="version" value="2"' in html


def test_saving_again_after_a_conflict_keeps_both_changes(client, alice, bob, project):
    client.force_login(alice)
    opened = opened_form(client, project)
    services.project_update(
        acting_user=bob, project=project, expected_version=1, changes={"phase": "beta"}
    )
    refused = client.post(url(project), {**opened, "title": "Repairs chatbot"})
    again = {**opened, "title": "Repairs chatbot", "phase": "beta", "version": "2"}
    assert 'value="beta" checked' in refused.content.decode()

    response = client.post(url(project), again)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.phase, project.version) == ("Repairs chatbot", "beta", 3)


def test_when_both_changed_a_field_the_form_keeps_yours(client, alice, bob, project):
    client.force_login(alice)
    opened = opened_form(client, project)
    services.project_update(
        acting_user=bob, project=project, expected_version=1, changes={"title": "Bob's title"}
    )

    response = client.post(url(project), {**opened, "title": "Alice's title"})

    html = response.content.decode()
    assert ["Project title", "Bob's title"] in read(response).rows
    assert 'value="Alice&#x27;s title"' in html
    project.refresh_from_db()
    assert project.title == "Bob's title"


def test_an_edit_from_a_version_that_never_existed_is_refused(client, alice, project):
    client.force_login(alice)

    response = client.post(url(project), {**opened_form(client, project), "version": "7"})

    assert response.status_code == 200
    assert "Your changes have not been saved." in response.content.decode()
    assert Project.objects.get().version == 1


def test_dates_are_changed_and_checked_against_each_other(client, alice, project):
    client.force_login(alice)
    opened = opened_form(client, project)
    late = {"starts_on-day": "1", "starts_on-month": "9", "starts_on-year": "2026"}
    early = {"ends_on-day": "1", "ends_on-month": "6", "ends_on-year": "2026"}

    refused = client.post(url(project), {**opened, **late, **early})

    assert read(refused).summary == [
        ("#id_ends_on", "The end date must be the same as or after the start date")
    ]
    project.refresh_from_db()
    assert (project.starts_on, project.ends_on, project.version) == (None, None, 1)

    client.post(url(project), {**opened, **late})

    project.refresh_from_db()
    assert (str(project.starts_on), project.version) == ("2026-09-01", 2)
    assert ProjectRevision.objects.get(project=project, number=2).changed_fields == ["starts_on"]


def test_a_date_someone_else_saved_is_shown_and_kept(client, alice, bob, project):
    client.force_login(alice)
    opened = opened_form(client, project)
    services.project_update(
        acting_user=bob,
        project=project,
        expected_version=1,
        changes={"starts_on": date(2026, 4, 1), "budget": Decimal("25000")},
    )

    response = client.post(url(project), {**opened, "title": "Repairs chatbot"})

    assert ["Start date", "1 April 2026"] in read(response).rows
    html = response.content.decode()
    assert 'name="starts_on-day" type="text" inputmode="numeric" value="1"' in html
    assert 'name="starts_on-month" type="text" inputmode="numeric" value="4"' in html
    again = opened_form_from(html)
    client.post(url(project), again)
    project.refresh_from_db()
    assert (project.title, str(project.starts_on), project.budget) == (
        "Repairs chatbot",
        "2026-04-01",
        Decimal("25000"),
    )
