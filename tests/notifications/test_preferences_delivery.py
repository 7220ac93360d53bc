"""What notify does with each preference: e-mail now, hold for a summary, or nothing."""

from __future__ import annotations

from typing import Any

from django.core import mail

from loti.accounts.models import Membership, User
from loti.notifications.models import (
    Category,
    DigestItem,
    Frequency,
    Notification,
    OutboundEmail,
)
from loti.notifications.outbox import outbox_send_pending
from loti.notifications.services import notify, preferences_update
from tests.factories import UserFactory
from tests.notifications.helpers import prefer, project_updated


def test_immediately_writes_an_outbox_email_with_a_link_to_the_thing(alice: User) -> None:
    prefer(alice, Category.PROJECTS, Frequency.IMMEDIATELY)

    project_updated(alice)

    email = OutboundEmail.objects.get()
    assert (email.to_address, email.state, email.kind) == (alice.email, "pending", "immediate")
    assert email.subject == "Libraries chatbot was updated"
    assert "http://testserver/projects/1/" in email.body_text
    assert "LOTI Workspace" in email.body_text
    assert 'href="http://testserver/projects/1/"' in email.body_html
    assert not DigestItem.objects.exists()


def test_daily_holds_the_item_for_the_summary_and_sends_nothing_now(alice: User) -> None:
    prefer(alice, Category.PROJECTS, Frequency.DAILY)

    [notice] = project_updated(alice)

    assert not OutboundEmail.objects.exists()
    item = DigestItem.objects.get()
    assert (item.notification, item.frequency, item.digest_run) == (notice, "daily", None)
    assert Notification.objects.get().recipient == alice


def test_weekly_holds_the_item_for_the_weekly_summary(alice: User) -> None:
    prefer(alice, Category.PROJECTS, Frequency.WEEKLY)

    project_updated(alice)

    assert DigestItem.objects.get().frequency == "weekly"
    assert not OutboundEmail.objects.exists()


def test_off_sends_nothing_but_the_notice_still_shows_in_the_app(alice: User) -> None:
    prefer(alice, Category.PROJECTS, Frequency.OFF)

    project_updated(alice)
    outbox_send_pending()

    assert not OutboundEmail.objects.exists()
    assert not DigestItem.objects.exists()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 1


def test_account_mail_ignores_off(alice: User, bob: User, mailoutbox: list[Any]) -> None:
    preferences_update(
        acting_user=bob,
        changes={c: Frequency.OFF for c in Category.values if c != Category.ACCOUNT},
    )
    membership = Membership.objects.get(user=bob)

    notify(
        event="accounts.membership_role_changed",
        recipients=[bob],
        target=membership,
        context={"membership": membership, "previous_label": "Member", "role_label": "Admin"},
        category=Category.ACCOUNT,
        actor=alice,
    )
    outbox_send_pending()

    assert [m.to for m in mailoutbox] == [[bob.email]]
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


def test_each_person_gets_their_own_choice(alice: User, bob: User) -> None:
    prefer(alice, Category.TENDERS, Frequency.OFF)
    notify(
        event="tests.project_updated",
        recipients=[alice, bob],
        target=None,
        context={"project_name": "Tender for libraries"},
        category=Category.TENDERS,
    )

    # Tenders default to straight away: bob gets an e-mail, alice (off) does not.
    assert list(OutboundEmail.objects.values_list("to_address", flat=True)) == [bob.email]
    assert Notification.objects.count() == 2


def test_the_actor_and_closed_accounts_are_not_told(alice: User, bob: User) -> None:
    closed = UserFactory.create(is_active=False)

    project_updated(alice, bob, closed, bob, actor=alice)

    assert list(Notification.objects.values_list("recipient", flat=True)) == [bob.pk]


def test_nothing_is_written_when_the_producer_rolls_back(alice: User) -> None:
    from django.db import transaction

    prefer(alice, Category.PROJECTS, Frequency.IMMEDIATELY)
    try:
        with transaction.atomic():
            project_updated(alice)
            raise RuntimeError("the producer failed after notifying")
    except RuntimeError:
        pass

    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_switching_a_category_off_drops_its_waiting_summary_items(alice: User) -> None:
    prefer(alice, Category.PROJECTS, Frequency.DAILY)
    project_updated(alice)

    preferences_update(acting_user=alice, changes={Category.PROJECTS: Frequency.OFF})

    assert not DigestItem.objects.exists()
    assert Notification.objects.count() == 1


def test_switching_daily_to_weekly_moves_the_waiting_items(alice: User) -> None:
    prefer(alice, Category.PROJECTS, Frequency.DAILY)
    project_updated(alice)

    preferences_update(acting_user=alice, changes={Category.PROJECTS: Frequency.WEEKLY})

    assert DigestItem.objects.get().frequency == "weekly"


def test_a_title_naming_the_thing_as_title_is_said_once_in_the_subject(alice: User) -> None:
    # Challenge events name the challenge as {{ title }}, the key the rendered line takes.
    prefer(alice, Category.CHALLENGES, Frequency.IMMEDIATELY)

    notify(
        event="challenges.judge_invited",
        recipients=[alice],
        target=None,
        context={"title": "Cold homes", "path": "/challenges/1/"},
        category=Category.CHALLENGES,
    )

    email = OutboundEmail.objects.get()
    notification = Notification.objects.get()
    assert email.subject == "You are invited to judge Cold homes"
    assert notification.title == "You are invited to judge Cold homes"
    assert email.body_text.count("You are invited to judge") == 1
