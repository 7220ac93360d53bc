"""Reads for challenges, each scoped to the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from challenges.access import (
    is_chair,
    is_entrant,
    is_owner,
    judge_entry_ids,
    panel_place,
    sealed_attachment_ids,
    signed_in,
)
from challenges.models import (
    BLOCKING_CONFLICT_STATUSES,
    Assignment,
    AssignmentBatch,
    Challenge,
    ChallengeQuestion,
    ChallengeStatus,
    ConflictStatus,
    Eligibility,
    Entry,
    EntryAttachment,
    EntryConflict,
    EntryStatus,
    PanelMember,
    Prize,
    PrizeAward,
    Round,
    RoundEntry,
    ScoreSheet,
)
from loti.accounts.models import Organisation, User
from loti.permissions import active_organisation_ids

RESULTS_PUBLIC = [ChallengeStatus.PUBLISHED]


def challenges_visible_to(*, user: User | Any, status: str = "") -> QuerySet[Challenge]:
    """Challenges the user may see: published ones to their audience; drafts to owners."""
    challenges = (
        Challenge.objects.with_clock()
        .visible_to(user)
        .select_related("owner")
        .prefetch_related("co_owners", "prizes")
    )
    if status:
        # with_clock's annotation, which the stubs cannot see.
        challenges = challenges.filter(db_stage=status)  # type: ignore[misc]
    return challenges


def questions_visible_to(*, user: User | Any, challenge: Challenge) -> QuerySet[ChallengeQuestion]:
    """Published Q&As for everyone who sees the challenge; your own unanswered ones;
    the owners see every question."""
    questions = ChallengeQuestion.objects.filter(challenge=challenge).select_related("organisation")
    if is_owner(user, challenge):
        return questions
    condition = Q(published_at__isnull=False)
    if signed_in(user):
        condition |= Q(asked_by=user)
    return questions.filter(condition)


def entries_of_challenge(*, user: User | Any, challenge: Challenge) -> QuerySet[Entry]:
    """The owners see submitted entries; everyone else their own organisations'."""
    entries = (
        Entry.objects.filter(challenge=challenge)
        .select_related("supplier", "latest_submission")
        .prefetch_related("partners")
        .order_by("created_at", "id")
    )
    if not signed_in(user):
        return entries.none()
    if is_owner(user, challenge):
        return entries.filter(latest_submission__isnull=False)
    org_ids = active_organisation_ids(user)
    own = Entry.objects.filter(Q(supplier_id__in=org_ids) | Q(partners__in=org_ids)).values("pk")
    return entries.filter(pk__in=own)


def attachments_of(*, entry: Entry) -> QuerySet[EntryAttachment]:
    return EntryAttachment.objects.filter(entry=entry, removed_at__isnull=True).order_by("id")


def entry_documents_for(*, user: User | Any, entry: Entry) -> QuerySet[EntryAttachment]:
    """The entrant's people see their working set (what the next submission will
    seal); everyone else, like a buyer with sealed bids, exactly what the latest
    submission sealed: no document added since, and none removed since left out."""
    if is_entrant(user, entry):
        return attachments_of(entry=entry)
    return submitted_attachments(entry=entry)


def rounds_of(*, challenge: Challenge) -> QuerySet[Round]:
    return (
        Round.objects.filter(challenge=challenge)
        .prefetch_related("criteria")
        .annotate(entry_count=Count("round_entries", distinct=True))
        .order_by("number")
    )


def panel_of(*, round_: Round) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(round=round_)
        .select_related("user")
        .order_by("-is_chair", "email", "id")
    )


def round_entries_for(*, user: User | Any, round_: Round) -> QuerySet[Entry]:
    """The round's entries for the owners and the chair; a judge's own released,
    unconflicted assignments (after declaring) for a judge."""
    entries = (
        Entry.objects.filter(round_entries__round=round_)
        .select_related("supplier", "latest_submission")
        .prefetch_related("partners")
        .order_by("id")
    )
    if is_owner(user, round_.challenge) or is_chair(user, round_):
        return entries
    return entries.filter(pk__in=judge_entry_ids(user=user, round_=round_)).annotate(
        scored=Exists(
            ScoreSheet.objects.filter(round=round_, entry_id=OuterRef("pk"), judge_id=user.pk)
        )
    )


def declaration_entries(*, round_: Round) -> QuerySet[Entry]:
    """What a judge declares against: the round's entries (names only where not blind)."""
    return (
        Entry.objects.filter(round_entries__round=round_)
        .select_related("supplier")
        .prefetch_related("partners")
        .order_by("id")
    )


def conflicts_for(*, user: User | Any, round_: Round) -> QuerySet[EntryConflict]:
    """The chair sees every conflict on the round's entries; a judge their own."""
    conflicts = EntryConflict.objects.filter(
        entry_id__in=RoundEntry.objects.filter(round=round_).values("entry_id")
    ).select_related("judge", "entry__supplier")
    if is_chair(user, round_) or is_owner(user, round_.challenge):
        return conflicts.order_by("entry_id", "judge_id", "id")
    return conflicts.filter(judge_id=user.pk).order_by("entry_id", "id")


def assignments_for(*, user: User | Any, round_: Round) -> QuerySet[Assignment]:
    assignments = (
        Assignment.objects.filter(round=round_)
        .select_related("judge")
        .order_by("entry_id", "judge_id")
    )
    if is_chair(user, round_) or is_owner(user, round_.challenge):
        return assignments
    return assignments.filter(judge_id=user.pk, released_at__isnull=False)


def batch_with_assignments(*, batch: AssignmentBatch) -> AssignmentBatch:
    return AssignmentBatch.objects.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("judge"))
    ).get(pk=batch.pk)


def assignment_loads(*, round_: Round) -> dict[str, Any]:
    """Each judge's load and the entries short of k judges: what the chair previews."""
    loads = dict(
        Assignment.objects.filter(round=round_)
        .values_list("judge_id")
        .annotate(n=Count("id"))
        .values_list("judge_id", "n")
    )
    judges = PanelMember.objects.filter(
        round=round_, accepted_at__isnull=False, declared_at__isnull=False
    ).values_list("user_id", flat=True)
    per_entry = dict(
        RoundEntry.objects.filter(round=round_)
        .annotate(
            n=Count(
                "entry__assignments",
                filter=Q(entry__assignments__round=round_),
            )
        )
        .values_list("entry_id", "n")
    )
    return {
        "loads": {str(judge): loads.get(judge, 0) for judge in judges},
        "short": {
            str(entry): round_.judges_per_entry - n
            for entry, n in per_entry.items()
            if n < round_.judges_per_entry
        },
    }


def sheets_for(*, user: User | Any, round_: Round, entry: Entry) -> QuerySet[ScoreSheet]:
    """Your own score sheet; other judges' only once you have submitted yours. The
    chair and the owners see all."""
    sheets = (
        ScoreSheet.objects.filter(round=round_, entry=entry)
        .select_related("judge")
        .order_by("judge__full_name", "id")
    )
    if is_chair(user, round_) or is_owner(user, round_.challenge):
        return sheets
    if sheets.filter(judge_id=user.pk).exists():
        return sheets
    return sheets.filter(judge_id=user.pk)


def feedback_for(*, entry: Entry) -> list[dict[str, Any]]:
    """The feedback judges wrote for the entrant, by round, never naming the judge;
    only once the results are published."""
    sheets = (
        ScoreSheet.objects.filter(entry=entry)
        .exclude(feedback="")
        .select_related("round")
        .order_by("round__number", "id")
    )
    return [{"round": sheet.round.name, "feedback": sheet.feedback} for sheet in sheets]


def public_results(*, challenge: Challenge) -> dict[str, Any]:
    """The results page: prizes with their winners and rationale, and the shortlist."""
    prizes = Prize.objects.filter(challenge=challenge).prefetch_related(
        Prefetch(
            "winners",
            queryset=PrizeAward.objects.select_related("entry__supplier").prefetch_related(
                "entry__partners"
            ),
        )
    )
    shortlisted = (
        Entry.objects.filter(
            round_entries__round__challenge=challenge, round_entries__round__number__gt=1
        )
        .select_related("supplier")
        .prefetch_related("partners")
        .distinct()
        .order_by("id")
    )
    return {"challenge": challenge, "prizes": list(prizes), "shortlisted": list(shortlisted)}


def judges_by_id(*, round_: Round) -> dict[int, str]:
    return {
        user.pk: user.full_name or user.email
        for user in User.objects.filter(panel_places__round=round_)
    }


def round_viewer(*, user: User | Any, round_: Round) -> dict[str, bool]:
    place = panel_place(user, round_)
    return {
        "is_owner": is_owner(user, round_.challenge),
        "is_judge": place is not None,
        "is_chair": bool(place and place.is_chair),
        "declared": bool(place and place.declared_at),
    }


# What the GOV.UK pages need besides ---------------------------------------------------


def organisations_to_invite() -> QuerySet[Organisation]:
    """Who an invite-only challenge can be opened to: any organisation, by name."""
    return Organisation.objects.order_by("name")


def partner_candidates(*, supplier: Organisation) -> QuerySet[Organisation]:
    """The organisations an entrant may name as partners in a consortium."""
    return Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER).exclude(pk=supplier.pk)


def own_entries(*, user: User | Any, challenge: Challenge) -> QuerySet[Entry]:
    """The entries of the user's organisations (as the entrant or a partner), live ones
    first, newest first."""
    if not signed_in(user):
        return Entry.objects.none()
    org_ids = active_organisation_ids(user)
    own = Entry.objects.filter(Q(supplier_id__in=org_ids) | Q(partners__in=org_ids)).values("pk")
    return (
        Entry.objects.filter(challenge=challenge, pk__in=own)
        .select_related("supplier", "latest_submission")
        .order_by(
            Case(When(status=EntryStatus.WITHDRAWN, then=Value(1)), default=Value(0)),
            "-created_at",
            "-id",
        )
    )


def panel_places_of(*, user: User | Any, challenge: Challenge) -> QuerySet[PanelMember]:
    """The user's accepted places on the challenge's judging panels."""
    if not signed_in(user):
        return PanelMember.objects.none()
    return (
        PanelMember.objects.filter(round__challenge=challenge, user=user, accepted_at__isnull=False)
        .select_related("round")
        .order_by("round__number")
    )


def owner_summary(*, challenge: Challenge) -> dict[str, int]:
    """What waits for the owners: questions to answer, entries in and to screen."""
    questions = ChallengeQuestion.objects.filter(challenge=challenge).aggregate(
        waiting=Count("id", filter=Q(published_at__isnull=True))
    )
    entries = Entry.objects.filter(challenge=challenge, status=EntryStatus.SUBMITTED).aggregate(
        submitted=Count("id"), unscreened=Count("id", filter=Q(eligibility=Eligibility.PENDING))
    )
    return {**questions, **entries}


def batches_of(*, round_: Round) -> QuerySet[AssignmentBatch]:
    """The round's bulk assignments that can still be undone, newest first."""
    return (
        AssignmentBatch.objects.filter(round=round_, undone_at__isnull=True)
        .annotate(size=Count("assignments"))
        .filter(size__gt=0)
        .order_by("-id")
    )


def submitted_attachments(*, entry: Entry) -> QuerySet[EntryAttachment]:
    """The documents sealed with the entry's latest submission (even if removed from
    the working copy since)."""
    if entry.latest_submission is None:
        return EntryAttachment.objects.none()
    ids = sealed_attachment_ids(entry)
    return EntryAttachment.objects.filter(entry=entry, pk__in=ids).order_by("id")


def final_round(*, challenge: Challenge) -> Round | None:
    return Round.objects.filter(challenge=challenge).order_by("-number").first()


def finalists(*, round_: Round) -> QuerySet[Entry]:
    """The entries in the round, the ones a prize can go to when it is the last."""
    return (
        Entry.objects.filter(round_entries__round=round_)
        .select_related("supplier")
        .order_by("title", "id")
    )


def awards_of(*, challenge: Challenge) -> QuerySet[PrizeAward]:
    return PrizeAward.objects.filter(prize__challenge=challenge).select_related(
        "prize", "entry__supplier"
    )


def challenge_of_entry(*, entry: Entry) -> Challenge:
    """The entry's challenge, read with the database clock. Whoever may read the entry
    may read this much of its challenge (a partner not on an invite list included)."""
    return (
        Challenge.objects.with_clock()
        .select_related("owner")
        .prefetch_related("prizes")
        .get(pk=entry.challenge_id)
    )


def can_score(*, user: User | Any, round_: Round, entry: Entry) -> bool:
    """Whether the user is a judge given this entry (released) in the round."""
    if not signed_in(user):
        return False
    return Assignment.objects.filter(
        round=round_, entry=entry, judge_id=user.pk, released_at__isnull=False
    ).exists()


def sealed_attachment_names(*, entry: Entry) -> list[dict[str, Any]]:
    """The documents listed in the entry's latest submission, as the receipt has them."""
    if entry.latest_submission is None:
        return []
    return list(entry.latest_submission.content.get("attachments", []))


def supplier_organisations() -> QuerySet[Organisation]:
    """Every supplier, by name: what a judge in a blind round declares against (the
    list says nothing about who entered)."""
    return Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER).order_by("name")


def round_has_scores(*, round_: Round) -> bool:
    """Once any score is in, the ranking method is fixed."""
    return ScoreSheet.objects.filter(round=round_).exists()


def next_round(*, round_: Round) -> Round | None:
    return Round.objects.filter(challenge_id=round_.challenge_id, number=round_.number + 1).first()


def declared_judges(*, round_: Round) -> list[User]:
    """The panel members who have joined and declared: the ones who can be assigned."""
    return list(
        User.objects.filter(
            panel_places__round=round_,
            panel_places__accepted_at__isnull=False,
            panel_places__declared_at__isnull=False,
        ).order_by("full_name", "email")
    )


def assignment_table(*, round_: Round, entries: list[Entry]) -> list[dict[str, Any]]:
    """For each entry: its judges (released or not, scored or not) and how many more
    it needs. Two queries, whatever the number of entries."""
    scored = set(ScoreSheet.objects.filter(round=round_).values_list("entry_id", "judge_id"))
    by_entry: dict[int, list[dict[str, Any]]] = {entry.pk: [] for entry in entries}
    rows = (
        Assignment.objects.filter(round=round_)
        .select_related("judge")
        .order_by("judge__full_name", "id")
    )
    for assignment in rows:
        by_entry.setdefault(assignment.entry_id, []).append(
            {
                "assignment": assignment,
                "scored": (assignment.entry_id, assignment.judge_id) in scored,
            }
        )
    return [
        {
            "entry": entry,
            "judges": by_entry[entry.pk],
            "short": max(0, round_.judges_per_entry - len(by_entry[entry.pk])),
        }
        for entry in entries
    ]


def judge_loads(*, round_: Round, judges: list[User]) -> list[dict[str, Any]]:
    """Each assignable judge's load: assigned, released and scored."""
    counts = {
        row["judge_id"]: row
        for row in Assignment.objects.filter(round=round_)
        .values("judge_id")
        .annotate(
            assigned=Count("id"),
            released=Count("id", filter=Q(released_at__isnull=False)),
        )
    }
    scored = dict(
        ScoreSheet.objects.filter(round=round_)
        .values_list("judge_id")
        .annotate(n=Count("id"))
        .values_list("judge_id", "n")
    )
    return [
        {
            "judge": judge,
            "assigned": counts.get(judge.pk, {}).get("assigned", 0),
            "released": counts.get(judge.pk, {}).get("released", 0),
            "scored": scored.get(judge.pk, 0),
        }
        for judge in judges
    ]


def unreleased_count(*, round_: Round) -> int:
    return Assignment.objects.filter(round=round_, released_at__isnull=True).count()


def batch_size(*, batch: AssignmentBatch) -> int:
    return Assignment.objects.filter(batch=batch).count()


def entry_outcome(*, entry: Entry, challenge: Challenge) -> dict[str, Any]:
    """What the entrant is told once the results are published: the prizes the entry
    won and the judges' feedback (never naming a judge). Nothing before."""
    if challenge.status != ChallengeStatus.PUBLISHED:
        return {"results_out": False, "awards": [], "feedback": []}
    awards = PrizeAward.objects.filter(entry=entry).select_related("prize")
    return {"results_out": True, "awards": list(awards), "feedback": feedback_for(entry=entry)}


def withheld_from(*, user: User | Any, round_: Round) -> QuerySet[EntryConflict]:
    """The judge's conflicts that keep entries of the round from them: flags found
    automatically that the chair has not reviewed yet, and conflicts declared or
    confirmed."""
    if not signed_in(user):
        return EntryConflict.objects.none()
    return (
        EntryConflict.objects.filter(
            judge_id=user.pk,
            status__in=BLOCKING_CONFLICT_STATUSES,
            entry_id__in=RoundEntry.objects.filter(round=round_).values("entry_id"),
        )
        .select_related("entry")
        .order_by("entry_id", "id")
    )


def flags_waiting(*, round_: Round) -> int:
    """Flags on the round's entries that the chair has yet to confirm or dismiss."""
    return EntryConflict.objects.filter(
        status=ConflictStatus.FLAGGED,
        entry_id__in=RoundEntry.objects.filter(round=round_).values("entry_id"),
    ).count()


def panel_member_load(*, round_: Round, member: PanelMember) -> dict[str, int]:
    """What taking the member off the panel would undo: entries assigned and not yet
    scored (released back), and score sheets (withdrawn)."""
    if member.user_id is None:
        return {"unscored": 0, "scored": 0}
    scored = ScoreSheet.objects.filter(round=round_, judge_id=member.user_id)
    unscored = (
        Assignment.objects.filter(round=round_, judge_id=member.user_id)
        .exclude(entry_id__in=scored.values("entry_id"))
        .count()
    )
    return {"unscored": unscored, "scored": scored.count()}
