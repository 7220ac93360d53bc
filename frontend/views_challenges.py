"""Pages of open-call challenges: finding and reading them, running one as its owners
(borough officers), asking and answering questions, and entering as a supplier. The
judging pages are in views_challenges_judging.py.

Views fetch through challenges.access (404 for what the person may not see, 403 for
what they see but may not do), read through challenges.selectors and write through
challenges.services; a service's refusal is shown on the page's form against the
field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework import status

from challenges import access, selectors, services
from challenges.models import (
    Challenge,
    ChallengeStatus,
    Entry,
    EntryStatus,
)
from challenges.services import CANCELLABLE
from frontend import forms_challenges as forms
from frontend.forms import ServiceForm
from frontend.refusals import refusals_shown_with
from loti.accounts.models import User
from loti.api.errors import ApplicationError, Conflict
from loti.attachments import attachment_response
from loti.charter import CHARTER_ITEMS
from loti.organisations import public_bodies, public_bodies_of, suppliers_of

T = "frontend/challenges/"
R = TypeVar("R")


refusals = refusals_shown_with(T + "refused.html")


def person(request: HttpRequest) -> User:
    """The signed-in person of a view behind login_required."""
    return cast(User, request.user)


def data(request: HttpRequest) -> Any:
    """A form's data: the POST's, even an empty one, or None on a GET."""
    return request.POST if request.method == "POST" else None


def submit(form: ServiceForm, service: Callable[..., R], **arguments: Any) -> R | None:
    """Call the service with the form's data if it is valid; a refusal of what was
    typed lands on the form. A refusal of the person (403) is not a mistake on the
    form: it propagates, and `refusals` shows the "You cannot do this" page."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ApplicationError as error:
        if error.status_code in (status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN):
            raise
        form.add_application_error(error)
        return None


def posted(
    request: HttpRequest, form: ServiceForm, service: Callable[..., Any], **arguments: Any
) -> Any:
    """On a POST, what the service returns given the form's data, or None if the form
    or the service refused it (the reason is then on the form); on a GET, None."""
    if request.method != "POST":
        return None
    return submit(form, service, **arguments)


def _challenge(request: HttpRequest, challenge_id: int, *, write: bool = False) -> Challenge:
    return access.challenge_get_for(user=request.user, challenge_id=challenge_id, write=write)


def to_challenge(challenge: Challenge | int) -> HttpResponse:
    return redirect("frontend:challenge-detail", challenge_id=getattr(challenge, "pk", challenge))


def _draft_only(challenge: Challenge) -> None:
    if challenge.status != ChallengeStatus.DRAFT:
        raise Conflict("The challenge is published: its terms cannot change now.")


# Finding and reading challenges ----------------------------------------------------------


@refusals
def challenge_list(request: HttpRequest) -> HttpResponse:
    context = {
        "challenges": selectors.challenges_visible_to(user=request.user),
        "can_create": public_bodies_of(request.user).exists(),
    }
    return render(request, T + "list.html", context)


@refusals
def challenge_detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    user = request.user
    is_owner = access.is_owner(user, challenge)
    questions = list(selectors.questions_visible_to(user=user, challenge=challenge))
    context = {
        "challenge": challenge,
        "is_owner": is_owner,
        "published_questions": [q for q in questions if q.published_at],
        "my_questions": [q for q in questions if not q.published_at and not is_owner],
        "suppliers": list(suppliers_of(user)),
        "entries": list(selectors.own_entries(user=user, challenge=challenge)),
        "places": list(selectors.panel_places_of(user=user, challenge=challenge)),
        "summary": selectors.owner_summary(challenge=challenge) if is_owner else None,
        "rounds": list(selectors.rounds_of(challenge=challenge)) if is_owner else [],
        "final_round": selectors.final_round(challenge=challenge),
        "cancellable": challenge.status in CANCELLABLE,
        "charter": [(label, getattr(challenge, field)) for field, label in CHARTER_ITEMS],
    }
    return render(request, T + "detail.html", context)


@refusals
def challenge_results(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """The announced results, for everyone who can see the challenge."""
    challenge = _challenge(request, challenge_id)
    if challenge.status != ChallengeStatus.PUBLISHED:
        raise Http404("The results have not been announced yet.")
    return render(request, T + "results.html", selectors.public_results(challenge=challenge))


# Running a challenge: its owners ---------------------------------------------------------------


def _challenge_form_page(
    request: HttpRequest, form: forms.ChallengeForm, challenge: Challenge | None
) -> HttpResponse:
    return render(request, T + "challenge_form.html", {"form": form, "challenge": challenge})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def challenge_create(request: HttpRequest) -> HttpResponse:
    owners = list(public_bodies_of(request.user))
    if not owners:
        raise PermissionDenied("Only officers of a borough or public body can create challenges.")
    form = forms.ChallengeForm(data(request), owners=owners, bodies=list(public_bodies()))
    if "add_prize" in request.POST:
        return _challenge_form_page(request, form.with_another_row("prizes"), None)
    challenge = posted(request, form, services.challenge_create, acting_user=person(request))
    if challenge is not None:
        messages.success(request, "Your draft challenge is saved. Publish it when it is ready.")
        return to_challenge(challenge)
    return _challenge_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def challenge_edit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id, write=True)
    _draft_only(challenge)
    form = forms.ChallengeEditForm(data(request), challenge=challenge, bodies=list(public_bodies()))
    if "add_prize" in request.POST:
        return _challenge_form_page(request, form.with_another_row("prizes"), challenge)
    user = person(request)
    if posted(request, form, services.challenge_update, acting_user=user, challenge=challenge):
        messages.success(request, "Your changes are saved.")
        return to_challenge(challenge)
    return _challenge_form_page(request, form, challenge)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def challenge_invited(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """The invite list of an invite-only challenge, set while it is a draft."""
    challenge = _challenge(request, challenge_id, write=True)
    _draft_only(challenge)
    initial = {"invited": [o.slug for o in challenge.invited.all()]}
    form = forms.InvitedForm(
        data(request), initial=initial, organisations=list(selectors.organisations_to_invite())
    )
    user = person(request)
    if posted(request, form, services.challenge_update, acting_user=user, challenge=challenge):
        messages.success(request, "The invite list is saved.")
        return to_challenge(challenge)
    return render(request, T + "invited.html", {"form": form, "challenge": challenge})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def challenge_publish(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id, write=True)
    form = forms.ActionForm(data(request), error_anchor="what-happens")
    user = person(request)
    if posted(request, form, services.challenge_publish, acting_user=user, challenge=challenge):
        messages.success(request, "Your challenge is published. Suppliers can now enter.")
        return to_challenge(challenge)
    return render(request, T + "publish.html", {"form": form, "challenge": challenge})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def challenge_cancel(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id, write=True)
    form = forms.ReasonForm(data(request))
    user = person(request)
    if posted(request, form, services.challenge_cancel, acting_user=user, challenge=challenge):
        messages.success(request, "The challenge is cancelled. Everyone who entered is told why.")
        return to_challenge(challenge)
    return render(request, T + "cancel.html", {"form": form, "challenge": challenge})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def results_publish(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id, write=True)
    form = forms.ActionForm(data(request), error_anchor="what-happens")
    user = person(request)
    if posted(request, form, services.results_publish, acting_user=user, challenge=challenge):
        messages.success(request, "The results are published. Every entrant has been told.")
        return redirect("frontend:challenge-results", challenge_id=challenge.pk)
    context = {
        "form": form,
        "challenge": challenge,
        "awards": selectors.awards_of(challenge=challenge),
    }
    return render(request, T + "results_publish.html", context)


# Clarification questions ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def question_ask(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    form = forms.QuestionForm(data(request))
    user = person(request)
    if posted(request, form, services.question_ask, acting_user=user, challenge=challenge):
        messages.success(
            request,
            f"Your question is sent to {challenge.owner.name}. The answer will be published on "
            "this page without saying who asked.",
        )
        return to_challenge(challenge)
    return render(request, T + "question_ask.html", {"form": form, "challenge": challenge})


@login_required
@refusals
def question_list(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """Every question asked, with who asked: for the owners' officers only."""
    challenge = _challenge(request, challenge_id, write=True)
    questions = selectors.questions_visible_to(user=request.user, challenge=challenge)
    return render(request, T + "questions.html", {"challenge": challenge, "questions": questions})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def question_answer(request: HttpRequest, challenge_id: int, question_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    question = access.question_get_for(
        user=request.user, challenge=challenge, question_id=question_id
    )
    initial = {
        "published_question": question.published_question or question.question,
        "answer": question.answer,
    }
    form = forms.AnswerForm(data(request), initial=initial)
    user = person(request)
    if posted(request, form, services.question_answer, acting_user=user, question=question):
        messages.success(request, "The answer is published to everyone who can see the challenge.")
        return redirect("frontend:challenge-questions", challenge_id=challenge.pk)
    context = {"form": form, "challenge": challenge, "question": question}
    return render(request, T + "question_answer.html", context)


# Entries: the owners' screening -------------------------------------------------------------------


@login_required
@refusals
def entry_list(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """The submitted entries, for the owners to screen."""
    challenge = _challenge(request, challenge_id, write=True)
    entries = selectors.entries_of_challenge(user=request.user, challenge=challenge)
    return render(request, T + "entries.html", {"challenge": challenge, "entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def entry_screen(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access.entry_get_for(user=request.user, entry_id=entry_id)
    challenge = _challenge(request, entry.challenge_id, write=True)
    initial = {"reason": entry.eligibility_reason}
    if entry.eligibility != "pending":
        initial["eligible"] = str(entry.eligibility == "eligible")
    form = forms.ScreeningForm(data(request), initial=initial)
    if posted(request, form, services.entry_screen, acting_user=person(request), entry=entry):
        messages.success(request, f"{entry.title} is screened. The entrant has been told.")
        return redirect("frontend:challenge-entries", challenge_id=challenge.pk)
    context = {
        "form": form,
        "entry": entry,
        "challenge": challenge,
        "attachments": selectors.submitted_attachments(entry=entry),
    }
    return render(request, T + "entry_screen.html", context)


# Entering: the supplier's pages -------------------------------------------------------------------


def to_entry(entry: Entry | int) -> HttpResponse:
    return redirect("frontend:challenge-entry", entry_id=getattr(entry, "pk", entry))


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def entry_start(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    suppliers = list(suppliers_of(request.user))
    if not suppliers:
        message = "Only members of a supplier organisation can enter challenges."
        raise access.refused(request.user, challenge, message)
    form = forms.EntryStartForm(data(request), suppliers=suppliers)
    user = person(request)
    entry = posted(request, form, services.entry_create, acting_user=user, challenge=challenge)
    if entry is not None:
        messages.success(request, "Your draft entry is started. It is not submitted yet.")
        return to_entry(entry)
    return render(request, T + "entry_start.html", {"form": form, "challenge": challenge})


def _entry_page(
    request: HttpRequest,
    entry: Entry,
    *,
    form: forms.EntryForm | None = None,
    upload_form: forms.AttachmentForm | None = None,
) -> HttpResponse:
    challenge = selectors.challenge_of_entry(entry=entry)
    editable = (
        access.is_supplier_member(request.user, entry)
        and challenge.db_is_open  # type: ignore[attr-defined]
        and entry.status != EntryStatus.WITHDRAWN
    )
    if editable and form is None:
        form = _entry_form(entry, challenge)
    context = {
        "entry": entry,
        "challenge": challenge,
        "editable": editable,
        # A refused POST's form is kept even when the entry can no longer change, so
        # the page says why (the deadline passed while the entrant was typing).
        "form": form,
        "upload_form": upload_form or forms.AttachmentForm(limit_mb=_limit_mb()),
        "attachments": selectors.attachments_of(entry=entry),
        "sealed_documents": selectors.submitted_attachments(entry=entry),
        **selectors.entry_outcome(entry=entry, challenge=challenge),
    }
    return render(request, T + "entry.html", context)


def _limit_mb() -> int:
    return int(settings.UPLOAD_MAX_BYTES // (1024 * 1024))


def _entry_form(entry: Entry, challenge: Challenge, post: Any = None) -> forms.EntryForm:
    return forms.EntryForm(
        post,
        entry=entry,
        partners=list(selectors.partner_candidates(supplier=entry.supplier)),
        london=challenge.requires_london_based,
    )


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The entrant's working copy (read-only once the challenge closes); the owners'
    officers see what was submitted on the screening page instead."""
    entry = access.entry_get_for(user=request.user, entry_id=entry_id)
    if not access.is_entrant(request.user, entry):
        return redirect("frontend:challenge-entry-screen", entry_id=entry.pk)
    if request.method != "POST":
        return _entry_page(request, entry)
    entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
    form = _entry_form(entry, selectors.challenge_of_entry(entry=entry), request.POST)
    if submit(form, services.entry_update, acting_user=person(request), entry=entry) is None:
        return _entry_page(request, entry, form=form)
    if "review" in request.POST:
        return redirect("frontend:challenge-entry-submit", entry_id=entry.pk)
    messages.success(request, "Your draft is saved. It is not submitted yet.")
    return to_entry(entry)


@login_required
@require_POST
@refusals
def entry_upload(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
    upload_form = forms.AttachmentForm(request.POST, request.FILES, limit_mb=_limit_mb())
    user = person(request)
    added = submit(upload_form, services.entry_attachment_add, acting_user=user, entry=entry)
    if added is None:
        return _entry_page(request, entry, upload_form=upload_form)
    messages.success(request, f"{added.original_name} is added. Submit your entry to seal it.")
    return to_entry(entry)


@login_required
@refusals
def entry_document(request: HttpRequest, entry_id: int, attachment_id: int) -> FileResponse:
    """A document of the entry: any of the working set's for its entrants; for the
    owners, only those sealed with the latest submission."""
    attachment = access.attachment_get_for(
        user=request.user, entry_id=entry_id, attachment_id=attachment_id
    )
    return attachment_response(attachment)


@login_required
@require_POST
@refusals
def entry_document_remove(request: HttpRequest, entry_id: int, attachment_id: int) -> HttpResponse:
    access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
    attachment = access.attachment_get_for(
        user=request.user, entry_id=entry_id, attachment_id=attachment_id
    )
    services.entry_attachment_remove(acting_user=person(request), attachment=attachment)
    messages.success(request, f"{attachment.original_name} is removed from your draft.")
    return to_entry(entry_id)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def entry_submit(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Check your answers, then submit (again, to replace an earlier submission)."""
    entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
    form = forms.SubmitForm(data(request), entry_id=entry.pk)
    if posted(request, form, services.entry_submit, acting_user=person(request), entry=entry):
        return redirect("frontend:challenge-entry-receipt", entry_id=entry.pk)
    context = {
        "form": form,
        "entry": entry,
        "challenge": selectors.challenge_of_entry(entry=entry),
        "attachments": selectors.attachments_of(entry=entry),
    }
    return render(request, T + "entry_submit.html", context)


@login_required
@refusals
def entry_receipt(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access.entry_get_for(user=request.user, entry_id=entry_id)
    if entry.latest_submission is None or not access.is_entrant(request.user, entry):
        return to_entry(entry)
    context = {
        "entry": entry,
        "challenge": selectors.challenge_of_entry(entry=entry),
        "submission": entry.latest_submission,
        "sealed": selectors.sealed_attachment_names(entry=entry),
    }
    return render(request, T + "entry_receipt.html", context)


@login_required
@refusals
def entry_receipt_json(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Exactly the bytes the receipt's SHA-256 was taken of, to check it with any tool."""
    entry = access.entry_get_for(user=request.user, entry_id=entry_id)
    submission = entry.latest_submission
    if submission is None or not access.is_entrant(request.user, entry):
        raise Http404("Nothing has been submitted.")
    response = HttpResponse(
        services.canonical_json(submission.content), content_type="application/json"
    )
    name = f"entry-{entry.pk}-submission-{submission.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def entry_withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access.entry_get_for(user=request.user, entry_id=entry_id, write=True)
    form = forms.ActionForm(data(request))
    if posted(request, form, services.entry_withdraw, acting_user=person(request), entry=entry):
        messages.success(request, "Your entry is withdrawn. It will not be judged.")
        return to_challenge(entry.challenge_id)
    context = {
        "form": form,
        "entry": entry,
        "challenge": selectors.challenge_of_entry(entry=entry),
    }
    return render(request, T + "entry_withdraw.html", context)
