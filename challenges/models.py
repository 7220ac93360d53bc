from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Now
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from loti.accounts.models import Organisation
from loti.attachments import Attachment
from loti.charter import CharterFields
from loti.clarifications import Clarification
from loti.visibility import VisibleModel, VisibleQuerySet


class ChallengeStatus(models.TextChoices):
    """The stored status. An open challenge past closes_at is shown as CLOSED: worked
    out against the database clock on every read, never stored."""

    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    JUDGING = "judging", "Judging"
    DECIDED = "decided", "Decided"
    PUBLISHED = "published", "Results published"
    CANCELLED = "cancelled", "Cancelled"


class Audience(models.TextChoices):
    """Who may see and enter a published challenge (a draft is private to its owners)."""

    PUBLIC = "public", "Public: anyone"
    NETWORK = "network", "Network: LOTI member organisations"
    INVITE = "invite", "Invite-only: the organisations invited"


class ChallengeQuerySet(VisibleQuerySet["Challenge"]):
    owner_field = "owner"
    owner_m2m_field = "co_owners"
    # Invite-only challenges are SHARED with the organisations on the invite list.
    shared_field = "invited"
    user_permission_model = "challenges.ChallengeUserObjectPermission"
    group_permission_model = "challenges.ChallengeGroupObjectPermission"

    def with_clock(self) -> ChallengeQuerySet:
        """Annotate the database clock's view: open for entries, and the status a
        person sees (open past its deadline is closed)."""
        accepting = Q(status=ChallengeStatus.OPEN, opens_at__lte=Now(), closes_at__gt=Now())
        return self.annotate(
            db_is_open=ExpressionWrapper(accepting, output_field=models.BooleanField()),
            db_deadline_passed=ExpressionWrapper(
                Q(closes_at__lte=Now()), output_field=models.BooleanField()
            ),
            db_stage=Case(
                When(
                    status=ChallengeStatus.OPEN,
                    closes_at__lte=Now(),
                    then=Value(ChallengeStatus.CLOSED.value),
                ),
                default=F("status"),
                output_field=models.CharField(),
            ),
        )


class Challenge(VisibleModel, CharterFields):
    """A borough's (or several boroughs') open call: a problem, prizes, and a fair panel."""

    title = models.CharField(max_length=200)
    problem_statement = models.TextField()
    background = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="challenges")
    co_owners = models.ManyToManyField(Organisation, blank=True, related_name="co_challenges")
    invited = models.ManyToManyField(Organisation, blank=True, related_name="challenge_invitations")

    eligibility = models.TextField(blank=True, help_text="Who may enter, in plain English.")
    eligible_sizes = ArrayField(
        models.CharField(max_length=10, choices=Organisation.Size.choices),
        default=list,
        blank=True,
        help_text="Supplier sizes that may enter; empty means any.",
    )
    requires_uk_registered = models.BooleanField(
        default=False, help_text="Entrants must have a Companies House number."
    )
    requires_london_based = models.BooleanField(
        default=False, help_text="Entrants must declare they are based in London."
    )

    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    judging_starts_at = models.DateTimeField(null=True, blank=True)
    judging_ends_at = models.DateTimeField(null=True, blank=True)
    announce_at = models.DateTimeField(null=True, blank=True)

    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["visibility", "status", "closes_at"]),
            models.Index(fields=["owner", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")), name="challenge_opens_before_closing"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PrizeKind(models.TextChoices):
    PLACE = "place", "A placed prize (first, second …)"
    AWARD = "award", "One of several equal awards"
    COMMENDED = "commended", "Highly commended"


class Prize(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="prizes")
    kind = models.CharField(max_length=10, choices=PrizeKind.choices)
    name = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    awards = models.PositiveSmallIntegerField(
        default=1, help_text="How many entries can win it: 1 for a place."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ChallengeQuestion(Clarification):
    """A clarification question, published with its answer to everyone and never with
    the asker: public serializers include neither asked_by nor organisation."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="questions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Clarification.Meta):
        pass

    def __str__(self) -> str:
        return f"Question {self.pk} on {self.challenge}"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Eligibility(models.TextChoices):
    PENDING = "pending", "Not screened yet"
    ELIGIBLE = "eligible", "Eligible"
    INELIGIBLE = "ineligible", "Not eligible"


LIVE_ENTRY_STATUSES = [EntryStatus.DRAFT, EntryStatus.SUBMITTED]


class Entry(models.Model):
    """A supplier organisation's entry (with partner organisations, for a consortium).
    The fields are the working copy its members edit; what is judged is the latest
    EntrySubmission, which never changes."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="entries")
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="challenge_entries"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_entries")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    description = models.TextField(blank=True)
    declaration = models.JSONField(
        default=dict, blank=True, help_text="The eligibility declaration: london_based, confirmed."
    )
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    latest_submission = models.OneToOneField(
        "EntrySubmission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    eligibility = models.CharField(
        max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(blank=True, help_text="Shown to the entrant.")
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "supplier"],
                condition=Q(status__in=LIVE_ENTRY_STATUSES),
                name="one_live_entry_per_supplier",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EntrySubmission(models.Model):
    """One submission, the entrant's receipt: the database's time and a SHA-256 of the
    canonical JSON of exactly what was submitted."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "number"], name="one_entry_submission_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of entry {self.entry_id}"


def entry_attachment_path(instance: EntryAttachment, filename: str) -> str:
    # A generated name: what the entrant called the file is kept only as data.
    return f"entries/{instance.entry_id}/{uuid.uuid4().hex}"


def blind_document_name(*, entry_id: int, attachment_id: int, original_name: str) -> str:
    """The name a blind round's panel sees a document by: its entry and number, never
    what the entrant called it (which may name them); the file type is kept."""
    _, dot, suffix = original_name.rpartition(".")
    return f"entry-{entry_id}-document-{attachment_id}" + (f".{suffix}" if dot else "")


class EntryAttachment(Attachment):
    """A document of an entry; the receipt's hash covers its SHA-256."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=entry_attachment_path, max_length=200)

    @property
    def blind_name(self) -> str:
        return blind_document_name(
            entry_id=self.entry_id, attachment_id=self.pk, original_name=self.original_name
        )


# Judging ------------------------------------------------------------------------------


class RoundKind(models.TextChoices):
    SCREENING = "screening", "Screening"
    SHORTLIST = "shortlist", "Shortlist"
    FINAL = "final", "Final (e.g. pitch)"


class RoundStatus(models.TextChoices):
    SETUP = "setup", "Being set up"
    SCORING = "scoring", "Scoring"
    CLOSED = "closed", "Closed"


class Method(models.TextChoices):
    RAW = "raw", "Mean of the judges' weighted totals"
    ZSCORE = "zscore", "Mean of the judges' z-scores"


def _new_seed() -> str:
    return secrets.token_hex(16)


class Round(models.Model):
    """One round of judging, with its own rubric, panel and assignments."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=RoundKind.choices)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.SETUP)
    blind = models.BooleanField(
        default=False, help_text="Judges never see who entered: organisation or people."
    )
    judges_per_entry = models.PositiveSmallIntegerField(default=3)
    max_per_judge = models.PositiveIntegerField(null=True, blank=True)
    scale = models.JSONField(
        default=list, help_text='The score levels: [{"score": 0, "descriptor": "…"}, …].'
    )
    comment_required = models.BooleanField(default=False)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.RAW)
    disagreement_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=15,
        help_text="Standard deviation of an entry's totals (0-100) above which it is discussed.",
    )
    advance_count = models.PositiveIntegerField(
        default=5, help_text="How many entries the results suggest advancing."
    )
    deadline = models.DateTimeField(null=True, blank=True, help_text="Judging deadline.")
    draw_seed = models.CharField(max_length=64, default=_new_seed)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["challenge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "number"], name="one_round_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.challenge}: round {self.number} ({self.name})"

    @property
    def scale_values(self) -> list[int]:
        return [int(level["score"]) for level in self.scale]


class RubricCriterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="one_rubric_criterion_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class RoundEntry(models.Model):
    """An entry in a round: every eligible entry in the first, those advanced after."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_entries")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="round_entries")
    advanced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "entry"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="one_round_entry")]

    def __str__(self) -> str:
        return f"Entry {self.entry_id} in round {self.round_id}"


class PanelMember(models.Model):
    """A judge on a round's panel: invited by e-mail (often someone with no account or
    organisation), a user once they accept the signed link."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel")
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="panel_places",
    )
    is_chair = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the judge declared their conflicts of interest."
    )

    class Meta:
        ordering = ["round", "-is_chair", "email"]
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_panel_place_per_email"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(is_chair=True), name="one_chair_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} on {self.round}"


class ConflictSource(models.TextChoices):
    DECLARED = "declared", "Declared by the judge"
    MEMBERSHIP = "membership", "A member of the entrant's or a partner's organisation"
    PAST_MEMBERSHIP = "past_membership", "A past member of the entrant's or a partner's"
    EMAIL_DOMAIN = "email_domain", "Shares an e-mail domain with the entrant's members"


class ConflictKind(models.TextChoices):
    ORGANISATIONAL = "organisational", "Organisational"
    FINANCIAL = "financial", "Financial"
    PERSONAL = "personal", "Personal"
    OTHER = "other", "Other"


class ConflictStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: the judge is kept off the entry"
    FLAGGED = "flagged", "Flagged: waiting for the chair"
    DISMISSED = "dismissed", "Dismissed by the chair"


# A flag the chair has not yet looked at keeps the judge off the entry, to be safe.
BLOCKING_CONFLICT_STATUSES = [ConflictStatus.CONFIRMED, ConflictStatus.FLAGGED]


class EntryConflict(models.Model):
    """A judge's conflict with an entry: declared (confirmed at once) or found from
    memberships and e-mail domains (flagged until the chair confirms or dismisses it)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=ConflictSource.choices)
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    detail = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ConflictStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "judge", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "source"], name="one_entry_conflict_per_source"
            )
        ]
        indexes = [models.Index(fields=["judge", "status"])]

    def __str__(self) -> str:
        return f"{self.judge} and entry {self.entry_id}: {self.source} ({self.status})"


class AssignmentBatch(models.Model):
    """One bulk assignment: previewed, adjusted, released, and undone as a whole."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name_plural = "assignment batches"

    def __str__(self) -> str:
        return f"Assignment batch {self.pk} of round {self.round_id}"


class Assignment(models.Model):
    """A judge asked to score an entry in a round. Judges see it once released."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(
        AssignmentBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "entry", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="one_assignment")
        ]
        indexes = [models.Index(fields=["judge", "round"])]

    def __str__(self) -> str:
        return f"{self.judge} scores entry {self.entry_id} in round {self.round_id}"


class ScoreSheet(models.Model):
    """One judge's scores of one entry in one round, per rubric criterion. Every change
    bumps `version` and is written, before and after, to the audit log."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scores = models.JSONField(help_text="Criterion key to the score, a level of the scale.")
    comments = models.JSONField(default=dict, blank=True)
    feedback = models.TextField(blank=True, help_text="Feedback for the entrant.")
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "entry", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="one_score_sheet")
        ]

    def __str__(self) -> str:
        return f"{self.judge} on entry {self.entry_id} (v{self.version})"


class JudgeReminder(models.Model):
    """That a judge was reminded of a round's deadline: never twice."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "judge"], name="one_reminder_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.judge} reminded for round {self.round_id}"


class PrizeAward(models.Model):
    """The chair's decision: this entry wins this prize, and why."""

    prize = models.ForeignKey(Prize, on_delete=models.CASCADE, related_name="winners")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="prizes_won")
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["prize__position", "prize_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["prize", "entry"], name="one_award_per_prize_entry")
        ]

    def __str__(self) -> str:
        return f"{self.prize} to entry {self.entry_id}"


class ChallengeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Challenge, on_delete=models.CASCADE)


class ChallengeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Challenge, on_delete=models.CASCADE)
