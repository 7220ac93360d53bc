"""Pages for notifications: the list, e-mail preferences and the unsubscribe link."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.notifications import access, selectors, services
from loti.notifications.models import Category, Frequency

PAGE_SIZE = 25


class PreferencesForm(forms.Form):
    """One set of radios per category a person may change; account is fixed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in Category:
            if category != Category.ACCOUNT:
                self.fields[category.value] = forms.ChoiceField(
                    label=category.label, choices=Frequency.choices, widget=forms.RadioSelect
                )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_of(user=_person(request))
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    has_unread = any(notification.read_at is None for notification in page)
    return render(
        request, "frontend/notifications/list.html", {"page": page, "has_unread": has_unread}
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = access.notification_get_for(
        user=_person(request), notification_id=notification_id
    )
    services.notification_mark_read(acting_user=_person(request), notification=notification)
    return redirect("frontend:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = services.notifications_mark_all_read(acting_user=_person(request))
    messages.success(request, f"{marked} notification{'' if marked == 1 else 's'} marked as read.")
    return redirect("frontend:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_of(user=_person(request))
    form = PreferencesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_update(acting_user=_person(request), changes=form.cleaned_data)
        except ApplicationError as error:
            _add_errors(form, error.fields, error.message)
        else:
            messages.success(request, "Your e-mail choices are saved.")
            return redirect("frontend:notification-preferences")
    return render(request, "frontend/notifications/preferences.html", {"form": form})


# The signed token is the authority here, not a session: mail clients send the
# one-click POST (RFC 8058) with no cookie or CSRF token, and a forged request cannot
# name anyone without a token from their own e-mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notifications_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            _, categories = services.preferences_unsubscribe(token=token)
        else:
            _, categories = services.unsubscribe_request_from(token)
    except ApplicationError as error:
        return render(
            request, "frontend/notifications/unsubscribe_invalid.html", {"error": error}, status=400
        )
    context = {"labels": [Category(c).label for c in categories], "token": token}
    template = "unsubscribed" if request.method == "POST" else "unsubscribe"
    return render(request, f"frontend/notifications/{template}.html", context)


def _person(request: HttpRequest) -> User:
    """The signed-in person of a view behind login_required."""
    return cast(User, request.user)


def _add_errors(form: forms.Form, fields: Mapping[str, list[str]], message: str) -> None:
    placed = [name for name in fields if name in form.fields]
    for name in placed:
        for text in fields[name]:
            form.add_error(name, text)
    if not placed:
        form.add_error(None, message)
