"""The only way to fetch one deletion request for a request: network administrators may
see any, a person their own; to anyone else it does not exist."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from loti.accounts.models import DeletionRequest, User
from loti.accounts.privacy_selectors import deletion_requests_visible_to


def deletion_request_get_for(*, user: User | Any, request_id: int) -> DeletionRequest:
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such deletion request.")
    request = deletion_requests_visible_to(user=user).filter(pk=request_id).first()
    if request is None:
        raise Http404("No such deletion request.")
    return request
