from __future__ import annotations

from challenges import services
from challenges.models import Audience
from tests.challenges.helpers import make_challenge
from tests.frontend.challenges.helpers import text


def test_the_owners_set_who_is_invited_and_only_they_see_it_once_published(
    client, alice, camden, acme, supplier_user, beta_user, dora
):
    challenge = make_challenge(alice, camden, audience=Audience.INVITE)
    url = f"/challenges/{challenge.pk}/invited/"
    client.force_login(dora)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert "Acme (test)" in text(client.get(url))

    response = client.post(url, {"invited": [acme.slug]})

    assert response.status_code == 302
    assert list(challenge.invited.all()) == [acme]
    services.challenge_publish(acting_user=alice, challenge=challenge)
    client.force_login(supplier_user)
    assert client.get(f"/challenges/{challenge.pk}/").status_code == 200
    client.force_login(beta_user)
    assert client.get(f"/challenges/{challenge.pk}/").status_code == 404
