from __future__ import annotations

from challenges import judging, services
from tests.frontend.challenges.helpers import scored, text


def announce(released):
    scored(released)
    judging.round_close(acting_user=released.chair, round_=released.round)
    prize = released.challenge.prizes.get(name="First place")
    entry = released.entries["acme"]
    services.decisions_record(
        acting_user=released.chair,
        challenge=released.challenge,
        awards=[{"prize": prize.pk, "entry": entry.pk, "rationale": "The clearest plan."}],
    )


def test_feedback_is_released_only_when_the_results_are_published(
    client, alice, supplier_user, released
):
    announce(released)
    entry = released.entries["acme"]
    client.force_login(supplier_user)
    assert "Strong idea." not in text(client.get(f"/challenges/entries/{entry.pk}/"))

    services.results_publish(acting_user=alice, challenge=released.challenge)

    html = text(client.get(f"/challenges/entries/{entry.pk}/"))
    assert "Your entry won: First place" in html and "The clearest plan." in html
    assert "Strong idea." in html and "From a judge in Shortlisting" in html
    for judge in released.judges:
        assert judge.full_name not in html and judge.email not in html


def test_the_results_notice_links_to_the_feedback(supplier_user, alice, released):
    from loti.notifications.models import Notification

    announce(released)
    services.results_publish(acting_user=alice, challenge=released.challenge)

    notice = Notification.objects.get(recipient=supplier_user, event="challenges.results")
    assert notice.path == f"/challenges/entries/{released.entries['acme'].pk}/#feedback"
