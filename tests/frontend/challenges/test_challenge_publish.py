from __future__ import annotations

from challenges.models import Audience, Challenge
from tests.challenges.helpers import make_challenge
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/publish/"


def test_it_checks_ownership(client, alice, charlie, dora, joint):
    for user, status in ((alice, 200), (charlie, 200), (dora, 404)):
        client.force_login(user)
        assert client.get(url(joint)).status_code == status, user
    client.logout()
    response = client.post(url(joint))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert Challenge.objects.get(pk=joint.pk).status == "draft"


def test_publishing_opens_the_challenge_to_its_audience(client, alice, joint):
    client.force_login(alice)

    response = client.post(url(joint))

    assert response["Location"] == f"/challenges/{joint.pk}/"
    joint.refresh_from_db()
    assert joint.status == "open" and joint.visibility == "public"


def test_a_refusal_is_shown_and_nothing_changes(client, alice, camden):
    invite_only = make_challenge(alice, camden, audience=Audience.INVITE)
    client.force_login(alice)

    response = client.post(url(invite_only))

    page = read(response)
    assert page.summary == [
        ("#what-happens", "An invite-only challenge needs at least one organisation invited.")
    ]
    assert Challenge.objects.get(pk=invite_only.pk).status == "draft"
    assert "Publish the challenge" in text(response)
