"""Pages of the tender board: finding and reading tenders, running them as a buyer,
bidding as a supplier, and evaluating.

Views fetch through procurement.access (404 for what the person may not see), read
through procurement.selectors and write through procurement.services; a service's
refusal is shown on the page's form against the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontend import forms_procurement as forms
from frontend.forms import ServiceForm
from frontend.refusals import refusals_shown_with
from frontend.views import _submit
from loti.accounts.models import User
from loti.attachments import attachment_response
from loti.charter import CHARTER_ITEMS
from loti.organisations import public_bodies_of, suppliers_of
from procurement import access, selectors, services
from procurement.models import Bid, Tender, TenderDocument, TenderStatus

PAGE_SIZE = 20
# Curly quotes, as GOV.UK pages write them.
LQ, RQ = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
T = "frontend/procurement/"


_refusals = refusals_shown_with(T + "refused.html")


def _person(request: HttpRequest) -> User:
    """The signed-in person of a view behind login_required."""
    return cast(User, request.user)


def _data(request: HttpRequest) -> Any:
    """A form's data: the POST's, even an empty one (which `request.POST or None` would
    treat as no submission at all), or None on a GET."""
    return request.POST if request.method == "POST" else None


def _posted(
    request: HttpRequest, form: ServiceForm, service: Callable[..., Any], **arguments: Any
) -> Any:
    """On a POST, what the service returns given the form's data, or None if the form
    or the service refused it (the reason is then on the form); on a GET, None."""
    if request.method != "POST":
        return None
    return _submit(form, service, **arguments)


def _tender(request: HttpRequest, tender_id: int, *, write: bool = False) -> Tender:
    return access.tender_get_for(user=request.user, tender_id=tender_id, write=write)


def _to_tender(tender: Tender | int) -> HttpResponse:
    return redirect("frontend:tender-detail", tender_id=getattr(tender, "pk", tender))


# Finding and reading tenders ----------------------------------------------------------------


@_refusals
def tender_list(request: HttpRequest) -> HttpResponse:
    search_form = forms.TenderSearchForm(request.GET)
    filters, sort = search_form.filters()
    tenders = selectors.tenders_visible_to(user=request.user, filters=filters, sort=sort)
    page = Paginator(tenders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "search_form": search_form,
        "filters": filters,
        "sort": sort,
        "page": page,
        "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "facets": selectors.tender_facets(user=request.user, filters=filters),
        "can_create": public_bodies_of(request.user).exists(),
    }
    return render(request, T + "list.html", context)


@_refusals
def tender_detail(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id)
    viewer = selectors.tender_viewer(user=request.user, tender=tender)
    # Published answers for everyone; a supplier also sees its own waiting questions.
    questions = list(selectors.questions_visible_to(user=request.user, tender=tender))
    context = {
        "tender": tender,
        "viewer": viewer,
        "published_questions": [q for q in questions if q.published_at],
        "waiting_questions": [q for q in questions if not q.published_at and viewer.is_supplier],
        "amendments": selectors.amendments_of(tender=tender),
        "documents": selectors.tender_documents_of(tender=tender),
        "charter": [(label, getattr(tender, field)) for field, label in CHARTER_ITEMS],
    }
    return render(request, T + "detail.html", context)


# The buyer's pages ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_create(request: HttpRequest) -> HttpResponse:
    buyers = list(public_bodies_of(request.user))
    if not buyers:
        raise PermissionDenied("Only officers of a borough or public body can create tenders.")
    form = forms.TenderForm(_data(request), buyers=buyers)
    tender = _posted(request, form, services.tender_create, acting_user=_person(request))
    if tender is not None:
        messages.success(request, "Your draft tender is saved. Publish it when it is ready.")
        return _to_tender(tender)
    return render(request, T + "tender_form.html", {"form": form, "mode": "create"})


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_edit(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    if tender.status != TenderStatus.DRAFT:
        return redirect("frontend:tender-amend", tender_id=tender.pk)
    form = forms.TenderEditForm(_data(request), tender=tender)
    done = _posted(
        request, form, services.tender_update, acting_user=_person(request), tender=tender
    )
    if done is not None:
        messages.success(request, "Your changes are saved.")
        return _to_tender(tender)
    context = {"form": form, "mode": "edit", "tender": tender}
    return render(request, T + "tender_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_amend(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    form = forms.TenderAmendForm(_data(request), tender=tender)
    amendment = _posted(
        request, form, services.tender_amend, acting_user=_person(request), tender=tender
    )
    if amendment is not None:
        messages.success(request, f"Amendment {amendment.number} is published.")
        return _to_tender(tender)
    context = {"form": form, "mode": "amend", "tender": tender}
    return render(request, T + "tender_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_publish(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    form = forms.ActionForm(_data(request))
    done = _posted(
        request, form, services.tender_publish, acting_user=_person(request), tender=tender
    )
    if done is not None:
        messages.success(request, "Your tender is published. Suppliers can now bid.")
        return _to_tender(tender)
    return render(request, T + "publish.html", {"form": form, "tender": tender})


# The buyer's documents ------------------------------------------------------------------------


def _limit_mb() -> int:
    return int(settings.UPLOAD_MAX_BYTES // (1024 * 1024))


def _documents_page(
    request: HttpRequest,
    tender: Tender,
    documents: list[TenderDocument],
    form: forms.TenderDocumentForm,
) -> HttpResponse:
    is_open: bool = tender.db_is_open  # type: ignore[attr-defined]
    context = {
        "tender": tender,
        "documents": documents,
        "form": form,
        "amending": tender.status != TenderStatus.DRAFT,
        "can_change": tender.status == TenderStatus.DRAFT or is_open,
    }
    return render(request, T + "documents.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_documents(request: HttpRequest, tender_id: int) -> HttpResponse:
    """The buyer adds, replaces and removes the tender's documents; once it is
    published each change is an amendment."""
    tender = _tender(request, tender_id, write=True)
    documents = list(selectors.tender_documents_of(tender=tender))
    amending = tender.status != TenderStatus.DRAFT
    form = forms.TenderDocumentForm(
        _data(request),
        request.FILES or None,
        documents=documents,
        amending=amending,
        limit_mb=_limit_mb(),
    )
    added = _posted(
        request, form, services.tender_document_add, acting_user=_person(request), tender=tender
    )
    if added is None:
        return _documents_page(request, tender, documents, form)
    told = " It is published as an amendment, and suppliers have been told." if amending else ""
    messages.success(request, f"{LQ}{added.title}{RQ} is added.{told}")
    return redirect("frontend:tender-documents", tender_id=tender.pk)


@_refusals
def tender_document_download(
    request: HttpRequest, tender_id: int, document_id: int
) -> HttpResponseBase:
    """Anyone who can see the tender, signed in or not once it is published."""
    document = access.tender_document_get_for(
        user=request.user, tender_id=tender_id, document_id=document_id
    )
    return attachment_response(document)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_document_remove(request: HttpRequest, tender_id: int, document_id: int) -> HttpResponse:
    document = access.tender_document_get_for(
        user=request.user, tender_id=tender_id, document_id=document_id, write=True
    )
    amending = document.tender.status != TenderStatus.DRAFT
    form = forms.TenderDocumentRemoveForm(_data(request), amending=amending)
    removed = _posted(
        request,
        form,
        services.tender_document_remove,
        acting_user=_person(request),
        document=document,
    )
    if removed is not None:
        told = " It is published as an amendment, and suppliers have been told." if amending else ""
        messages.success(request, f"{LQ}{removed.title}{RQ} is removed.{told}")
        return redirect("frontend:tender-documents", tender_id=tender_id)
    context = {"form": form, "document": document, "tender": document.tender, "amending": amending}
    return render(request, T + "document_remove.html", context)


# What each ending is called, and its service.
ENDINGS: dict[str, tuple[str, str, Callable[..., Tender]]] = {
    "withdraw": ("Withdraw the tender", "The tender is withdrawn.", services.tender_withdraw),
    "cancel": ("Cancel the tender", "The tender is cancelled.", services.tender_cancel),
    "no-award": (
        "End without an award",
        "The tender ended without an award.",
        services.tender_no_award,
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_end(request: HttpRequest, tender_id: int, ending: str) -> HttpResponse:
    """Withdraw, cancel or end without an award: each with a published reason."""
    title, outcome, service = ENDINGS[ending]
    tender = _tender(request, tender_id, write=True)
    form = forms.ReasonForm(_data(request), label=f"Why? ({title.lower()})")
    done = _posted(request, form, service, acting_user=_person(request), tender=tender)
    if done is not None:
        messages.success(request, f"{outcome} Everyone following it has been told why.")
        return _to_tender(tender)
    context = {"form": form, "tender": tender, "title": title, "ending": ending}
    return render(request, T + "end.html", context)


@login_required
@require_POST
@_refusals
def tender_interest(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id)
    if request.POST.get("follow") == "no":
        services.tender_interest_withdraw(acting_user=_person(request), tender=tender)
        messages.success(request, "You will no longer be told about this tender.")
    else:
        services.tender_interest_register(acting_user=_person(request), tender=tender)
        messages.success(request, "We will tell you about answers, amendments and the outcome.")
    return _to_tender(tender)


# Clarification questions -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def question_ask(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id)
    suppliers = list(suppliers_of(request.user))
    if not suppliers:
        raise PermissionDenied("Only members of a supplier organisation can ask questions.")
    form = forms.QuestionForm(_data(request), suppliers=suppliers)
    done = _posted(
        request, form, services.question_ask, acting_user=_person(request), tender=tender
    )
    if done is not None:
        messages.success(
            request,
            f"Your question is sent to {tender.buyer.name}. The answer will be published "
            "on this page without saying who asked.",
        )
        return _to_tender(tender)
    return render(request, T + "question_ask.html", {"form": form, "tender": tender})


@login_required
@_refusals
def question_list(request: HttpRequest, tender_id: int) -> HttpResponse:
    """Every question asked, with who asked: for the buyer's officers only."""
    tender = _tender(request, tender_id, write=True)
    questions = selectors.questions_visible_to(user=request.user, tender=tender)
    return render(request, T + "questions.html", {"tender": tender, "questions": questions})


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def question_answer(request: HttpRequest, tender_id: int, question_id: int) -> HttpResponse:
    tender = _tender(request, tender_id)
    question = access.question_get_for(user=request.user, tender=tender, question_id=question_id)
    initial = {
        "published_question": question.published_question or question.question,
        "answer": question.answer,
    }
    form = forms.AnswerForm(_data(request), initial=initial)
    done = _posted(
        request, form, services.question_answer, acting_user=_person(request), question=question
    )
    if done is not None:
        messages.success(request, "The answer is published to every supplier.")
        return redirect("frontend:tender-questions", tender_id=tender.pk)
    context = {"form": form, "tender": tender, "question": question}
    return render(request, T + "question_answer.html", context)


# The supplier's bid ------------------------------------------------------------------------------


@login_required
@require_POST
@_refusals
def bid_start(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id)
    supplier = access.supplier_for(request.user, request.POST.get("supplier"))
    bid = services.bid_create(acting_user=_person(request), tender=tender, supplier=supplier)
    return redirect("frontend:bid-detail", bid_id=bid.pk)


def _bid_page(
    request: HttpRequest,
    bid: Bid,
    tender: Tender,
    *,
    form: forms.BidForm | None = None,
    upload_form: forms.AttachmentForm | None = None,
) -> HttpResponse:
    criteria = selectors.scored_criteria(tender=tender)
    limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    context = {
        "bid": bid,
        "tender": tender,
        "form": form or forms.BidForm(criteria=criteria, bid=bid),
        "upload_form": upload_form or forms.AttachmentForm(limit_mb=limit),
        "attachments": selectors.bid_attachments_of(bid=bid),
    }
    return render(request, T + "bid.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def bid_detail(request: HttpRequest, bid_id: int) -> HttpResponse:
    """The bidder's working copy; the buyer and evaluators, once it is opened, see
    what was submitted instead."""
    bid = access.bid_get_for(user=request.user, bid_id=bid_id)
    if not access.is_bidder(request.user, bid):
        return _opened_bid(request, bid)
    tender = _tender(request, bid.tender_id)
    criteria = selectors.scored_criteria(tender=tender)
    form = forms.BidForm(_data(request), criteria=criteria, bid=bid)
    done = _posted(request, form, services.bid_update, acting_user=_person(request), bid=bid)
    if done is not None:
        if "review" in request.POST:
            return redirect("frontend:bid-submit", bid_id=bid.pk)
        messages.success(request, "Your draft is saved. It is not submitted yet.")
        return redirect("frontend:bid-detail", bid_id=bid.pk)
    return _bid_page(request, bid, tender, form=form)


def _opened_bid(request: HttpRequest, bid: Bid) -> HttpResponse:
    tender = _tender(request, bid.tender_id)
    context = {
        "bid": bid,
        "tender": tender,
        "criteria": selectors.scored_criteria(tender=tender),
        "attachments": selectors.submitted_attachments(bid=bid),
        "is_buyer": access.is_buyer(request.user, tender),
        "is_evaluator": access.is_evaluator(request.user, tender),
    }
    return render(request, T + "bid_opened.html", context)


@login_required
@require_POST
@_refusals
def bid_attachment_upload(request: HttpRequest, bid_id: int) -> HttpResponse:
    bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    upload_form = forms.AttachmentForm(request.POST, request.FILES, limit_mb=limit)
    added = _submit(upload_form, services.bid_attachment_add, acting_user=_person(request), bid=bid)
    if added is None:
        return _bid_page(request, bid, _tender(request, bid.tender_id), upload_form=upload_form)
    messages.success(request, f"{added.original_name} is added. Submit your bid to seal it.")
    return redirect("frontend:bid-detail", bid_id=bid.pk)


@login_required
@_refusals
def bid_attachment_download(
    request: HttpRequest, bid_id: int, attachment_id: int
) -> HttpResponseBase:
    attachment = access.bid_attachment_get_for(
        user=request.user, bid_id=bid_id, attachment_id=attachment_id
    )
    return attachment_response(attachment)


@login_required
@require_POST
@_refusals
def bid_attachment_remove(request: HttpRequest, bid_id: int, attachment_id: int) -> HttpResponse:
    access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    attachment = access.bid_attachment_get_for(
        user=request.user, bid_id=bid_id, attachment_id=attachment_id
    )
    services.bid_attachment_remove(acting_user=_person(request), attachment=attachment)
    messages.success(request, f"{attachment.original_name} is removed from your draft.")
    return redirect("frontend:bid-detail", bid_id=bid_id)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def bid_submit(request: HttpRequest, bid_id: int) -> HttpResponse:
    """Check your answers, then seal the bid."""
    bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    tender = _tender(request, bid.tender_id)
    form = forms.ActionForm(_data(request))
    done = _posted(request, form, services.bid_submit, acting_user=_person(request), bid=bid)
    if done is not None:
        return redirect("frontend:bid-receipt", bid_id=bid.pk)
    context = {
        "form": form,
        "bid": bid,
        "tender": tender,
        "criteria": selectors.scored_criteria(tender=tender),
        "attachments": selectors.bid_attachments_of(bid=bid),
    }
    return render(request, T + "bid_submit.html", context)


@login_required
@_refusals
def bid_receipt(request: HttpRequest, bid_id: int) -> HttpResponse:
    bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    if bid.latest_submission is None:
        return redirect("frontend:bid-detail", bid_id=bid.pk)
    context = {
        "bid": bid,
        "tender": _tender(request, bid.tender_id),
        "submission": bid.latest_submission,
        "attachments": selectors.submitted_attachments(bid=bid),
    }
    return render(request, T + "receipt.html", context)


@login_required
@_refusals
def bid_receipt_json(request: HttpRequest, bid_id: int) -> HttpResponse:
    """Exactly the bytes the receipt's SHA-256 was taken of, to check it with any tool."""
    bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    if bid.latest_submission is None:
        return redirect("frontend:bid-detail", bid_id=bid.pk)
    submission = bid.latest_submission
    response = HttpResponse(
        services.canonical_json(submission.content), content_type="application/json"
    )
    name = f"bid-{bid.pk}-submission-{submission.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def bid_withdraw(request: HttpRequest, bid_id: int) -> HttpResponse:
    bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    form = forms.ActionForm(_data(request))
    done = _posted(request, form, services.bid_withdraw, acting_user=_person(request), bid=bid)
    if done is not None:
        messages.success(request, "Your bid is withdrawn. It will never be opened.")
        return _to_tender(bid.tender_id)
    context = {"form": form, "bid": bid, "tender": _tender(request, bid.tender_id)}
    return render(request, T + "bid_withdraw.html", context)


@login_required
@_refusals
def bid_assessment(request: HttpRequest, bid_id: int) -> HttpResponse:
    """The bidder's scores beside the winner's, once the award is decided."""
    bid = access.bid_get_for(user=request.user, bid_id=bid_id, write=True)
    context = {
        "bid": bid,
        "tender": _tender(request, bid.tender_id),
        "assessment": selectors.bid_assessment(bid=bid),
    }
    return render(request, T + "assessment.html", context)


# Evaluation: the buyer ------------------------------------------------------------------------


def _evaluation_page(
    request: HttpRequest, tender: Tender, *, evaluator_form: forms.EvaluatorForm | None = None
) -> HttpResponse:
    sealed = access.bid_is_sealed(tender)
    context: dict[str, Any] = {
        "tender": tender,
        "sealed": sealed,
        "evaluators": selectors.evaluators_of(tender=tender),
        "evaluator_form": evaluator_form or forms.EvaluatorForm(),
        "can_name_evaluators": tender.status in (TenderStatus.PUBLISHED, TenderStatus.EVALUATION),
    }
    # Nothing about the bids (not even how many) until they are unsealed.
    if not sealed:
        context["bids"] = selectors.bids_visible_to(user=request.user, tender=tender)
        context["summary"] = selectors.evaluation_summary(tender=tender)
    return render(request, T + "evaluation.html", context)


@login_required
@_refusals
def tender_evaluation(request: HttpRequest, tender_id: int) -> HttpResponse:
    return _evaluation_page(request, _tender(request, tender_id, write=True))


@login_required
@require_POST
@_refusals
def evaluation_start(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    services.tender_evaluation_start(acting_user=_person(request), tender=tender)
    messages.success(request, "The bids are open. Evaluators can now declare and score.")
    return redirect("frontend:tender-evaluation", tender_id=tender.pk)


def _evaluator_add(*, acting_user: User, tender: Tender, email: str) -> User:
    evaluator = access.user_by_email(email)
    services.evaluator_add(acting_user=acting_user, tender=tender, evaluator=evaluator)
    return evaluator


@login_required
@require_POST
@_refusals
def evaluator_add(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    form = forms.EvaluatorForm(request.POST)
    evaluator = _submit(form, _evaluator_add, acting_user=_person(request), tender=tender)
    if evaluator is None:
        return _evaluation_page(request, tender, evaluator_form=form)
    messages.success(request, f"{evaluator.full_name} ({evaluator.email}) is an evaluator.")
    return redirect("frontend:tender-evaluation", tender_id=tender.pk)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def tender_award(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    bids = {bid.pk: bid for bid in selectors.bids_visible_to(user=request.user, tender=tender)}
    summary = selectors.evaluation_summary(tender=tender)
    choices = {
        row["bid"]: (
            bids[row["bid"]],
            f"{row['supplier'].name}: {row['total']} points, rank {row['rank']}",
        )
        for row in summary
        if row["bid"] in bids
    }
    form = forms.AwardForm(_data(request), bids=choices)
    done = _posted(
        request, form, services.tender_award, acting_user=_person(request), tender=tender
    )
    if done is not None:
        messages.success(request, "The award is decided. Every bidder has been told.")
        return redirect("frontend:tender-evaluation", tender_id=tender.pk)
    context = {"form": form, "tender": tender, "summary": summary}
    return render(request, T + "award.html", context)


@login_required
@require_POST
@_refusals
def contract_award(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id, write=True)
    services.tender_contract_award(acting_user=_person(request), tender=tender)
    messages.success(request, "The contract is marked as awarded.")
    return redirect("frontend:tender-evaluation", tender_id=tender.pk)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def bid_moderate(request: HttpRequest, bid_id: int) -> HttpResponse:
    """The agreed score for each criterion, from the evaluators' scores."""
    bid = access.bid_get_for(user=request.user, bid_id=bid_id)
    tender = _tender(request, bid.tender_id, write=True)
    criteria = selectors.scored_criteria(tender=tender)
    initial = selectors.agreed_scores_by_criterion(bid=bid)
    form = forms.ModerationForm(_data(request), criteria=criteria, initial_scores=initial)
    done = _posted(request, form, services.bid_moderate, acting_user=_person(request), bid=bid)
    if done is not None:
        messages.success(request, f"The agreed scores for {bid.supplier.name} are saved.")
        return redirect("frontend:tender-evaluation", tender_id=tender.pk)
    context = {
        "form": form,
        "bid": bid,
        "tender": tender,
        "criteria": criteria,
        "scores": selectors.scores_for_moderation(bid=bid),
        "attachments": selectors.submitted_attachments(bid=bid),
    }
    return render(request, T + "moderate.html", context)


# Evaluation: the evaluators ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def conflicts_declare(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(request, tender_id)
    access.require_evaluation_role(request.user, tender)
    if selectors.has_declared(user=_person(request), tender=tender):
        return redirect("frontend:tender-evaluate", tender_id=tender.pk)
    bids = list(selectors.bidders_for_declaration(tender=tender))
    form = forms.DeclarationForm(_data(request), bids=bids)
    done = _posted(
        request, form, services.evaluator_declare, acting_user=_person(request), tender=tender
    )
    if done is not None:
        messages.success(request, "Your declaration is recorded.")
        return redirect("frontend:tender-evaluate", tender_id=tender.pk)
    return render(request, T + "conflicts.html", {"form": form, "tender": tender, "bids": bids})


@login_required
@_refusals
def tender_evaluate(request: HttpRequest, tender_id: int) -> HttpResponse:
    """The bids an evaluator may score: none they are conflicted with."""
    tender = _tender(request, tender_id)
    access.require_evaluation_role(request.user, tender)
    if not selectors.has_declared(user=_person(request), tender=tender):
        return redirect("frontend:tender-conflicts", tender_id=tender.pk)
    context = {
        "tender": tender,
        "bids": selectors.bids_to_score(user=_person(request), tender=tender),
        "conflicts": selectors.conflicts_of(user=_person(request), tender=tender),
    }
    return render(request, T + "evaluate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def bid_score(request: HttpRequest, bid_id: int) -> HttpResponse:
    bid = access.bid_get_for(user=request.user, bid_id=bid_id)
    tender = _tender(request, bid.tender_id)
    if not access.is_evaluator(request.user, tender):
        raise PermissionDenied("Only the tender's evaluators score bids.")
    criteria = selectors.scored_criteria(tender=tender)
    initial = selectors.my_scores_by_criterion(user=_person(request), bid=bid)
    form = forms.ScoreForm(_data(request), criteria=criteria, initial_scores=initial)
    done = _posted(request, form, services.bid_score, acting_user=_person(request), bid=bid)
    if done is not None:
        messages.success(request, f"Your scores for {bid.supplier.name} are saved.")
        return redirect("frontend:tender-evaluate", tender_id=tender.pk)
    context = {
        "form": form,
        "bid": bid,
        "tender": tender,
        "criteria": criteria,
        "attachments": selectors.submitted_attachments(bid=bid),
    }
    return render(request, T + "score.html", context)


# Saved searches ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def saved_search_list(request: HttpRequest) -> HttpResponse:
    filters, _ = forms.TenderSearchForm(request.GET).filters()
    form = forms.SavedSearchForm(
        _data(request),
        initial=forms.saved_search_initial(filters),
        divisions=selectors.cpv_divisions(),
    )
    saved = _posted(request, form, services.saved_search_create, acting_user=_person(request))
    if saved is not None:
        messages.success(request, f"Your search {LQ}{saved.name}{RQ} is saved.")
        return redirect("frontend:saved-searches")
    context = {"form": form, "saved_searches": selectors.saved_searches_of(user=_person(request))}
    return render(request, T + "saved_searches.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refusals
def saved_search_delete(request: HttpRequest, saved_search_id: int) -> HttpResponse:
    saved = access.saved_search_get_for(user=request.user, saved_search_id=saved_search_id)
    if request.method == "POST":
        services.saved_search_delete(acting_user=_person(request), saved_search=saved)
        messages.success(request, f"Your search {LQ}{saved.name}{RQ} is deleted.")
        return redirect("frontend:saved-searches")
    return render(request, T + "saved_search_delete.html", {"saved": saved})
