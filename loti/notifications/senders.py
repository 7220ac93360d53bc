"""How an outbox e-mail leaves the building.

settings.NOTIFICATIONS_EMAIL_SENDER names a class whose instances have
``send(message: OutgoingEmail) -> None``. The default hands the message to Django's
e-mail backend (SMTP, console, file...). A GOV.UK Notify sender calls Notify's API
instead; see the README. A sender raises PermanentDeliveryError when trying again
cannot help; any other exception is treated as transient and retried with backoff.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OutgoingEmail:
    reference: str
    """Our id for the message, e.g. "loti-email-42". Contains no personal data."""
    to: str
    subject: str
    body_text: str
    body_html: str
    category: str
    event: str
    unsubscribe_url: str
    """One-click unsubscribe link; empty for messages that cannot be turned off."""

    @property
    def headers(self) -> dict[str, str]:
        if not self.unsubscribe_url:
            return {}
        # RFC 8058: mail clients may POST "List-Unsubscribe=One-Click" to the URL.
        return {
            "List-Unsubscribe": f"<{self.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


class EmailSender(Protocol):
    def send(self, message: OutgoingEmail) -> None: ...


class PermanentDeliveryError(Exception):
    """The provider refused the message for good (say, the address does not exist)."""


class DjangoEmailSender:
    """Sends through settings.EMAIL_BACKEND with a plain-text body and an HTML alternative."""

    def send(self, message: OutgoingEmail) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            to=[message.to],
            headers=message.headers,
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentDeliveryError(f"The mail server refused {message.to}.") from error
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600:
                raise PermanentDeliveryError(
                    f"The mail server refused the message: {error.smtp_code}."
                ) from error
            raise


@lru_cache(maxsize=8)
def _sender_for(path: str) -> EmailSender:
    sender: EmailSender = import_string(path)()
    return sender


def email_sender() -> EmailSender:
    """The configured sender; one instance per dotted path, reused between messages."""
    return _sender_for(settings.NOTIFICATIONS_EMAIL_SENDER)
