"""What entrants and judges are told. Each function is called inside the service's
transaction; notify writes the notices and outbox e-mails in it, so nothing is sent
for a change that rolled back.

Nothing sent to a judge names an entrant: a judge may be on a blind round, and a
notice or e-mail is a surface like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from challenges.models import (
    LIVE_ENTRY_STATUSES,
    Challenge,
    ChallengeQuestion,
    Eligibility,
    Entry,
    EntryStatus,
    EntrySubmission,
    PanelMember,
    PrizeAward,
    Round,
)
from loti.accounts.models import User
from loti.notifications.models import Category
from loti.notifications.registry import EventType, event_register
from loti.notifications.services import notify
from procurement.dates import london_time

for name, title in [
    ("challenges.question_answered", "A clarification answer was published for {{ title }}"),
    ("challenges.cancelled", "{{ title }} has been cancelled"),
    ("challenges.entry_received", "{{ title }}: your entry was received"),
    ("challenges.entry_screened", "{{ title }}: your entry is {{ outcome }}"),
    ("challenges.shortlisted", "{{ title }}: your entry goes through to {{ round_name }}"),
    ("challenges.results", "{{ title }}: the results are published"),
    ("challenges.judge_invited", "You are invited to judge {{ title }}"),
    ("challenges.assignments_released", "{{ title }}: you have entries to score"),
    ("challenges.judging_reminder", "{{ title }}: judging closes in less than 48 hours"),
]:
    event_register(EventType(name=name, title=title))

CATEGORY = Category.CHALLENGES


# Links go to the GOV.UK pages (frontend/views_challenges*.py), not to the API.


def _challenge_path(challenge: Challenge) -> str:
    return reverse("frontend:challenge-detail", kwargs={"challenge_id": challenge.pk})


def _entry_path(entry: Entry) -> str:
    return reverse("frontend:challenge-entry", kwargs={"entry_id": entry.pk})


def _round_path(round_: Round) -> str:
    return reverse("frontend:challenge-round", kwargs={"round_id": round_.pk})


def entrant_members(
    entries: Iterable[Entry] | None = None, *, challenge: Challenge | None = None
) -> list[User]:
    """The people of the entering suppliers and their partners now."""
    if entries is not None:
        ids = [entry.pk for entry in entries]
    else:
        ids = list(
            Entry.objects.filter(challenge=challenge)
            .exclude(status=EntryStatus.WITHDRAWN)
            .values_list("pk", flat=True)
        )
    suppliers = Entry.objects.filter(pk__in=ids).values("supplier_id")
    partners = Entry.partners.through.objects.filter(entry_id__in=ids).values("organisation_id")
    return list(
        User.objects.filter(
            Q(memberships__organisation_id__in=suppliers)
            | Q(memberships__organisation_id__in=partners),
            memberships__ended_at__isnull=True,
            is_active=True,
        ).distinct()
    )


def question_answered(*, question: ChallengeQuestion, acting_user: User) -> None:
    """Every entrant gets the answer, as published; never who asked."""
    challenge = question.challenge
    entries = Entry.objects.filter(challenge=challenge, status__in=LIVE_ENTRY_STATUSES)
    notify(
        event="challenges.question_answered",
        recipients=entrant_members(entries),
        target=challenge,
        category=CATEGORY,
        actor=acting_user,
        context={
            "title": challenge.title,
            "message": f"Q: {question.published_question}\n\nA: {question.answer}",
            "path": _challenge_path(challenge),
        },
    )


def challenge_cancelled(*, challenge: Challenge, acting_user: User) -> None:
    notify(
        event="challenges.cancelled",
        recipients=entrant_members(challenge=challenge),
        target=challenge,
        category=CATEGORY,
        actor=acting_user,
        context={
            "title": challenge.title,
            "message": f"{challenge.owner.name} gave this reason: {challenge.cancel_reason}",
            "path": _challenge_path(challenge),
        },
    )


def entry_received(*, entry: Entry, submission: EntrySubmission, acting_user: User) -> None:
    """The receipt: the database's time and the SHA-256 of what was submitted. The
    person who submitted is told too (they are the actor, so notify would skip them)."""
    recipients = [u for u in entrant_members([entry]) if u.pk != acting_user.pk]
    notify(
        event="challenges.entry_received",
        recipients=[*recipients, acting_user],
        target=entry,
        category=CATEGORY,
        actor=None,
        context={
            "title": entry.challenge.title,
            "message": f"Received at {london_time(submission.submitted_at)} (submission "
            f"{submission.number}). SHA-256 of what was submitted: {submission.sha256}.",
            "path": _entry_path(entry),
        },
    )


def entry_screened(*, entry: Entry, acting_user: User) -> None:
    eligible = entry.eligibility == Eligibility.ELIGIBLE
    reason = f" The reason: {entry.eligibility_reason}" if entry.eligibility_reason else ""
    notify(
        event="challenges.entry_screened",
        recipients=entrant_members([entry]),
        target=entry,
        category=CATEGORY,
        actor=acting_user,
        context={
            "title": entry.challenge.title,
            "outcome": "eligible" if eligible else "not eligible",
            "message": (
                "Your entry goes forward to judging."
                if eligible
                else "Your entry will not be judged."
            )
            + reason,
            "path": _entry_path(entry),
        },
    )


def entries_shortlisted(*, round_: Round, entry_ids: list[int], acting_user: User) -> None:
    for entry in Entry.objects.filter(pk__in=entry_ids).select_related("challenge"):
        notify(
            event="challenges.shortlisted",
            recipients=entrant_members([entry]),
            target=entry,
            category=CATEGORY,
            actor=acting_user,
            context={
                "title": entry.challenge.title,
                "round_name": round_.name,
                "message": f"Your entry “{entry.title}” is through to {round_.name}.",
                "path": _entry_path(entry),
            },
        )


def results_published(*, challenge: Challenge, acting_user: User) -> None:
    """Each entrant is told privately whether they won, with a link to their feedback."""
    won: Mapping[int, PrizeAward] = {
        award.entry_id: award
        for award in PrizeAward.objects.filter(prize__challenge=challenge).select_related("prize")
    }
    entries = Entry.objects.filter(challenge=challenge, status=EntryStatus.SUBMITTED)
    for entry in entries.order_by("id"):
        award = won.get(entry.pk)
        verdict = (
            f"Your entry won: {award.prize.name}." if award else "Your entry did not win a prize."
        )
        notify(
            event="challenges.results",
            recipients=entrant_members([entry]),
            target=entry,
            category=CATEGORY,
            actor=acting_user,
            context={
                "title": challenge.title,
                "message": f"{verdict} The judges' feedback on your entry is now available.",
                "path": _entry_path(entry) + "#feedback",
            },
        )


def judge_invited(*, member: PanelMember, token: str) -> None:
    """E-mail the invitee, who may have no account: to the address, not a person."""
    challenge = member.round.challenge
    path = reverse("frontend:challenge-judge-invitation", kwargs={"token": token})
    role = "chair" if member.is_chair else "judge"
    notify(
        event="challenges.judge_invited",
        recipients=[],
        addresses=[member.email],
        target=member.round,
        category=CATEGORY,
        actor=member.invited_by,
        context={
            "title": challenge.title,
            "message": f"{challenge.owner.name} invites you to be a {role} on "
            f"{member.round.name}. Accept with the link; you will declare any conflict of "
            "interest before you see an entry.",
            "path": path,
            "link": f"{settings.SITE_URL}{path}",
        },
    )


def assignments_released(*, round_: Round, counts: Mapping[int, int], acting_user: User) -> None:
    """Each judge is told how many entries they have, never which entrants."""
    judges = {user.pk: user for user in User.objects.filter(pk__in=list(counts))}
    deadline = f" Judging closes at {london_time(round_.deadline)}." if round_.deadline else ""
    for judge_id, count in sorted(counts.items()):
        notify(
            event="challenges.assignments_released",
            recipients=[judges[judge_id]],
            target=round_,
            category=CATEGORY,
            actor=acting_user,
            context={
                "title": round_.challenge.title,
                "message": f"You have {count} new entr{'y' if count == 1 else 'ies'} to score "
                f"in {round_.name}.{deadline}",
                "path": _round_path(round_),
            },
        )


def judging_reminder(*, round_: Round, judge: User, unscored: int) -> None:
    notify(
        event="challenges.judging_reminder",
        recipients=[judge],
        target=round_,
        category=CATEGORY,
        context={
            "title": round_.challenge.title,
            "message": f"You have {unscored} entr{'y' if unscored == 1 else 'ies'} still to "
            f"score in {round_.name}. Judging closes at {london_time(round_.deadline)}.",
            "path": _round_path(round_),
        },
    )
