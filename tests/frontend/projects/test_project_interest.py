from __future__ import annotations

from projects.models import PartnerInterest
from tests.factories import MembershipFactory
from tests.frontend.helpers import read
from tests.frontend.projects.helpers import sign_in_url


def url(project) -> str:
    return f"/projects/{project.pk}/interest/"


def test_it_checks_ownership(client, alice, ivy, charlie, supplier_user, project):
    # Officers of other public bodies ask; the lead and suppliers cannot.
    for user, status in ((alice, 403), (supplier_user, 404), (charlie, 404), (ivy, 302)):
        client.force_login(user)
        assert client.post(url(project), {"interest-message": "Hi"}).status_code == status, user
    assert PartnerInterest.objects.get().organisation.slug == "islington-test"


def test_anonymous_person_is_sent_to_sign_in(client, public_project):
    response = client.post(url(public_project), {"interest-message": "Hi"})

    assert response["Location"] == sign_in_url(url(public_project))
    assert not PartnerInterest.objects.exists()


def test_request_is_sent_to_the_lead(client, ivy, project):
    client.force_login(ivy)

    response = client.post(url(project), {"interest-message": "We have the data."})

    html = client.get(response["Location"]).content.decode()
    assert "Camden (test) has been asked to let you join" in html
    interest = PartnerInterest.objects.get()
    assert (interest.requested_by, interest.message) == (ivy, "We have the data.")


def test_asking_twice_is_named(client, ivy, project):
    client.force_login(ivy)
    client.post(url(project), {})

    response = client.post(url(project), {})

    # Said of the organisation, which this officer of one body was not asked for: the
    # error summary links to the form's first field.
    assert read(response).summary == [
        ("#id_interest-message", "Islington (test) has already asked to join; wait for the answer.")
    ]
    assert PartnerInterest.objects.count() == 1


def test_someone_in_several_public_bodies_chooses_one(client, ivy, hackney, project):
    MembershipFactory.create(user=ivy, organisation=hackney)
    client.force_login(ivy)

    missing = client.post(url(project), {})
    assert read(missing).summary == [("#id_interest-organisation", "Choose an organisation")]

    client.post(url(project), {"interest-organisation": "hackney-test"})

    assert PartnerInterest.objects.get().organisation == hackney
