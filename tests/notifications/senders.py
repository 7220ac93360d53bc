"""Senders plugged in through NOTIFICATIONS_EMAIL_SENDER, as a GOV.UK Notify one would be."""

from __future__ import annotations

from typing import ClassVar

from loti.notifications.senders import OutgoingEmail, PermanentDeliveryError


class RecordingSender:
    sent: ClassVar[list[OutgoingEmail]] = []
    failures_left: ClassVar[int] = 0
    permanent: ClassVar[bool] = False

    @classmethod
    def reset(cls, *, failures: int = 0, permanent: bool = False) -> None:
        cls.sent = []
        cls.failures_left = failures
        cls.permanent = permanent

    def send(self, message: OutgoingEmail) -> None:
        if self.permanent:
            raise PermanentDeliveryError("The address does not exist.")
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            raise ConnectionError("The provider did not answer.")
        type(self).sent.append(message)
