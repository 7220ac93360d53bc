from __future__ import annotations

import pytest

from projects import collaboration
from projects.models import PartnerInterest
from tests.frontend.projects.helpers import sign_in_url


@pytest.fixture
def interest(ivy, islington, project):
    return collaboration.interest_request(acting_user=ivy, project=project, organisation=islington)


def url(interest) -> str:
    return f"/interests/{interest.pk}/answer/"


def test_it_checks_ownership(client, alice, ivy, charlie, interest):
    # The asking organisation may see the request but only the lead answers it.
    for user, status in ((charlie, 404), (ivy, 403), (alice, 302)):
        client.force_login(user)
        assert client.post(url(interest), {"decision": "accept"}).status_code == status, user


def test_anonymous_person_is_sent_to_sign_in(client, interest):
    response = client.post(url(interest), {"decision": "accept"})

    assert response["Location"] == sign_in_url(url(interest))
    interest.refresh_from_db()
    assert interest.status == PartnerInterest.Status.PENDING


def test_accepting_makes_a_partner(client, alice, ivy, interest, project):
    client.force_login(alice)

    response = client.post(url(interest), {"decision": "accept"})

    assert response["Location"] == f"/projects/{project.pk}/"
    assert "Islington (test) is now a partner" in client.get(response["Location"]).content.decode()
    assert list(project.partners.values_list("slug", flat=True)) == ["islington-test"]
    client.force_login(ivy)
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 200


def test_declining_says_so(client, alice, interest, project):
    client.force_login(alice)

    response = client.post(url(interest), {"decision": "decline"})

    assert "Islington (test) has been told no" in client.get(response["Location"]).content.decode()
    interest.refresh_from_db()
    assert interest.status == PartnerInterest.Status.DECLINED
    assert not project.partners.exists()


def test_answering_twice_is_said(client, alice, interest, project):
    client.force_login(alice)
    client.post(url(interest), {"decision": "decline"})

    response = client.post(url(interest), {"decision": "accept"})

    html = client.get(response["Location"]).content.decode()
    assert "This request has already been answered." in html
    assert not project.partners.exists()
