from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Category(models.TextChoices):
    PROJECTS = "projects", "Projects and playbooks"
    TENDERS = "tenders", "Tenders"
    CHALLENGES = "challenges", "Challenges"
    ACCOUNT = "account", "Your account and security"


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "Straight away"
    DAILY = "daily", "In a daily summary"
    WEEKLY = "weekly", "In a weekly summary"
    OFF = "off", "Do not e-mail me"


# What a person gets before they choose. Account and security messages are always sent
# straight away and cannot be changed.
DEFAULT_FREQUENCIES: dict[str, str] = {
    Category.PROJECTS: Frequency.DAILY,
    Category.TENDERS: Frequency.IMMEDIATELY,
    Category.CHALLENGES: Frequency.DAILY,
    Category.ACCOUNT: Frequency.IMMEDIATELY,
}
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


class Notification(models.Model):
    """One thing that changed, shown to one person on their notifications page.

    The title and link are written when the event happens, so the notice still reads
    right after its target has changed again or been deleted."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=Category.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="The detail: context['message'], if any.")
    path = models.CharField(max_length=500, blank=True, help_text="Site-relative link.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            # The unread count in the header runs on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        return f"{settings.SITE_URL}{self.path}" if self.path else ""


class NotificationPreference(models.Model):
    """How often a person wants e-mail about one category. No row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="one_notification_preference_per_category"
            ),
            models.CheckConstraint(
                condition=~Q(category=Category.ACCOUNT) | Q(frequency=Frequency.IMMEDIATELY),
                name="account_notifications_always_immediate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.frequency}"


class DigestRun(models.Model):
    """The one summary e-mail a person gets for one daily or weekly period.

    The unique constraint is the claim: the task that inserts the row owns the period;
    a retried or duplicated task finds the row and sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_runs"
    )
    frequency = models.CharField(
        max_length=20, choices=[(f.value, f.label) for f in DIGEST_FREQUENCIES]
    )
    period = models.DateField(help_text="The London date of a daily run; the Monday of a week.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="one_digest_per_user_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period} for {self.user_id}"


class DigestItem(models.Model):
    """A notification waiting for a person's next summary. digest_run is set when a
    summary takes it, and cleared again if that summary could not be delivered."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="digest_item"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    frequency = models.CharField(
        max_length=20, choices=[(f.value, f.label) for f in DIGEST_FREQUENCIES]
    )
    digest_run = models.ForeignKey(
        DigestRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["frequency", "user"],
                condition=Q(digest_run__isnull=True),
                name="digest_item_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} item {self.notification_id} for {self.user_id}"


class OutboundEmail(models.Model):
    """The outbox: one e-mail to one address, written in the producer's transaction and
    delivered by Celery after commit. The row is the source of truth; a lost broker
    message only delays it until the sweep hands it over again."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", "Immediate"
        DIGEST = "digest", "Digest"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for an address with no account yet, such as an invitee.",
    )
    to_address = models.EmailField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMMEDIATE)
    category = models.CharField(
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text="Empty for a summary that covers several categories.",
    )
    event = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    unsubscribe_url = models.URLField(max_length=1000, blank=True)
    digest_run = models.OneToOneField(
        DigestRun, on_delete=models.CASCADE, null=True, blank=True, related_name="email"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "e-mail"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="email_due_idx",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="email_claimed_idx",
            ),
            models.Index(fields=["state", "-created_at"], name="email_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to_address}"
