"""Receivers that keep sessions in step with signing in and out and with accounts
being disabled, however that happens (a page, the admin, a shell)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from loti.accounts.models import User
from loti.accounts.sessions import session_ended, session_started, sessions_end_for


@receiver(user_logged_in, dispatch_uid="loti.accounts.session_started")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_started(request, user=user)


@receiver(user_logged_out, dispatch_uid="loti.accounts.session_ended")
def _signed_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None:
        session_ended(request)


@receiver(post_save, sender=User, dispatch_uid="loti.accounts.disabled_sessions_end")
def _account_saved(sender: Any, instance: User, **kwargs: Any) -> None:
    # Django already refuses a disabled person's session; ending the sessions and token
    # means that enabling the account again does not bring them back.
    if not instance.is_active:
        sessions_end_for(user=instance)
