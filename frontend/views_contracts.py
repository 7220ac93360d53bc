"""Pages of the technology contracts register: the register, adding and importing
contracts, the market pipeline and its saved searches, the collaboration finder and
publishing a planned re-procurement. Every page needs a signed-in person.

Views fetch through procurement.contracts_access (404 for what the person may not
see), read through contracts_selectors and write through contracts_services; a
service's refusal is shown on the page's form against the field it names.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from frontend import forms_contracts as forms
from frontend.refusals import refusals_shown_with
from frontend.views_challenges import data, person, posted
from loti.organisations import public_bodies_of
from procurement import contracts_access as access
from procurement import contracts_selectors as selectors
from procurement import contracts_services as services
from procurement.contracts import PROCURING_PLANS
from procurement.contracts_charts import pipeline_chart_svg
from procurement.contracts_serializers import progress_percent
from procurement.contracts_sheets import HEADINGS, csv_write
from procurement.models import Contract, ContractImport, ContractImportStatus

T = "contracts/"
PAGE_SIZE = 25
ROWS_PAGE_SIZE = 100
LQ, RQ = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"


refusals = refusals_shown_with(T + "refused.html")


def _contract(request: HttpRequest, contract_id: int, *, write: bool = False) -> Contract:
    return access.contract_get_for(user=request.user, contract_id=contract_id, write=write)


def _to_contract(contract: Contract) -> HttpResponse:
    return redirect("frontend:contract-detail", contract_id=contract.pk)


def _officer_organisations(request: HttpRequest) -> list[Any]:
    organisations = list(public_bodies_of(request.user))
    if not organisations:
        raise PermissionDenied(
            "Only officers of a borough or public body can add to a contracts register."
        )
    return organisations


def _page(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> dict[str, Any]:
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    links = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    count = page.paginator.count
    caption = f"{count} contract{'' if count == 1 else 's'}, soonest ending first"
    return {"page": page, "page_links": links, "caption": caption}


# The register --------------------------------------------------------------------------------


@login_required
@refusals
def contract_list(request: HttpRequest) -> HttpResponse:
    filter_form = forms.ContractFilterForm(request.GET)
    filters = filter_form.filters()
    contracts = selectors.contracts_visible_to(user=request.user, filters=filters)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "can_add": public_bodies_of(request.user).exists(),
        **_page(request, contracts),
    }
    return render(request, T + "list.html", context)


@login_required
@refusals
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id)
    context = {
        "contract": contract,
        "is_officer": access.is_contract_officer(request.user, contract),
        "can_publish_plan": contract.renewal_plan in PROCURING_PLANS,
    }
    return render(request, T + "detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def contract_create(request: HttpRequest) -> HttpResponse:
    form = forms.ContractForm(data(request), organisations=_officer_organisations(request))
    contract = posted(request, form, services.contract_create, acting_user=person(request))
    if contract is not None:
        messages.success(request, "The contract is added to the register.")
        return _to_contract(contract)
    return render(request, T + "form.html", {"form": form, "mode": "create"})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id, write=True)
    form = forms.ContractEditForm(data(request), contract=contract)
    done = posted(
        request, form, services.contract_update, acting_user=person(request), contract=contract
    )
    if done is not None:
        messages.success(request, "Your changes are saved.")
        return _to_contract(contract)
    return render(request, T + "form.html", {"form": form, "mode": "edit", "contract": contract})


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def contract_delete(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(request, contract_id, write=True)
    if request.method == "POST":
        services.contract_delete(acting_user=person(request), contract=contract)
        messages.success(request, f"{LQ}{contract.system_name}{RQ} is removed from the register.")
        return redirect("frontend:contract-list")
    return render(request, T + "delete.html", {"contract": contract})


# Imports ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def contract_import(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(
        data(request),
        request.FILES if request.method == "POST" else None,
        organisations=_officer_organisations(request),
        limit_mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024),
    )
    started = posted(request, form, services.contract_import_start, acting_user=person(request))
    if started is not None:
        return redirect("frontend:contract-import-detail", import_id=started.pk)
    context = {
        "form": form,
        "imports": selectors.contract_imports_of(user=request.user)[:10],
        "headings": HEADINGS,
    }
    return render(request, T + "import.html", context)


@login_required
def contract_import_template(request: HttpRequest) -> HttpResponse:
    """An empty register with the headings an import reads."""
    response = HttpResponse(csv_write([]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contracts-register-template.csv"'
    return response


def _import_context(request: HttpRequest, found: ContractImport) -> dict[str, Any]:
    context: dict[str, Any] = {"import": found, "percent": progress_percent(found)}
    if found.status == ContractImportStatus.CHECKED:
        rows = selectors.import_rows(contract_import=found, problems_only=bool(found.error_rows))
        context.update(_page(request, rows, ROWS_PAGE_SIZE))
    return context


@login_required
@refusals
def contract_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The import's progress, its preview (each row's problems), or what it did."""
    found = access.contract_import_get_for(user=request.user, import_id=import_id)
    return render(request, T + "import_detail.html", _import_context(request, found))


@login_required
@require_POST
@refusals
def contract_import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    found = access.contract_import_get_for(user=request.user, import_id=import_id)
    done = services.contract_import_confirm(acting_user=person(request), contract_import=found)
    if done.status == ContractImportStatus.IMPORTED:
        messages.success(request, "The contracts are imported.")
    return redirect("frontend:contract-import-detail", import_id=found.pk)


# The market pipeline -------------------------------------------------------------------------


@login_required
@refusals
def contract_pipeline(request: HttpRequest) -> HttpResponse:
    filter_form = forms.ContractFilterForm(request.GET)
    filters = filter_form.filters()
    window = selectors.pipeline_window()
    chart = selectors.pipeline_chart(user=request.user, filters=filters, window=window)
    contracts = selectors.pipeline_contracts(user=request.user, filters=filters, window=window)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "window": window,
        "chart": chart,
        # Drawn by procurement.contracts_charts, which escapes every text it draws.
        "chart_svg": mark_safe(pipeline_chart_svg(chart)),  # noqa: S308  # nosec B308 B703
        **_page(request, contracts),
    }
    return render(request, T + "pipeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def pipeline_searches(request: HttpRequest) -> HttpResponse:
    # Filled in from the pipeline page's filters; a value that is not a choice is not shown.
    initial = {name: request.GET.get(name, "") for name in forms.PIPELINE_SEARCH_FILTERS}
    form = forms.PipelineSearchForm(data(request), initial=initial)
    saved = posted(request, form, services.pipeline_search_create, acting_user=person(request))
    if saved is not None:
        messages.success(request, f"Your search {LQ}{saved.name}{RQ} is saved.")
        return redirect("frontend:pipeline-searches")
    context = {"form": form, "searches": selectors.pipeline_searches_of(user=person(request))}
    return render(request, T + "pipeline_searches.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def pipeline_search_delete(request: HttpRequest, search_id: int) -> HttpResponse:
    saved = access.pipeline_search_get_for(user=request.user, search_id=search_id)
    if request.method == "POST":
        services.pipeline_search_delete(acting_user=person(request), pipeline_search=saved)
        messages.success(request, f"Your search {LQ}{saved.name}{RQ} is deleted.")
        return redirect("frontend:pipeline-searches")
    return render(request, T + "pipeline_search_delete.html", {"saved": saved})


# Working with other boroughs ---------------------------------------------------------------


@login_required
@refusals
def contract_collaborate(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Who else runs this system or buys from this supplier, and when theirs end."""
    contract = _contract(request, contract_id, write=True)
    matches = selectors.contract_matches(user=request.user, contract=contract)
    return render(request, T + "collaborate.html", {"contract": contract, "matches": matches})


@login_required
@require_POST
@refusals
def contract_joint_tender(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Start a draft tender with the matching contract's borough as a joint buyer."""
    contract = _contract(request, contract_id, write=True)
    wanted = [int(value) for value in request.POST.getlist("partner") if value.isdigit()]
    partners = selectors.partner_contracts(
        user=request.user, contract=contract, contract_ids=wanted
    )
    tender = services.joint_tender_start(
        acting_user=person(request), contract=contract, partners=partners
    )
    messages.success(
        request,
        "Your draft joint tender is saved. Describe what the boroughs need and set the "
        "closing date before you publish it.",
    )
    return redirect("frontend:tender-edit", tender_id=tender.pk)


@login_required
@require_http_methods(["GET", "POST"])
@refusals
def contract_plan(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Publish the planned re-procurement as open data (an OCDS planning release)."""
    contract = _contract(request, contract_id, write=True)
    form = forms.PlanForm(data(request))
    release = posted(
        request,
        form,
        services.contract_plan_publish,
        acting_user=person(request),
        contract=contract,
    )
    if release is not None:
        messages.success(request, "The planned procurement is published as open data.")
        return _to_contract(contract)
    return render(request, T + "plan.html", {"form": form, "contract": contract})
