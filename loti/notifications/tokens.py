"""Signed one-click unsubscribe links.

The token names the person and the categories; it is signed with SECRET_KEY and a salt
of its own, so it cannot be altered to name someone else and an invitation token (or any
other signed value) is not accepted in its place. It does not expire: a link in an old
e-mail must still work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from loti.notifications.models import Category

UNSUBSCRIBE_SALT = "loti.notifications.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeRequest:
    user_id: int
    categories: tuple[str, ...]


def unsubscribe_token(*, user_id: int, categories: Iterable[str]) -> str:
    chosen = sorted(set(categories))
    if not chosen or Category.ACCOUNT in chosen:
        raise ValueError("Only projects, tenders and challenges e-mails can be unsubscribed.")
    return signing.dumps({"u": user_id, "c": chosen}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user_id: int, categories: Iterable[str]) -> str:
    token = unsubscribe_token(user_id=user_id, categories=categories)
    path = reverse("frontend:notifications-unsubscribe", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token_read(token: str) -> UnsubscribeRequest:
    """The request a token makes. Raises signing.BadSignature for a tampered token and
    ValueError for a well-signed one that names nothing we can unsubscribe."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict):
        raise ValueError("Not an unsubscribe token.")
    user_id, categories = payload.get("u"), payload.get("c")
    if not isinstance(user_id, int) or not isinstance(categories, list):
        raise ValueError("Not an unsubscribe token.")
    allowed = set(Category.values) - {Category.ACCOUNT}
    if not categories or not set(categories) <= allowed:
        raise ValueError("Not an unsubscribe token.")
    return UnsubscribeRequest(user_id=user_id, categories=tuple(categories))
