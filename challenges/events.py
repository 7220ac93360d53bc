"""What entrants and judges are told. Each function is called inside the service's
transaction; notify writes the notices and outbox e-mails in it, so nothing is sent
for a change that rolled back.

Nothing sent to a judge names an entrant: a judge may be on a blind round, and a
notice or e-mail is a surface like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

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
    PrizeKind,
    Round,
    ScoreSheet,
)
from loti.accounts.models import Membership, User
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
    ("challenges.judge_removed", "{{ title }}: you are no longer on the panel of {{ round_name }}"),
    ("challenges.chair_changed", "{{ title }}: you now chair {{ round_name }}"),
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
    """Each entrant is told privately, at the announcement and not before, what their
    own entry won (a prize, highly commended, or not placed) and whether judges left
    feedback for them. Every submitted entry's people get exactly one notice for it:
    partners' included, and an officer who announces while also belonging to an
    entrant (no one is skipped as the actor)."""
    awards: Mapping[int, PrizeAward] = {
        award.entry_id: award
        for award in PrizeAward.objects.filter(prize__challenge=challenge).select_related("prize")
    }
    entries = list(
        Entry.objects.filter(challenge=challenge, status=EntryStatus.SUBMITTED).order_by("id")
    )
    with_feedback = set(
        ScoreSheet.objects.filter(entry__in=entries)
        .exclude(feedback="")
        .values_list("entry_id", flat=True)
    )
    people = entrant_members_by_entry(entries)
    for entry in entries:
        notify(
            event="challenges.results",
            recipients=people[entry.pk],
            target=entry,
            category=CATEGORY,
            actor=None,
            context={
                "title": challenge.title,
                "message": result_message(
                    entry, awards.get(entry.pk), feedback=entry.pk in with_feedback
                ),
                "path": _entry_path(entry) + "#feedback",
            },
        )


def result_message(entry: Entry, award: PrizeAward | None, *, feedback: bool) -> str:
    """What one entrant is told at the announcement."""
    if award is None:
        verdict = f"Your entry “{entry.title}” was not placed this time."
    elif award.prize.kind == PrizeKind.COMMENDED:
        verdict = f"Your entry “{entry.title}” is highly commended ({award.prize.name})."
    else:
        amount = f", {_pounds(award.prize.amount)}" if award.prize.amount is not None else ""
        verdict = f"Your entry “{entry.title}” won {award.prize.name}{amount}."
    if award is not None:
        verdict += f" The judges' reasons: {award.rationale}"
    after = (
        " The judges' feedback on your entry is now on its page."
        if feedback
        else " The results are now public."
    )
    return verdict + after


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}".replace(".00", "")


def entrant_members_by_entry(entries: Iterable[Entry]) -> dict[int, list[User]]:
    """The people of each entry's supplier and partners now, in three queries."""
    ids = [entry.pk for entry in entries]
    organisations: dict[int, set[int]] = {pk: set() for pk in ids}
    for entry_id, supplier_id in Entry.objects.filter(pk__in=ids).values_list("pk", "supplier_id"):
        organisations[entry_id].add(supplier_id)
    for entry_id, partner_id in Entry.partners.through.objects.filter(entry_id__in=ids).values_list(
        "entry_id", "organisation_id"
    ):
        organisations[entry_id].add(partner_id)
    everyone = {org for orgs in organisations.values() for org in orgs}
    by_organisation: dict[int, list[User]] = {}
    for membership in (
        Membership.objects.active()
        .filter(organisation_id__in=everyone, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
    return {
        entry_id: [user for org in sorted(orgs) for user in by_organisation.get(org, [])]
        for entry_id, orgs in organisations.items()
    }


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


def judge_removed(*, round_: Round, member: PanelMember, acting_user: User) -> None:
    """Tell the person taken off the panel (or whose invitation is withdrawn)."""
    joined = member.user is not None
    notify(
        event="challenges.judge_removed",
        recipients=[member.user] if member.user is not None else [],
        addresses=[] if joined else [member.email],
        target=round_,
        category=CATEGORY,
        actor=acting_user,
        context={
            "title": round_.challenge.title,
            "round_name": round_.name,
            "message": (
                f"You are no longer a judge on {round_.name}. You have nothing more to score "
                "there, and scores you gave no longer count."
                if joined
                else f"Your invitation to judge {round_.name} is withdrawn: the link no "
                "longer works."
            ),
            "path": _challenge_path(round_.challenge),
        },
    )


def chair_changed(*, round_: Round, member: PanelMember, acting_user: User) -> None:
    notify(
        event="challenges.chair_changed",
        recipients=[member.user] if member.user is not None else [],
        target=round_,
        category=CATEGORY,
        actor=acting_user,
        context={
            "title": round_.challenge.title,
            "round_name": round_.name,
            "message": f"You now chair the panel of {round_.name}: you review conflicts of "
            "interest, assign entries to judges and, once scoring closes, advance entries.",
            "path": _round_path(round_),
        },
    )
