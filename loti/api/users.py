from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from rest_framework import status
from rest_framework.request import Request

from loti.accounts.models import User
from loti.api.errors import ApplicationError


def signed_in_user(request: Request | HttpRequest) -> User:
    """The request's user, for views whose permissions already demand a signed-in one."""
    if not request.user.is_authenticated:
        raise ApplicationError("Sign in first.", status_code=status.HTTP_401_UNAUTHORIZED)
    return cast(User, request.user)
