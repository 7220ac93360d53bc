from __future__ import annotations

from frontend import views_projects
from loti.visibility import Visibility
from tests.factories import member_of
from tests.frontend.helpers import read, title
from tests.frontend.projects.helpers import count_queries, queries_of
from tests.projects.helpers import make_playbook, make_project

URL = "/projects/"

# Curly quotes, as the pages write them.
LQ, RQ = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"


def test_officer_sees_projects_and_playbooks_they_may_see(
    client, alice, charlie, hackney, camden, project, public_project
):
    make_project(charlie, hackney, title="Hackney's private chatbot")
    make_playbook(alice, camden, title="Chatbot discovery playbook")
    client.force_login(charlie)

    response = client.get(URL)

    page = read(response)
    assert page.title == title("Projects and playbooks")
    html = response.content.decode()
    assert "Hackney&#x27;s private chatbot" in html
    assert "Assistive technology pilot" in html
    assert "Chatbot discovery playbook" in html
    # Shared with Islington only.
    assert "Chatbot for housing repairs" not in html


def test_each_result_names_its_kind_organisation_and_summary(client, charlie, public_project):
    client.force_login(charlie)

    html = client.get(URL).content.decode()

    assert f'href="/projects/{public_project.pk}/"' in html
    assert ">Project</strong>" in html
    assert "Camden (test)" in html
    assert "Sensors that help people live at home for longer." in html


def test_anonymous_person_sees_only_public_work(client, alice, camden, project, public_project):
    make_playbook(alice, camden, title="Network playbook")
    make_playbook(alice, camden, title="Public playbook", visibility=Visibility.PUBLIC)

    html = client.get(URL).content.decode()

    assert "Assistive technology pilot" in html
    assert "Public playbook" in html
    assert "Network playbook" not in html
    assert "Chatbot for housing repairs" not in html
    assert "Start a project" not in html


def test_officers_are_offered_to_start_a_project_and_suppliers_are_not(
    client, alice, supplier_user
):
    client.force_login(alice)
    assert 'href="/projects/new/"' in client.get(URL).content.decode()

    client.force_login(supplier_user)
    assert 'href="/projects/new/"' not in client.get(URL).content.decode()


def test_search_words_find_the_best_matches(client, alice, camden, charlie):
    make_project(alice, camden, title="Repairs chatbot", visibility=Visibility.NETWORK)
    make_project(alice, camden, title="Parking permits", visibility=Visibility.NETWORK)
    client.force_login(charlie)

    response = client.get(URL, {"q": "chatbot"})

    html = response.content.decode()
    assert "Repairs chatbot" in html
    assert "Parking permits" not in html
    assert read(response).title == title(f"{LQ}chatbot{RQ}: Projects and playbooks")
    assert f"1 result for {LQ}chatbot{RQ}" in html


def test_facets_filter_by_theme_phase_organisation_and_charter(
    client, alice, camden, charlie, hackney
):
    make_project(
        alice,
        camden,
        title="Housing alpha",
        themes=["housing"],
        phase="alpha",
        visibility=Visibility.NETWORK,
    )
    make_project(charlie, hackney, title="Transport idea", themes=["transport"])
    make_project(
        alice,
        camden,
        title="Charter done",
        visibility=Visibility.NETWORK,
        charter_technology="Sensors.",
        charter_inclusivity="Large print.",
        charter_dpia_url="https://example.org/dpia",
        charter_consequences="None found.",
        charter_unused_functionality="None.",
        charter_open_data=True,
    )
    client.force_login(charlie)

    def titles(**facets):
        html = client.get(URL, facets).content.decode()
        return {
            name for name in ("Housing alpha", "Transport idea", "Charter done") if name in html
        }

    assert titles(theme="housing") == {"Housing alpha"}
    assert titles(phase="alpha") == {"Housing alpha"}
    assert titles(organisation="hackney-test") == {"Transport idea"}
    assert titles(charter="complete") == {"Charter done"}
    assert titles(charter="incomplete") == {"Housing alpha", "Transport idea"}


def test_facets_keep_their_choices(client, charlie):
    client.force_login(charlie)

    html = client.get(URL, {"theme": "housing", "charter": "complete"}).content.decode()

    assert '<option value="housing" selected>' in html
    assert '<option value="complete" selected>' in html


def test_a_facet_value_that_is_not_offered_is_named_and_ignored(client, charlie, public_project):
    client.force_login(charlie)

    response = client.get(URL, {"theme": "astrology"})

    assert response.status_code == 200
    assert read(response).field_errors == {"id_theme": "Error: Choose a theme from the list"}
    assert "Assistive technology pilot" in response.content.decode()


def test_results_are_capped_and_the_cap_is_said(client, alice, camden, monkeypatch):
    monkeypatch.setattr(views_projects, "RESULTS_CAP", 2)
    for n in range(3):
        make_project(alice, camden, title=f"Project {n}")
    client.force_login(alice)

    html = client.get(URL).content.decode()

    assert "2 or more results" in html
    assert "Showing the 2 best matches" in html


def test_query_count_does_not_grow_with_results(client, alice, camden):
    # session, user, unread notifications (layout); public bodies for the organisation
    # facet; may the person start a project; projects with their lead; playbooks with
    # their owner and adoption count: 7.
    make_project(alice, camden)
    make_playbook(alice, camden)
    client.force_login(alice)
    few = count_queries(client, URL)
    for n in range(8):
        make_project(alice, camden, title=f"Project {n}")
        make_playbook(alice, camden, title=f"Playbook {n}")
        member_of(camden)

    many = count_queries(client, URL)

    assert many == few, queries_of(client, URL)
    assert few <= 7, queries_of(client, URL)
