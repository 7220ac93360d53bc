from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from challenges.models import Challenge, Prize
from tests.frontend.challenges.helpers import date_fields, text
from tests.frontend.helpers import read


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/edit/"


def sent_back(client, challenge, **changes):
    """What the edit form sends with nothing changed, then the changes."""
    form = client.get(url(challenge)).context["form"]
    data = {"prizes-rows": str(len(form.prize_rows))}
    for row in form.prize_rows:
        for part in ("name", "kind", "amount", "awards"):
            data[f"prizes-{row['index']}-{part}"] = row[part]
    for name in ("title", "problem_statement", "background", "audience", "eligibility"):
        data[name] = form[name].value() or ""
    for name in ("opens_at", "closes_at"):
        data.update(date_fields(name, getattr(challenge, name)))
    data.update(changes)
    return data


def test_it_checks_ownership(client, alice, bob, charlie, dora, joint):
    for user, status in ((alice, 200), (bob, 200), (charlie, 200), (dora, 404)):
        client.force_login(user)
        assert client.get(url(joint)).status_code == status, user
    client.logout()
    assert client.get(url(joint)).status_code == 302


def test_an_outsider_who_can_see_a_published_challenge_gets_not_found(client, dora, challenge):
    client.force_login(dora)
    assert client.get(url(challenge)).status_code == 404


def test_an_entrant_who_tries_to_change_it_is_told_why(client, supplier_user, acme, challenge):
    from tests.challenges.helpers import submitted_entry

    submitted_entry(supplier_user, acme, challenge)
    client.force_login(supplier_user)
    response = client.get(url(challenge))
    assert response.status_code == 403
    assert "Only officers of Camden (test) can change this challenge." in response.content.decode()


def test_the_co_owner_changes_the_draft_and_its_prizes(client, charlie, joint):
    client.force_login(charlie)

    data = sent_back(client, joint, title="Joint draft, renamed", **{"prizes-0-amount": "25000"})
    response = client.post(url(joint), data)

    assert response.status_code == 302
    joint.refresh_from_db()
    assert joint.title == "Joint draft, renamed"
    assert Prize.objects.get(challenge=joint, name="First place").amount == 25000
    assert Prize.objects.filter(challenge=joint).count() == 3


def test_a_refused_change_leaves_the_draft_as_it_was(client, alice, joint):
    client.force_login(alice)
    before = Challenge.objects.get(pk=joint.pk).closes_at

    data = sent_back(
        client,
        joint,
        title="Never saved",
        **date_fields("closes_at", timezone.now() - timedelta(days=3)),
    )
    response = client.post(url(joint), data)

    assert read(response).field_errors["id_closes_at"] == (
        "Error: The challenge must close after it opens."
    )
    joint.refresh_from_db()
    assert joint.title == "Joint draft" and joint.closes_at == before


def test_a_published_challenges_terms_are_fixed(client, alice, challenge):
    client.force_login(alice)

    response = client.get(url(challenge))

    assert response.status_code == 409
    assert "cannot change now" in text(response)
