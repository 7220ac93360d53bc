from __future__ import annotations

from challenges import services
from challenges.models import Challenge
from tests.frontend.challenges.helpers import close_round, scored, text


def decide(released):
    scored(released)
    close_round(released)
    first = released.challenge.prizes.get(name="First place")
    services.decisions_record(
        acting_user=released.chair,
        challenge=released.challenge,
        awards=[{"prize": first.pk, "entry": released.entries["acme"].pk, "rationale": "Best."}],
    )


def test_results_are_not_public_until_published(client, alice, released):
    decide(released)
    assert client.get(f"/challenges/{released.challenge.pk}/results/").status_code == 404


def test_only_the_owners_publish_them(client, alice, dora, released):
    decide(released)
    url = f"/challenges/{released.challenge.pk}/results/publish/"
    for user, status in ((released.chair, 403), (dora, 404), (alice, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    assert "Best." in text(client.get(url))


def test_published_results_show_winners_and_link_to_the_open_data(client, alice, released):
    decide(released)
    client.force_login(alice)

    response = client.post(f"/challenges/{released.challenge.pk}/results/publish/")

    assert response["Location"] == f"/challenges/{released.challenge.pk}/results/"
    assert Challenge.objects.get(pk=released.challenge.pk).status == "published"
    client.logout()
    html = text(client.get(response["Location"]))
    assert "First place: £20,000" in html and "Best." in html
    assert "By Acme (test)." in html
    pk = released.challenge.pk
    assert f'href="/api/challenges/{pk}/open-data.json"' in html
    assert f'href="/api/challenges/{pk}/open-data.csv"' in html
    assert client.get(f"/api/challenges/{pk}/open-data.json").status_code == 200
