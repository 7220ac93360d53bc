"""Every notice about a challenge links to the page where the person acts on it, not
to the API."""

from __future__ import annotations

from challenges import judging, services
from loti.notifications.models import Notification
from tests.challenges.helpers import close, make_round, submitted_entry
from tests.frontend.challenges.helpers import close_round, scored


def test_entrants_notices_link_to_the_entry_and_challenge_pages(
    alice, supplier_user, acme, challenge
):
    entry = submitted_entry(supplier_user, acme, challenge)
    question = services.question_ask(acting_user=supplier_user, challenge=challenge, question="Q?")
    services.question_answer(acting_user=alice, question=question, answer="A.")
    close(challenge)
    services.entry_screen(acting_user=alice, entry=entry, eligible=True)

    paths = dict(Notification.objects.filter(recipient=supplier_user).values_list("event", "path"))

    assert paths["challenges.entry_received"] == f"/challenges/entries/{entry.pk}/"
    assert paths["challenges.entry_screened"] == f"/challenges/entries/{entry.pk}/"
    assert paths["challenges.question_answered"] == f"/challenges/{challenge.pk}/"
    assert not any(path.startswith("/api/") for path in paths.values())


def test_a_shortlisted_entrant_is_sent_to_their_entry(client, alice, supplier_user, released):
    scored(released)
    close_round(released)
    make_round(alice, released.challenge, name="Final pitches", kind="final")
    entry = released.entries["acme"]
    judging.entries_advance(acting_user=released.chair, round_=released.round, entry_ids=[entry.pk])

    notice = Notification.objects.get(recipient=supplier_user, event="challenges.shortlisted")

    assert notice.path == f"/challenges/entries/{entry.pk}/"
    client.force_login(supplier_user)
    assert client.get(notice.path).status_code == 200
