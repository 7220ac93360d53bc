from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from loti.accounts.models import Organisation
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


class Project(VisibleModel):
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

    # The London Emerging Technology Charter.
    charter_technology = models.TextField(
        blank=True, help_text="What the technology is and why it is used, in plain English."
    )
    charter_dpia_url = models.URLField(blank=True, help_text="Data protection impact assessment.")
    charter_inclusivity = models.TextField(blank=True)
    charter_consequences = models.TextField(blank=True, help_text="Consequence-scanning notes.")
    charter_unused_functionality = models.TextField(
        blank=True, help_text="Additional functionality that is present but not in use."
    )
    charter_open_data = models.BooleanField(
        null=True, blank=True, help_text="Will non-personal data be shared as open data?"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_idx"),
            GinIndex(fields=["themes"], name="project_themes_idx"),
            models.Index(fields=["visibility", "lead_organisation"]),
        ]
        permissions = [("coauthor_project", "Co-author the project")]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(max_length=200)
    baseline = models.CharField(max_length=100, blank=True)
    target = models.CharField(max_length=100, blank=True)
    actual = models.CharField(max_length=100, blank=True)
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
    """A snapshot after each saved edit: who, when, and the fields that changed."""

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
