"""The only way to fetch one challenge, entry, round or judging record for a request.

Missing and invisible give the same 404. A 403 (with the reason) is only for someone
with a part in the challenge (an officer of its owners, a judge on one of its panels,
a member of an organisation that entered) asking for something their part does not
allow: a judge trying an owner's action, say. Anyone else (an outsider reading a
public challenge) is refused with the same 404 as a challenge they cannot see. Who
is asking is always settled before the state of the thing asked about.

The judging itself (rounds, conflict flags, assignments, bulk assignments) is seen
only by the owners and the judges (`sees_judging`): to an entrant it is as missing as
to an outsider, so trying an id tells them nothing. Those who see it but may not act
are told who may. A judge's view of an entry goes through the round
(round_entry_get_for), which keeps out conflicted, unassigned and undeclared judges.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework import status

from challenges.models import (
    BLOCKING_CONFLICT_STATUSES,
    Assignment,
    AssignmentBatch,
    Challenge,
    ChallengeQuestion,
    Entry,
    EntryAttachment,
    EntryConflict,
    PanelMember,
    Round,
)
from loti.accounts.models import Membership, Organisation, User
from loti.api.errors import ApplicationError
from loti.organisations import organisation_named_or_only, public_bodies_of, suppliers_of
from loti.permissions import active_organisation_ids


def signed_in(user: User | Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _forbidden(message: str) -> ApplicationError:
    return ApplicationError(message, status_code=status.HTTP_403_FORBIDDEN)


# Who someone is to a challenge ----------------------------------------------------------


def is_owner(user: User | Any, challenge: Challenge) -> bool:
    """An officer of the owning organisation or of a co-owner: may run the challenge."""
    if not signed_in(user):
        return False
    owners = Q(organisation_id=challenge.owner_id) | Q(organisation__co_challenges=challenge.pk)
    return Membership.objects.active().filter(owners, user=user).exists()


def panel_place(user: User | Any, round_: Round) -> PanelMember | None:
    """The user's accepted place on the round's panel, if any."""
    if not signed_in(user):
        return None
    return PanelMember.objects.filter(round=round_, user=user, accepted_at__isnull=False).first()


def is_chair(user: User | Any, round_: Round) -> bool:
    place = panel_place(user, round_)
    return bool(place and place.is_chair)


def is_judge_of(user: User | Any, challenge: Challenge) -> bool:
    """On the panel of any of the challenge's rounds."""
    if not signed_in(user):
        return False
    return PanelMember.objects.filter(
        round__challenge=challenge, user=user, accepted_at__isnull=False
    ).exists()


def sees_judging(user: User | Any, challenge: Challenge) -> bool:
    """The owners' officers and the judges of any of its rounds: who may see the
    challenge's rounds and the records of judging them."""
    return is_owner(user, challenge) or is_judge_of(user, challenge)


def identity_hidden(user: User | Any, round_: Round) -> bool:
    """Blind rounds hide entrants from everyone on the panel, the chair included."""
    return round_.blind and panel_place(user, round_) is not None


def has_part_in(user: User | Any, challenge: Challenge) -> bool:
    """An officer of an owner, a judge who has joined one of its panels, or a member of
    an organisation with an entry (as the entrant or a partner), withdrawn or not."""
    if not signed_in(user):
        return False
    org_ids = active_organisation_ids(user)
    entrant = Entry.objects.filter(challenge=challenge).filter(
        Q(supplier_id__in=org_ids) | Q(partners__in=org_ids)
    )
    return is_owner(user, challenge) or is_judge_of(user, challenge) or entrant.exists()


def chair_only(rounds: QuerySet[Round], action: str) -> ApplicationError:
    """The 403 for someone who sees the judging but is not the chair: it names who
    is (the chair of the rounds given), so they know whom to ask."""
    chairs = PanelMember.objects.filter(
        round__in=rounds, is_chair=True, accepted_at__isnull=False, user__isnull=False
    ).values_list("user__full_name", "user__email")
    names = sorted({full_name or email for full_name, email in chairs})
    if not names:
        return _forbidden(
            f"Only the round's chair {action}, and it has none yet: the challenge's "
            "owners make a judge on the panel its chair."
        )
    return _forbidden(f"Only the round's chair {action}: that is {' and '.join(names)}.")


def refused(user: User | Any, challenge: Challenge, message: str) -> Exception:
    """The refusal of something the user may not do to a challenge they can see: a 403
    with the reason for someone with a part in it, else the 404 of a challenge they
    cannot see (an outsider learns nothing from trying)."""
    if has_part_in(user, challenge):
        return _forbidden(message)
    return Http404("No such challenge.")


def is_entrant(user: User | Any, entry: Entry) -> bool:
    """A member of the entering supplier or of a partner organisation."""
    if not signed_in(user):
        return False
    # partners.all() uses the prefetch entry_get_for made, where there is one.
    organisations = [entry.supplier_id, *(partner.pk for partner in entry.partners.all())]
    return Membership.objects.active().filter(user=user, organisation_id__in=organisations).exists()


def is_supplier_member(user: User | Any, entry: Entry) -> bool:
    if not signed_in(user):
        return False
    return Membership.objects.active().filter(user=user, organisation_id=entry.supplier_id).exists()


def blocking_conflicts(*, judge: User | Any) -> QuerySet[EntryConflict]:
    return EntryConflict.objects.filter(judge=judge, status__in=BLOCKING_CONFLICT_STATUSES)


# Organisations someone acts for ---------------------------------------------------------


def supplier_for(
    user: User | Any, slug: str | None, *, challenge: Challenge | None = None
) -> Organisation:
    """The supplier organisation the user enters for: the one named, or their only one.
    Someone who belongs to no supplier may not enter: refused as `refused` says."""
    if not signed_in(user):
        raise _forbidden("Sign in as a member of a supplier organisation.")
    if challenge is not None and not suppliers_of(user).exists():
        raise refused(
            user, challenge, "Only members of a supplier organisation can enter challenges."
        )
    several = (
        "Only members of a supplier organisation can enter; if you belong to several, say which."
    )
    return organisation_named_or_only(
        suppliers_of(user),
        slug,
        field="supplier",
        not_yours="You can only enter for a supplier organisation you belong to.",
        none=several,
        several=several,
    )


def owner_organisation_for(user: User | Any, slug: str | None) -> Organisation:
    """The borough (or other public body) the user runs the challenge for."""
    return organisation_named_or_only(
        public_bodies_of(user),
        slug,
        field="owner",
        not_yours="You can only run challenges for a public body you belong to.",
        none="Only officers of a borough or public body can create challenges.",
        several="Say which of your organisations runs the challenge.",
    )


# Fetching one thing ---------------------------------------------------------------------


def challenge_get_for(*, user: User | Any, challenge_id: int, write: bool = False) -> Challenge:
    """The challenge, annotated with the database clock (db_is_open, db_stage), if the
    user may see it; 404 otherwise. With write=True, only for its owners (see `refused`
    for everyone else)."""
    challenge = (
        Challenge.objects.with_clock()
        .visible_to(user)
        .select_related("owner")
        .prefetch_related("co_owners", "invited", "prizes")
        .filter(pk=challenge_id)
        .first()
    )
    if challenge is None:
        raise Http404("No such challenge.")
    if write and not is_owner(user, challenge):
        raise refused(
            user, challenge, f"Only officers of {challenge.owner.name} can change this challenge."
        )
    return challenge


def require_owner_or_panel(user: User | Any, challenge: Challenge) -> None:
    if not sees_judging(user, challenge):
        raise refused(user, challenge, "Only the challenge's owners and judges see its judging.")


def require_final_chair(user: User | Any, challenge: Challenge) -> Round:
    """The challenge's last round, if the user chairs it: only they record the winners.
    With no round yet nobody does: refused as `refused` says, like anyone not the chair."""
    final = Round.objects.filter(challenge=challenge).order_by("-number").first()
    if final is None or not is_chair(user, final):
        raise refused(user, challenge, "Only the chair of the last round records the winners.")
    return final


def round_get_for(*, user: User | Any, round_id: int) -> Round:
    """A round, for the challenge's owners and judges; 404 for anyone else."""
    round_ = (
        Round.objects.select_related("challenge__owner")
        .prefetch_related("criteria")
        .filter(pk=round_id)
        .first()
    )
    if round_ is None or not sees_judging(user, round_.challenge):
        raise Http404("No such round.")
    return round_


def require_chair(user: User | Any, round_: Round, action: str = "can do this") -> None:
    """For a round from round_get_for: the chair's work; everyone else who sees the
    round is told who the chair is."""
    if not is_chair(user, round_):
        raise chair_only(Round.objects.filter(pk=round_.pk), action)


def declaring_place_for(*, user: User | Any, round_: Round) -> PanelMember:
    """The user's place on the panel of a round from round_get_for, to declare their
    conflicts on. Anyone else who sees the round (an owner, a judge of another round)
    is told who declares."""
    place = panel_place(user, round_)
    if place is None:
        raise _forbidden(
            "Only the judges on this round's panel declare conflicts of interest, "
            "each for themselves."
        )
    return place


def require_round_owner(user: User | Any, round_: Round) -> None:
    if not is_owner(user, round_.challenge):
        raise _forbidden(f"Only officers of {round_.challenge.owner.name} can do this.")


def require_owner_or_chair(user: User | Any, round_: Round) -> None:
    """Running the panel and closing scoring: the challenge's owners, or the chair."""
    if not (is_owner(user, round_.challenge) or is_chair(user, round_)):
        raise _forbidden("Only the challenge's owners and the round's chair can do this.")


def entries_readable_by(user: User | Any) -> QuerySet[Entry]:
    """Every entry the user may read through /entries/, in one query: their own
    organisations' (as entrant or partner), and submitted ones for the owners' officers.
    Judges read entries only through their rounds."""
    if not signed_in(user):
        return Entry.objects.none()
    org_ids = active_organisation_ids(user)
    as_owner = Q(latest_submission__isnull=False) & (
        Q(challenge__owner_id__in=org_ids) | Q(challenge__co_owners__in=org_ids)
    )
    own = Q(supplier_id__in=org_ids) | Q(partners__in=org_ids)
    matching = Entry.objects.filter(own | as_owner).values("pk")
    return Entry.objects.filter(pk__in=matching)


def entry_get_for(*, user: User | Any, entry_id: int, write: bool = False) -> Entry:
    """The entry if the user may read it (404 otherwise); with write=True, 403 unless
    they are a member of the entering supplier."""
    entry = (
        entries_readable_by(user)
        .select_related("challenge__owner", "supplier", "latest_submission")
        .prefetch_related("partners")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404("No such entry.")
    if write and not is_supplier_member(user, entry):
        raise _forbidden(f"Only members of {entry.supplier.name} can change this entry.")
    return entry


def sealed_attachment_ids(entry: Entry) -> list[int]:
    """The documents named by the entry's latest submission: what it was judged on."""
    content = entry.latest_submission.content if entry.latest_submission else {}
    return [int(item["id"]) for item in content.get("attachments", [])]


def attachment_get_for(*, user: User | Any, entry_id: int, attachment_id: int) -> EntryAttachment:
    """A document of the entry: any of the working set's for its entrants; for the
    owners only one sealed with the latest submission, as with sealed bids (a document
    added since is the entrant's until they submit again). 404 for anything else."""
    entry = entry_get_for(user=user, entry_id=entry_id)
    documents = EntryAttachment.objects.filter(entry=entry, pk=attachment_id)
    if not is_entrant(user, entry):
        documents = documents.filter(pk__in=sealed_attachment_ids(entry))
    attachment = documents.first()
    if attachment is None:
        raise Http404("No such document.")
    return attachment


def round_entry_get_for(*, user: User | Any, round_: Round, entry_id: int) -> Entry:
    """An entry of the round: for owners and the chair, any; for a judge, only one they
    are assigned (released), have declared on, and are not conflicted with. 404 else."""
    entries = Entry.objects.filter(round_entries__round=round_, pk=entry_id)
    if not (is_owner(user, round_.challenge) or is_chair(user, round_)):
        entries = entries.filter(pk__in=judge_entry_ids(user=user, round_=round_))
    entry = entries.select_related("supplier", "latest_submission").first()
    if entry is None:
        raise Http404("No such entry.")
    return entry


def judge_entry_ids(*, user: User | Any, round_: Round) -> QuerySet[Assignment, Any]:
    """Ids of the entries a judge may see in the round, as a subquery."""
    if not signed_in(user):
        return Assignment.objects.none().values("entry_id")
    declared = PanelMember.objects.filter(
        round=round_, user=user, accepted_at__isnull=False, declared_at__isnull=False
    )
    return (
        Assignment.objects.filter(round=round_, judge=user, released_at__isnull=False)
        .filter(round__panel__in=declared)
        .exclude(entry_id__in=blocking_conflicts(judge=user).values("entry_id"))
        .values("entry_id")
    )


def question_get_for(
    *, user: User | Any, challenge: Challenge, question_id: int
) -> ChallengeQuestion:
    """A question on the challenge, for its owners to answer. Someone else who can read
    it (published, or their own) is refused as `refused` says; 404 for the rest."""
    question = ChallengeQuestion.objects.filter(challenge=challenge, pk=question_id).first()
    if question is None:
        raise Http404("No such question.")
    if is_owner(user, challenge):
        return question
    readable = question.published_at is not None or (
        signed_in(user) and question.asked_by_id == user.pk
    )
    if not readable:
        raise Http404("No such question.")
    raise refused(user, challenge, f"Only officers of {challenge.owner.name} answer questions.")


def conflict_get_for(*, user: User | Any, conflict_id: int) -> EntryConflict:
    """A conflict, for a chair of one of the entry's challenge's rounds to review. It is
    part of the judging: 404 for anyone who does not see that (`sees_judging`), 403
    naming the chair for an owner or judge."""
    conflict = (
        EntryConflict.objects.select_related("entry__challenge__owner", "judge")
        .filter(pk=conflict_id)
        .first()
    )
    if conflict is None or not sees_judging(user, conflict.entry.challenge):
        raise Http404("No such conflict.")
    rounds = Round.objects.filter(challenge_id=conflict.entry.challenge_id)
    if not PanelMember.objects.filter(
        round__in=rounds, user=user, is_chair=True, accepted_at__isnull=False
    ).exists():
        raise chair_only(rounds, "reviews conflicts")
    return conflict


def assignment_get_for(*, user: User | Any, assignment_id: int) -> Assignment:
    """An assignment, for the round's chair to change. Part of the judging: 404 for
    anyone who does not see that, 403 naming the chair for an owner or judge."""
    assignment = (
        Assignment.objects.select_related("round__challenge__owner")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None or not sees_judging(user, assignment.round.challenge):
        raise Http404("No such assignment.")
    require_chair(user, assignment.round, "changes assignments")
    return assignment


def batch_get_for(*, user: User | Any, batch_id: int) -> AssignmentBatch:
    """A bulk assignment, for the round's chair to undo. Part of the judging: 404 for
    anyone who does not see that, 403 naming the chair for an owner or judge."""
    batch = (
        AssignmentBatch.objects.select_related("round__challenge__owner")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None or not sees_judging(user, batch.round.challenge):
        raise Http404("No such assignment batch.")
    require_chair(user, batch.round, "changes assignments")
    return batch


def panel_member_get_for(*, user: User | Any, round_: Round, member_id: int) -> PanelMember:
    """A place on the round's panel. The round comes from round_get_for, so the user is
    an owner or a judge; the services say who may change the panel."""
    member = PanelMember.objects.select_related("user").filter(round=round_, pk=member_id).first()
    if member is None:
        raise Http404("No such panel member.")
    return member


def round_attachment_get_for(
    *, user: User | Any, round_: Round, entry_id: int, attachment_id: int
) -> tuple[Entry, EntryAttachment]:
    """A document sealed with an entry's latest submission, for whoever may see the entry
    in the round (round_entry_get_for's rules); 404 for anyone else."""
    entry = round_entry_get_for(user=user, round_=round_, entry_id=entry_id)
    attachment = EntryAttachment.objects.filter(
        entry=entry, pk=attachment_id, pk__in=sealed_attachment_ids(entry)
    ).first()
    if attachment is None:
        raise Http404("No such document.")
    return entry, attachment
