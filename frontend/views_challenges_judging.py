"""Pages of a challenge's judging: rounds and rubrics, the panel and its invitations,
declaring conflicts, scoring, and the chair's work (conflicts, assignments, results,
advancing entries, winners).

A judge sees a round's entries only once they have declared, only those assigned to
them and released, never one they are conflicted with (access.round_entry_get_for
answers 404); in a blind round no page shows a panel member the entrant's
organisation or people.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from challenges import access, exports, judging, selectors, services
from challenges.charts import judge_distribution_svg
from challenges.models import Challenge, Entry, PanelMember, Round, RoundStatus
from challenges.results import round_results
from frontend import forms_challenges as forms
from frontend.forms import NewAccountForm
from frontend.views import MODEL_BACKEND
from frontend.views_challenges import (
    T,
    data,
    person,
    posted,
    refusals,
    submit,
    to_challenge,
)
from loti.accounts.models import User
from loti.accounts.selectors import account_exists
from loti.api.errors import ApplicationError, Conflict
from loti.attachments import attachment_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFLICT_VERDICTS = {
    "confirmed": "confirmed: they are kept off the entry",
    "dismissed": "dismissed: they can be assigned the entry",
}


def _round(request: HttpRequest, round_id: int) -> Round:
    return access.round_get_for(user=request.user, round_id=round_id)


def to_round(round_: Round | int) -> HttpResponse:
    return redirect("frontend:challenge-round", round_id=getattr(round_, "pk", round_))


def _entry_choices(entries: Any, *, hidden: bool) -> list[tuple[int, str]]:
    """Entries as a person choosing among them reads them: never with the entrant's
    name in a blind round."""
    return [(e.pk, e.title if hidden else f"{e.title} ({e.supplier.name})") for e in entries]


# Rounds: the owners set them up ----------------------------------------------------------


def _round_form_page(
    request: HttpRequest, form: forms.RoundForm, challenge: Challenge, round_: Round | None
) -> HttpResponse:
    context = {"form": form, "challenge": challenge, "round": round_}
    return render(request, T + "round_form.html", context)


def _with_rows(request: HttpRequest, form: forms.RoundForm) -> forms.RoundForm | None:
    """The form with one more row, if an "Add another" button was pressed."""
    for button, rows in (("add_criterion", "criteria"), ("add_level", "scale")):
        if button in request.POST:
            return form.with_another_row(rows)
    return None


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def round_create(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id, write=True)
    form = forms.RoundForm(data(request))
    more = _with_rows(request, form)
    if more is not None:
        return _round_form_page(request, more, challenge, None)
    user = person(request)
    round_ = posted(request, form, judging.round_create, acting_user=user, challenge=challenge)
    if round_ is not None:
        messages.success(request, f"{round_.name} is added. Invite its chair and judges.")
        return to_round(round_)
    return _round_form_page(request, form, challenge, None)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    access.require_round_owner(request.user, round_)
    if round_.status != RoundStatus.SETUP:
        raise Conflict("Scoring has started: the round's rubric is fixed.")
    initial = forms.round_initial(round_, round_.criteria.all())
    form = forms.RoundEditForm(data(request), initial=initial)
    more = _with_rows(request, form)
    if more is not None:
        return _round_form_page(request, more, round_.challenge, round_)
    if posted(request, form, judging.round_update, acting_user=person(request), round_=round_):
        messages.success(request, "The round is saved.")
        return to_round(round_)
    return _round_form_page(request, form, round_.challenge, round_)


def _round_page(
    request: HttpRequest,
    round_: Round,
    *,
    invite_form: forms.PanelInviteForm | None = None,
    method_form: forms.MethodForm | None = None,
) -> HttpResponse:
    viewer = selectors.round_viewer(user=request.user, round_=round_)
    hidden = access.identity_hidden(request.user, round_)
    sees_all = viewer["is_owner"] or viewer["is_chair"]
    context = {
        "round": round_,
        "challenge": round_.challenge,
        "viewer": viewer,
        "hidden": hidden,
        "criteria": round_.criteria.all(),
        "panel": selectors.panel_of(round_=round_) if sees_all else [],
        "panel_open": round_.status in judging.PANEL_CHANGE_STATUSES,
        "entries": selectors.round_entries_for(user=request.user, round_=round_)
        if viewer["declared"] or sees_all
        else [],
        # Why entries are kept from a judge: flags waiting for the chair, conflicts.
        "withheld": selectors.withheld_from(user=request.user, round_=round_)
        if viewer["is_judge"] and viewer["declared"]
        else [],
        "flags_waiting": selectors.flags_waiting(round_=round_) if viewer["is_chair"] else 0,
        "following": selectors.next_round(round_=round_)
        if round_.status == RoundStatus.CLOSED
        else None,
        "scored": selectors.round_has_scores(round_=round_),
        "invite_form": invite_form or forms.PanelInviteForm(),
        "method_form": method_form or forms.MethodForm(initial={"method": round_.method}),
    }
    return render(request, T + "round.html", context)


@login_required
@refusals
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    viewer = selectors.round_viewer(user=request.user, round_=round_)
    # A judge declares before seeing anything; the chair, who runs the panel, only if
    # they will score entries too.
    undeclared = viewer["is_judge"] and not (viewer["declared"] or viewer["is_chair"])
    if undeclared and round_.status == RoundStatus.SCORING:
        return redirect("frontend:challenge-round-declaration", round_id=round_.pk)
    return _round_page(request, round_)


@login_required
@require_POST
@refusals
def round_panel_invite(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    form = forms.PanelInviteForm(request.POST)
    member = submit(form, judging.panel_invite, acting_user=person(request), round_=round_)
    if member is None:
        return _round_page(request, round_, invite_form=form)
    messages.success(request, f"{member.email} is invited. We have sent them the link.")
    return to_round(round_)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def panel_member_remove(request: HttpRequest, round_id: int, member_id: int) -> HttpResponse:
    """Take a judge off the panel (or withdraw an invitation), after saying what it
    undoes: the owners or the chair."""
    round_ = _round(request, round_id)
    access.require_owner_or_chair(request.user, round_)
    member = access.panel_member_get_for(user=request.user, round_=round_, member_id=member_id)
    form = forms.ActionForm(data(request), error_anchor="what-happens")
    user = person(request)
    if posted(request, form, judging.panel_member_remove, acting_user=user, member=member):
        messages.success(request, f"{member.email} is no longer on the panel. They have been told.")
        return to_round(round_)
    context = {
        "form": form,
        "round": round_,
        "challenge": round_.challenge,
        "member": member,
        "load": selectors.panel_member_load(round_=round_, member=member),
    }
    return render(request, T + "panel_remove.html", context)


@login_required
@require_POST
@refusals
def panel_chair(request: HttpRequest, round_id: int, member_id: int) -> HttpResponse:
    """Make a judge who has joined the chair: the owners, or the chair handing over."""
    round_ = _round(request, round_id)
    member = access.panel_member_get_for(user=request.user, round_=round_, member_id=member_id)
    member = judging.panel_chair_set(acting_user=person(request), member=member)
    name = member.user.full_name if member.user else member.email
    messages.success(request, f"{name} now chairs the panel. They have been told.")
    return to_round(round_)


@login_required
@require_POST
@refusals
def round_method(request: HttpRequest, round_id: int) -> HttpResponse:
    """The chair's (or the owners') choice of ranking method, before any score is in."""
    round_ = _round(request, round_id)
    form = forms.MethodForm(request.POST)
    done = submit(form, judging.round_update, acting_user=person(request), round_=round_)
    if done is None:
        return _round_page(request, round_, method_form=form)
    messages.success(request, f"Entries will be ranked by: {done.get_method_display().lower()}.")
    return to_round(round_)


@login_required
@require_POST
@refusals
def round_start(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = judging.round_start(acting_user=person(request), round_=_round(request, round_id))
    messages.success(request, f"Scoring has started in {round_.name}. Judges can now declare.")
    return to_round(round_)


@login_required
@require_POST
@refusals
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = judging.round_close(acting_user=person(request), round_=_round(request, round_id))
    messages.success(request, f"Scoring in {round_.name} is closed. The ranking is final.")
    return redirect("frontend:challenge-round-results", round_id=round_.pk)


# Judges: joining, declaring, scoring --------------------------------------------------------------


def _invitation_open(token: str) -> PanelMember:
    member = judging.judge_invitation_from_token(token)
    if member.accepted_at:
        raise ApplicationError("This invitation has already been used.", status_code=410)
    return member


@require_http_methods(["GET", "POST"])
def judge_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join a panel by the e-mailed link: signed in as the address invited, or by
    creating that account here."""
    signed_in = request.user if isinstance(request.user, User) else None
    form = NewAccountForm(data(request) if not signed_in else None)
    joined = None
    try:
        member = _invitation_open(token)
        form.known_email = member.email
        if request.method == "POST" and signed_in:
            joined = judging.judge_invitation_accept(token=token, acting_user=signed_in)
        elif request.method == "POST":
            joined = submit(form, judging.judge_invitation_accept, token=token, acting_user=None)
    except ApplicationError as error:
        context = {"message": error.message}
        return render(request, T + "invitation_invalid.html", context, status=error.status_code)
    if joined is None:
        return render(
            request, T + "judge_invitation.html", _invitation_context(request, member, form)
        )
    if not signed_in:
        login(request, joined.user, backend=MODEL_BACKEND)
    messages.success(request, f"You have joined the panel of {joined.round.name}.")
    return to_round(joined.round)


def _invitation_context(
    request: HttpRequest, member: PanelMember, form: NewAccountForm
) -> dict[str, Any]:
    return {
        "member": member,
        "form": None if request.user.is_authenticated else form,
        "account_exists": account_exists(email=member.email),
        "sign_in_url": redirect_to_login(request.path).url,
    }


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def declaration(request: HttpRequest, round_id: int) -> HttpResponse:
    """A judge declares their conflicts (or none) before seeing any entry."""
    round_ = _round(request, round_id)
    place = access.declaring_place_for(user=request.user, round_=round_)
    if place.declared_at:
        return to_round(round_)
    hidden = access.identity_hidden(request.user, round_)
    form = forms.DeclarationForm(
        data(request),
        entries=list(selectors.declaration_entries(round_=round_)),
        hidden=hidden,
        organisations=list(selectors.supplier_organisations()) if hidden else [],
    )
    if posted(request, form, judging.declaration_make, acting_user=person(request), round_=round_):
        messages.success(request, "Your declaration is recorded.")
        return to_round(round_)
    context = {"form": form, "round": round_, "challenge": round_.challenge, "hidden": hidden}
    return render(request, T + "declaration.html", context)


def _score_page(
    request: HttpRequest, round_: Round, entry: Entry, *, form: forms.ScoreForm | None = None
) -> HttpResponse:
    sheets = list(selectors.sheets_for(user=request.user, round_=round_, entry=entry))
    mine = next((s for s in sheets if s.judge_id == request.user.pk), None)
    scoring = round_.status == RoundStatus.SCORING and selectors.can_score(
        user=request.user, round_=round_, entry=entry
    )
    if scoring and form is None:
        form = forms.ScoreForm(round_=round_, criteria=list(round_.criteria.all()), sheet=mine)
    context = {
        "round": round_,
        "challenge": round_.challenge,
        "entry": entry,
        "hidden": access.identity_hidden(request.user, round_),
        "content": entry.latest_submission.content if entry.latest_submission else {},
        "attachments": selectors.submitted_attachments(entry=entry),
        "form": form if scoring else None,
        # A refused POST when scoring has closed meanwhile: the form is gone, the
        # reason is shown.
        "refused": form if form is not None and form.errors and not scoring else None,
        "mine": mine,
        "others": [s for s in sheets if s.judge_id != request.user.pk],
        "criteria": round_.criteria.all(),
    }
    return render(request, T + "score.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def round_entry(request: HttpRequest, round_id: int, entry_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    entry = access.round_entry_get_for(user=request.user, round_=round_, entry_id=entry_id)
    if request.method != "POST":
        return _score_page(request, round_, entry)
    form = forms.ScoreForm(request.POST, round_=round_, criteria=list(round_.criteria.all()))
    user = person(request)
    sheet = submit(form, judging.score_submit, acting_user=user, round_=round_, entry=entry)
    if sheet is None:
        return _score_page(request, round_, entry, form=form)
    messages.success(request, f"Your scores for {entry.title} are saved.")
    return redirect("frontend:challenge-round-entry", round_id=round_.pk, entry_id=entry.pk)


@login_required
@refusals
def round_document(
    request: HttpRequest, round_id: int, entry_id: int, attachment_id: int
) -> FileResponse:
    """A sealed document of an entry, for the panel. In a blind round it is named by
    its place, not by what the entrant called it (which may name them)."""
    round_ = _round(request, round_id)
    _, attachment = access.round_attachment_get_for(
        user=request.user, round_=round_, entry_id=entry_id, attachment_id=attachment_id
    )
    hidden = access.identity_hidden(request.user, round_)
    return attachment_response(attachment, attachment.blind_name if hidden else "")


# The chair -------------------------------------------------------------------------------------


def _chair_round(request: HttpRequest, round_id: int, action: str = "can do this") -> Round:
    round_ = _round(request, round_id)
    access.require_chair(request.user, round_, action)
    return round_


@login_required
@refusals
def conflict_list(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _chair_round(request, round_id)
    context = {
        "round": round_,
        "challenge": round_.challenge,
        "hidden": access.identity_hidden(request.user, round_),
        "conflicts": selectors.conflicts_for(user=request.user, round_=round_),
    }
    return render(request, T + "conflicts.html", context)


@login_required
@require_POST
@refusals
def conflict_decision(request: HttpRequest, round_id: int, conflict_id: int) -> HttpResponse:
    round_ = _chair_round(request, round_id, "reviews conflicts")
    conflict = access.conflict_get_for(user=request.user, conflict_id=conflict_id)
    form = forms.ConflictDecisionForm(request.POST)
    user = person(request)
    decided = submit(form, judging.conflict_decide, acting_user=user, conflict=conflict)
    if decided is None:
        problems = [str(message) for errors in form.errors.values() for message in errors]
        raise ApplicationError(" ".join(problems))
    verdict = CONFLICT_VERDICTS[decided.status]
    messages.success(request, f"The conflict of {decided.judge.full_name} is {verdict}.")
    return redirect("frontend:challenge-round-conflicts", round_id=round_.pk)


def _assignments_page(
    request: HttpRequest, round_: Round, *, form: forms.AssignmentForm | None = None
) -> HttpResponse:
    hidden = access.identity_hidden(request.user, round_)
    entries = list(selectors.round_entries_for(user=request.user, round_=round_))
    judges = selectors.declared_judges(round_=round_)
    context = {
        "round": round_,
        "challenge": round_.challenge,
        "hidden": hidden,
        "rows": selectors.assignment_table(round_=round_, entries=entries),
        "loads": selectors.judge_loads(round_=round_, judges=judges),
        "batches": selectors.batches_of(round_=round_),
        "unreleased": selectors.unreleased_count(round_=round_),
        "form": form
        or forms.AssignmentForm(
            entries=_entry_choices(entries, hidden=hidden),
            judges=[(j.pk, j.full_name or j.email) for j in judges],
        ),
    }
    return render(request, T + "assignments.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def assignments(request: HttpRequest, round_id: int) -> HttpResponse:
    """Preview, adjust and release the round's assignments."""
    round_ = _chair_round(request, round_id)
    if request.method != "POST":
        return _assignments_page(request, round_)
    hidden = access.identity_hidden(request.user, round_)
    entries = selectors.round_entries_for(user=request.user, round_=round_)
    judges = selectors.declared_judges(round_=round_)
    form = forms.AssignmentForm(
        request.POST,
        entries=_entry_choices(entries, hidden=hidden),
        judges=[(j.pk, j.full_name or j.email) for j in judges],
    )
    if submit(form, judging.assignment_add, acting_user=person(request), round_=round_) is None:
        return _assignments_page(request, round_, form=form)
    messages.success(request, "The judge is assigned. Release the assignments to tell them.")
    return redirect("frontend:challenge-round-assignments", round_id=round_.pk)


@login_required
@require_POST
@refusals
def assignments_auto(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _chair_round(request, round_id)
    batch = judging.assignments_auto(acting_user=person(request), round_=round_)
    size = selectors.batch_size(batch=batch)
    messages.success(request, f"{size} assignments are proposed. Check them, then release them.")
    return redirect("frontend:challenge-round-assignments", round_id=round_.pk)


@login_required
@require_POST
@refusals
def assignments_release(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _chair_round(request, round_id)
    released = judging.assignments_release(acting_user=person(request), round_=round_)
    messages.success(request, f"{released} assignments are released. Each judge has been told.")
    return redirect("frontend:challenge-round-assignments", round_id=round_.pk)


@login_required
@require_POST
@refusals
def assignment_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_get_for(user=request.user, assignment_id=assignment_id)
    judging.assignment_remove(acting_user=person(request), assignment=assignment)
    messages.success(request, "The assignment is removed.")
    return redirect("frontend:challenge-round-assignments", round_id=assignment.round_id)


@login_required
@require_POST
@refusals
def batch_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.batch_get_for(user=request.user, batch_id=batch_id)
    judging.batch_undo(acting_user=person(request), batch=batch)
    messages.success(request, "The bulk assignment is undone.")
    return redirect("frontend:challenge-round-assignments", round_id=batch.round_id)


def _results_round(request: HttpRequest, round_id: int) -> Round:
    round_ = _round(request, round_id)
    if not (
        access.is_chair(request.user, round_) or access.is_owner(request.user, round_.challenge)
    ):
        raise PermissionDenied("Only the round's chair and the challenge's owners see the results.")
    return round_


def _results_page(
    request: HttpRequest, round_: Round, *, advance_form: forms.AdvanceForm | None = None
) -> HttpResponse:
    results = round_results(round_=round_)
    following = selectors.next_round(round_=round_)
    chair = access.is_chair(request.user, round_)
    if chair and _can_advance(round_, following) and advance_form is None:
        advance_form = forms.AdvanceForm(
            entries=[(row["entry"], row["title"]) for row in results["rows"]],
            initial={"entry_ids": [row["entry"] for row in results["rows"] if row["suggested"]]},
        )
    chart = judge_distribution_svg(round_name=round_.name, judges=results["judges"])
    context = {
        "round": round_,
        "challenge": round_.challenge,
        "results": results,
        "hidden": access.identity_hidden(request.user, round_),
        "is_chair": chair,
        # Built by challenges.charts, which escapes every text it draws.
        "chart": mark_safe(chart),  # noqa: S308  # nosec B308 B703  # escaped by challenges.charts
        "following": following,
        "advance_form": advance_form if chair and _can_advance(round_, following) else None,
        "is_final": following is None,
    }
    return render(request, T + "round_results.html", context)


def _can_advance(round_: Round, following: Round | None) -> bool:
    """Entries move on from a closed round into the next while it is being set up."""
    return (
        round_.status == RoundStatus.CLOSED
        and following is not None
        and following.status == RoundStatus.SETUP
    )


@login_required
@refusals
def round_results_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """Raw and normalised rankings side by side, spread and agreement, each judge's
    score distribution, and (once closed) advancing entries."""
    return _results_page(request, _results_round(request, round_id))


@login_required
@refusals
def round_results_sheet(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _results_round(request, round_id)
    body = exports.scoring_workbook(
        round_=round_,
        results=round_results(round_=round_),
        hide_identity=access.identity_hidden(request.user, round_),
        judges=selectors.judges_by_id(round_=round_),
    )
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-scores.xlsx"'
    return response


@login_required
@require_POST
@refusals
def round_advance(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _chair_round(request, round_id)
    rows = round_results(round_=round_)["rows"]
    form = forms.AdvanceForm(request.POST, entries=[(row["entry"], row["title"]) for row in rows])
    advanced = submit(form, judging.entries_advance, acting_user=person(request), round_=round_)
    if advanced is None:
        return _results_page(request, round_, advance_form=form)
    messages.success(request, f"{len(advanced)} entries go through. Their entrants are told.")
    return to_round(advanced[0].round_id)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def decisions(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """The last round's chair records the winner of each prize, and why."""
    challenge = access.challenge_get_for(user=request.user, challenge_id=challenge_id)
    final = access.require_final_chair(request.user, challenge)
    hidden = access.identity_hidden(request.user, final)
    form = forms.DecisionForm(
        data(request),
        prizes=list(challenge.prizes.all()),
        finalists=_entry_choices(selectors.finalists(round_=final), hidden=hidden),
    )
    user = person(request)
    if posted(request, form, services.decisions_record, acting_user=user, challenge=challenge):
        messages.success(request, "The winners are recorded. The owners can now publish them.")
        return to_challenge(challenge)
    context = {"form": form, "challenge": challenge, "round": final}
    return render(request, T + "decisions.html", context)
