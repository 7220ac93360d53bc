from __future__ import annotations

from projects.models import Project
from tests.factories import MembershipFactory
from tests.frontend.helpers import read
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/adopt/"


def test_it_checks_ownership(client, alice, ivy, charlie, project):
    for user, status in ((alice, 403), (charlie, 404), (ivy, 302)):
        client.force_login(user)
        assert client.post(url(project)).status_code == status, user
    assert Project.objects.filter(adopted_from=project).count() == 1


def test_anonymous_person_is_sent_to_sign_in(client, public_project):
    response = client.post(url(public_project))

    assert response["Location"] == sign_in_url(url(public_project))
    assert Project.objects.count() == 1


def test_adopting_lands_on_the_adopters_own_copy(client, ivy, islington, project):
    client.force_login(ivy)

    response = client.post(url(project))

    copy = Project.objects.get(adopted_from=project)
    assert response["Location"] == f"/projects/{copy.pk}/"
    assert (copy.lead_organisation, copy.visibility) == (islington, "private")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert read(page).h1 == ["Chatbot for housing repairs"]
    assert "You have adopted this project for Islington (test)" in html
    assert "Adopted from" in html
    assert f'href="/projects/{project.pk}/"' in html


def test_someone_in_several_public_bodies_must_choose_which(client, ivy, hackney, project):
    MembershipFactory.create(user=ivy, organisation=hackney)
    client.force_login(ivy)

    response = client.post(url(project))

    assert read(response).summary == [("#id_adopt-organisation", "Choose an organisation")]
    assert Project.objects.count() == 1

    client.post(url(project), {"adopt-organisation": "hackney-test"})

    assert Project.objects.get(adopted_from=project).lead_organisation == hackney


def test_the_lead_is_not_offered_as_an_adopter(client, ivy, camden, islington, project):
    # Ivy also belongs to Camden, the lead: only Islington may adopt, so she is not asked.
    MembershipFactory.create(user=ivy, organisation=camden)
    client.force_login(ivy)
    assert (
        'name="adopt-organisation"' not in client.get(f"/projects/{project.pk}/").content.decode()
    )

    client.post(url(project), {"adopt-organisation": "camden-test"})

    assert Project.objects.get(adopted_from=project).lead_organisation == islington
