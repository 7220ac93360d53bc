from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from loti.accounts.models import Organisation
from loti.attachments import Attachment
from loti.charter import CharterFields
from loti.visibility import VisibleModel, VisibleQuerySet


class Theme(models.TextChoices):
    ADULT_SOCIAL_CARE = "adult-social-care", "Adult social care"
    CHILDRENS_SERVICES = "childrens-services", "Children's services"
    HOUSING = "housing", "Housing"
    NET_ZERO = "net-zero", "Net zero"
    TRANSPORT = "transport", "Transport"
    DIGITAL_INCLUSION = "digital-inclusion", "Digital inclusion"
    DATA = "data", "Data"
    CYBER_SECURITY = "cyber-security", "Cyber security"
    PROCUREMENT = "procurement", "Procurement"


class Phase(models.TextChoices):
    IDEA = "idea", "Idea"
    DISCOVERY = "discovery", "Discovery"
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"


class ProjectQuerySet(VisibleQuerySet["Project"]):
    owner_field = "lead_organisation"
    owner_m2m_field = "partners"
    shared_field = "shared_with"
    user_permission_model = "projects.ProjectUserObjectPermission"
    group_permission_model = "projects.ProjectGroupObjectPermission"
    # The officer's project list is the hottest read: build its visibility SQL once.
    one_condition = True


class Project(VisibleModel, CharterFields):
    """A borough's piece of work, co-authored and shared across London.

    `version` counts saved edits; it is the ETag, so an edit made against an older
    version is refused instead of silently overwriting someone else's change.
    """

    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="In plain English: what it is and who it is for.")
    problem = models.TextField(blank=True)
    approach = models.TextField(blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.IDEA)
    themes = ArrayField(
        models.CharField(max_length=40, choices=Theme.choices), default=list, blank=True
    )
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_projects"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_projects")
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="+")
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    adopted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        help_text="The project this one was adopted from: its lineage.",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_idx"),
            GinIndex(fields=["themes"], name="project_themes_idx"),
            models.Index(fields=["visibility", "lead_organisation"]),
            # The list's order: page 1 reads the newest rows and stops, rather than
            # sorting every project the officer may see.
            models.Index(fields=["updated_at", "id"], name="project_updated_idx"),
        ]
        permissions = [("coauthor_project", "Co-author the project")]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """What a project measures, and where the measure stood, should stand and stands.
    The unit is part of the measure ("Repairs reported each month"), so the three
    values are numbers that can be compared."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(max_length=200)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.measure


class ProjectLink(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ProjectRevision(models.Model):
    """A snapshot after each saved edit: who, when, and the fields that changed.

    The snapshot holds the project's fields, its organisations by slug and, under
    RECORDED_LISTS, its outcomes and links (lists of their fields, in order)."""

    RECORDED_LISTS = ("outcomes", "links")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField()
    changed_fields = ArrayField(models.CharField(max_length=60), default=list)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_revision_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.project} v{self.number}"


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)


class Follow(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_follow_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.project}"


class Comment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.project}"


class PublicFeedback(models.Model):
    """What a member of the public says about a public project. Nothing is shown until
    a member of the project's organisations approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Published"
        REJECTED = "rejected", "Not published"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="feedback")
    name = models.CharField(max_length=100, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"Feedback on {self.project}"


class StatusUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    happened_on = models.DateField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} on {self.happened_on}"


class PartnerInterest(models.Model):
    """Another organisation asks to join a project as a partner; the lead answers."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_interest_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.project}"


class PlaybookQuerySet(VisibleQuerySet["Playbook"]):
    owner_field = "owner"
    shared_field = "shared_with"
    user_permission_model = "projects.PlaybookUserObjectPermission"
    group_permission_model = "projects.PlaybookGroupObjectPermission"


class Playbook(VisibleModel):
    """A reusable way of doing something. Its steps are edited as a draft; publishing
    freezes them into the next numbered PlaybookVersion, which readers see."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    summary = models.TextField()
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="playbooks")
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="+")
    themes = ArrayField(
        models.CharField(max_length=40, choices=Theme.choices), default=list, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="playbooks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PlaybookQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="playbook_search_idx"),
            models.Index(fields=["visibility", "owner"]),
        ]

    def __str__(self) -> str:
        return self.title


class PlaybookStep(models.Model):
    """A step of the draft. `key` stays the same across versions, so adopters' progress
    follows a step even when it is reworded or moved."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["playbook", "key"], name="one_step_per_key")]

    def __str__(self) -> str:
        return self.title


class PlaybookVersion(models.Model):
    """A published version. Never changed after it is written."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    change_note = models.TextField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    steps = models.JSONField(help_text="[{key, title, body}] in order.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "number"], name="one_version_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.playbook} v{self.number}"


class Adoption(models.Model):
    """A borough taking up a playbook, tracking its own progress through the steps."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PlaybookVersion, on_delete=models.PROTECT, related_name="+")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["playbook", "organisation"], name="one_adoption_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} adopts {self.playbook}"


class AdoptionStep(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="step_progress")
    key = models.CharField(max_length=40)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adoption", "key"], name="one_progress_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.adoption}: {self.key}"


class PlaybookUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Playbook, on_delete=models.CASCADE)


class PlaybookGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Playbook, on_delete=models.CASCADE)


def attachment_path(instance: ProjectAttachment, filename: str) -> str:
    # A generated name: what the uploader called the file is kept only as data.
    return f"projects/{instance.project_id}/{uuid.uuid4().hex}"


class ProjectAttachment(Attachment):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)

    class Meta(Attachment.Meta):
        pass
