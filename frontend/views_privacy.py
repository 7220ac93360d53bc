"""Data protection pages: your data, deleting your account, the network administrators'
list of deletions waiting for them, and the accessibility and privacy statements."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.renderers import JSONRenderer

from frontend.forms_privacy import DeletionForm
from frontend.forms_procurement import ActionForm
from frontend.views import _submit
from loti.accounts import privacy_access, privacy_selectors, privacy_services
from loti.accounts.models import DeletionRequest, User
from loti.accounts.privacy_serializers import PersonalDataOutput, personal_data_filename
from loti.permissions import is_network_admin

T = "frontend/privacy/"


def _person(request: HttpRequest) -> User:
    """The signed-in person of a view behind login_required."""
    return cast(User, request.user)


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    return render(request, T + "personal_data.html")


@login_required
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """The same file as GET /api/me/personal-data/."""
    person = _person(request)
    data = privacy_services.personal_data_export(acting_user=person)
    body = JSONRenderer().render(
        PersonalDataOutput(data, context={"user": person}).data,
        renderer_context={"indent": 2},
    )
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{personal_data_filename(data)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    pending = privacy_selectors.deletion_request_pending(user=person)
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and pending is None:
        deletion = _submit(form, privacy_services.account_deletion_request, acting_user=person)
        if deletion is not None and deletion.status == DeletionRequest.Status.COMPLETED:
            logout(request)
            return redirect("frontend:account-deleted")
        if deletion is not None:
            messages.success(request, "Your request to delete your account has been sent")
            return redirect("frontend:account-delete")
    context = {
        "form": form,
        "pending": pending,
        "holds": [] if pending else privacy_selectors.deletion_holds(user=person),
    }
    return render(request, T + "delete.html", context)


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, T + "deleted.html")


@login_required
def deletion_requests(request: HttpRequest) -> HttpResponse:
    if not is_network_admin(request.user):
        raise Http404("No such page.")
    waiting = privacy_selectors.deletion_requests_visible_to(
        user=_person(request), status=DeletionRequest.Status.PENDING
    )
    return render(request, T + "requests.html", {"waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request: HttpRequest, request_id: int) -> HttpResponse:
    deletion = privacy_access.deletion_request_get_for(user=request.user, request_id=request_id)
    can_confirm = is_network_admin(request.user)
    if request.method == "POST" and not can_confirm:
        raise PermissionDenied("Only network administrators can confirm a deletion.")
    form = ActionForm(request.POST if request.method == "POST" else None, error_anchor="holds")
    if request.method == "POST":
        done = _submit(
            form,
            privacy_services.deletion_request_confirm,
            acting_user=_person(request),
            request=deletion,
        )
        if done is not None:
            messages.success(request, f"The account is deleted: it is now {done.user.full_name}")
            return redirect("frontend:deletion-requests")
    context = {"deletion": deletion, "form": form, "can_confirm": can_confirm}
    return render(request, T + "request.html", context)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, T + "accessibility.html", {"support_email": settings.SUPPORT_EMAIL})


def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {
        "support_email": settings.SUPPORT_EMAIL,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
    return render(request, T + "privacy.html", context)
