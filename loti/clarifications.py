"""Clarification questions, as the tender board and challenges both take them: asked
privately, answered and published to everyone without the asker."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from loti.accounts.models import User
from loti.api.errors import ApplicationError


class Clarification(models.Model):
    """The shared fields. A concrete model adds its parent (tender, challenge) and who
    asked for; public serializers never include asked_by or that organisation."""

    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    question = models.TextField()
    asked_at = models.DateTimeField(default=timezone.now)
    published_question = models.TextField(
        blank=True, help_text="The question as published, reworded to take out who asked."
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["asked_at", "id"]


Q = TypeVar("Q", bound=Clarification)


def clarification_publish(
    question: Q, *, acting_user: User, answer: str, published_question: str, now: datetime
) -> Q:
    """Answer the question and publish both, reworded if the answerer chose to take out
    what identifies the asker. The caller has checked the answerer's right to do so."""
    if not answer.strip():
        raise ApplicationError("Enter the answer.", field="answer")
    question = type(question)._default_manager.select_for_update().get(pk=question.pk)
    question.answer = answer.strip()
    question.published_question = published_question.strip() or question.question
    question.answered_by = acting_user
    question.published_at = now
    question.save(update_fields=["answer", "published_question", "answered_by", "published_at"])
    return question
