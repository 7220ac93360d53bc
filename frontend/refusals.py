"""How a page shows a service's or access check's refusal that is not about a form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from rest_framework import status

from loti.api.errors import ApplicationError

ViewFunction = Callable[..., HttpResponseBase]


def refusals_shown_with(template: str) -> Callable[[ViewFunction], ViewFunction]:
    """401 sends the person to sign in; 403 is the "You cannot do this" page with the
    reason; anything else (too late, the wrong stage) is `template` saying why, with the
    status the API would give."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                return view(request, *args, **kwargs)
            except ApplicationError as error:
                if error.status_code == status.HTTP_401_UNAUTHORIZED:
                    return redirect_to_login(request.get_full_path())
                if error.status_code == status.HTTP_403_FORBIDDEN:
                    raise PermissionDenied(error.message) from error
                context = {"message": error.message}
                return render(request, template, context, status=error.status_code)

        return wrapper

    return decorate
