"""What people are told when their access changes."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from loti.accounts.models import Invitation


def invitation_link(invitation: Invitation) -> str:
    from loti.accounts.services import invitation_token

    path = reverse("frontend:invitation-accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def _invitation_email_send(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    context = {
        "invitation": invitation,
        "link": invitation_link(invitation),
        "service_name": settings.SERVICE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=(
            f"You are invited to join {invitation.organisation.name} on {settings.SERVICE_NAME}"
        ),
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("accounts/email/invitation.html", context), "text/html"
    )
    message.send()


def invitation_sent(*, invitation: Invitation) -> None:
    transaction.on_commit(partial(_invitation_email_send, invitation.pk))
