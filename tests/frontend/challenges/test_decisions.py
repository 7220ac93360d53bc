from __future__ import annotations

from challenges.models import Challenge, PrizeAward
from tests.frontend.challenges.helpers import close_round, scored
from tests.frontend.helpers import read


def url(challenge) -> str:
    return f"/challenges/{challenge.pk}/winners/"


def test_only_the_last_rounds_chair_records_winners(client, alice, dora, released):
    # The challenge is public, but an outsider has no part in it: 404, as if unseen.
    # A judge and the owners do have a part, so they are told why (403).
    for user, status in (
        (released.chair, 200),
        (released.judges[0], 403),
        (alice, 403),
        (dora, 404),
    ):
        client.force_login(user)
        assert client.get(url(released.challenge)).status_code == status, user


def test_the_chair_records_winners_with_their_reasons(client, released):
    scored(released)
    close_round(released)
    challenge = released.challenge
    first = challenge.prizes.get(name="First place")
    commended = challenge.prizes.get(name="Highly commended")
    acme, beta = released.entries["acme"], released.entries["beta"]
    client.force_login(released.chair)

    response = client.post(
        url(challenge),
        {
            f"prize_{first.pk}_1": acme.pk,
            f"rationale_{first.pk}_1": "The clearest plan.",
            f"prize_{commended.pk}_1": beta.pk,
            f"rationale_{commended.pk}_1": "Promising.",
        },
    )

    assert response["Location"] == f"/challenges/{challenge.pk}/"
    assert set(PrizeAward.objects.values_list("prize", "entry", "rationale")) == {
        (first.pk, acme.pk, "The clearest plan."),
        (commended.pk, beta.pk, "Promising."),
    }
    assert Challenge.objects.get(pk=challenge.pk).status == "decided"


def test_a_winner_needs_a_reason_and_nothing_is_half_saved(client, released):
    scored(released)
    close_round(released)
    first = released.challenge.prizes.get(name="First place")
    second = released.challenge.prizes.get(name="Second place")
    client.force_login(released.chair)

    response = client.post(
        url(released.challenge),
        {
            f"prize_{first.pk}_1": released.entries["acme"].pk,
            f"rationale_{first.pk}_1": "The clearest plan.",
            f"prize_{second.pk}_1": released.entries["beta"].pk,
            f"rationale_{second.pk}_1": "",
        },
    )

    assert read(response).field_errors[f"id_rationale_{second.pk}_1"] == (
        "Error: Say why this entry wins Second place"
    )
    assert not PrizeAward.objects.exists()


def test_one_entry_cannot_win_two_prizes(client, released):
    scored(released)
    close_round(released)
    first = released.challenge.prizes.get(name="First place")
    second = released.challenge.prizes.get(name="Second place")
    acme = released.entries["acme"]
    client.force_login(released.chair)

    response = client.post(
        url(released.challenge),
        {
            f"prize_{first.pk}_1": acme.pk,
            f"rationale_{first.pk}_1": "Best.",
            f"prize_{second.pk}_1": acme.pk,
            f"rationale_{second.pk}_1": "Also best.",
        },
    )

    assert read(response).field_errors[f"id_prize_{first.pk}_1"] == (
        f"Error: Entry {acme.pk} can win only one prize."
    )
    assert not PrizeAward.objects.exists()


def test_winners_wait_for_scoring_to_close(client, released):
    first = released.challenge.prizes.get(name="First place")
    client.force_login(released.chair)

    response = client.post(
        url(released.challenge),
        {f"prize_{first.pk}_1": released.entries["acme"].pk, f"rationale_{first.pk}_1": "Best."},
    )

    assert (
        "Close the last round's scoring before deciding." in dict(read(response).summary).values()
    )
    assert not PrizeAward.objects.exists()
