from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from loti.accounts.models import Organisation
from loti.visibility import Visibility
from projects.models import (
    Adoption,
    AdoptionStep,
    Comment,
    Outcome,
    PartnerInterest,
    Phase,
    Playbook,
    PlaybookVersion,
    Project,
    ProjectAttachment,
    ProjectLink,
    ProjectRevision,
    PublicFeedback,
    StatusUpdate,
)
from projects.selectors import project_charter_completeness


class OrganisationBrief(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ProjectListOutput(serializers.ModelSerializer[Project]):
    lead_organisation = OrganisationBrief()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "summary",
            "phase",
            "themes",
            "tags",
            "visibility",
            "lead_organisation",
            "updated_at",
            "version",
        ]


def project_list_output(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """ProjectListOutput's fields from selectors.project_list_rows' plain rows: the list
    endpoint's fast path. ProjectListOutput stays the documented shape (the OpenAPI
    schema); tests/projects/test_project_list_rows.py keeps the two identical."""
    zone = timezone.get_current_timezone()  # looked up once, not per row
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "summary": row["summary"],
            "phase": row["phase"],
            "themes": row["themes"],
            "tags": row["tags"],
            "visibility": row["visibility"],
            "lead_organisation": {"slug": row["lead_slug"], "name": row["lead_name"]},
            "updated_at": _moment(row["updated_at"], zone),
            "version": row["version"],
        }
        for row in rows
    ]


def _moment(value: datetime, zone: tzinfo) -> str:
    """DRF's DateTimeField output: the current time zone, ISO 8601, UTC as "Z"."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class CharterCompleteness(serializers.Serializer[Any]):
    complete = serializers.IntegerField()
    total = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())


class OutcomeOutput(serializers.ModelSerializer[Outcome]):
    class Meta:
        model = Outcome
        fields = ["id", "measure", "baseline", "target", "actual"]


def _outcome_value(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, help_text=help_text
    )


class OutcomeInput(serializers.Serializer[Any]):
    measure = serializers.CharField(
        max_length=200, help_text="What is measured, with its unit: 'Repairs reported a month'."
    )
    baseline = _outcome_value("Where the measure stood before the project.")
    target = _outcome_value("Where the project means it to be.")
    actual = _outcome_value("Where it stands now.")


class OutcomeUpdateInput(OutcomeInput):
    measure = serializers.CharField(max_length=200, required=False)


class LinkOutput(serializers.ModelSerializer[ProjectLink]):
    class Meta:
        model = ProjectLink
        fields = ["id", "title", "url"]


class LinkInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=200, help_text="An http:// or https:// address.")


class LinkUpdateInput(LinkInput):
    title = serializers.CharField(max_length=200, required=False)
    url = serializers.CharField(max_length=200, required=False)


class ProjectDetailOutput(serializers.ModelSerializer[Project]):
    lead_organisation = OrganisationBrief()
    shared_with = serializers.SlugRelatedField[Organisation](
        slug_field="slug", many=True, read_only=True
    )
    partners = serializers.SlugRelatedField[Organisation](
        slug_field="slug", many=True, read_only=True
    )
    charter_completeness = serializers.SerializerMethodField()
    outcomes = OutcomeOutput(many=True, read_only=True)
    links = LinkOutput(many=True, read_only=True)
    adopted_by = serializers.SerializerMethodField(
        help_text="Organisations that adopted this project (their copies may be private)."
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "summary",
            "problem",
            "approach",
            "phase",
            "themes",
            "tags",
            "visibility",
            "lead_organisation",
            "partners",
            "shared_with",
            "budget",
            "starts_on",
            "ends_on",
            "outcomes",
            "links",
            "charter_technology",
            "charter_dpia_url",
            "charter_inclusivity",
            "charter_consequences",
            "charter_unused_functionality",
            "charter_open_data",
            "charter_completeness",
            "adopted_by",
            "created_at",
            "updated_at",
            "version",
        ]

    @extend_schema_field(OrganisationBrief(many=True))
    def get_adopted_by(self, project: Project) -> list[dict[str, str]]:
        # Read by the view through selectors.project_adopted_by: a serializer runs no queries.
        return list(self.context["adopted_by"])

    def get_charter_completeness(self, project: Project) -> dict[str, Any]:
        return project_charter_completeness(project)


class ProjectFieldsInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    problem = serializers.CharField(required=False, allow_blank=True)
    approach = serializers.CharField(required=False, allow_blank=True)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    themes = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    shared_with = serializers.ListField(child=serializers.SlugField(), required=False)
    partners = serializers.ListField(child=serializers.SlugField(), required=False)
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    charter_technology = serializers.CharField(required=False, allow_blank=True)
    charter_dpia_url = serializers.URLField(required=False, allow_blank=True)
    charter_inclusivity = serializers.CharField(required=False, allow_blank=True)
    charter_consequences = serializers.CharField(required=False, allow_blank=True)
    charter_unused_functionality = serializers.CharField(required=False, allow_blank=True)
    charter_open_data = serializers.BooleanField(required=False, allow_null=True)


class ProjectCreateInput(ProjectFieldsInput):
    lead_organisation = serializers.SlugField(
        required=False,
        help_text="Slug of the leading organisation; needed when you belong to several.",
    )


class ProjectUpdateInput(ProjectFieldsInput):
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False)


class PersonBrief(serializers.Serializer[Any]):
    full_name = serializers.CharField()


class RevisionOutput(serializers.ModelSerializer[ProjectRevision]):
    author = serializers.CharField(source="author.full_name", default=None)

    class Meta:
        model = ProjectRevision
        fields = ["number", "author", "created_at", "changed_fields"]


class RevisionChangeOutput(serializers.Serializer[Any]):
    field = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()
    diff = serializers.CharField(required=False)


class CommentOutput(serializers.ModelSerializer[Comment]):
    author = serializers.CharField(source="author.full_name", default=None)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "created_at"]


class TextInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=5000)


class FeedbackInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=2000)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class FeedbackOutput(serializers.ModelSerializer[PublicFeedback]):
    class Meta:
        model = PublicFeedback
        fields = ["id", "name", "body", "status", "created_at"]


class DecisionInput(serializers.Serializer[Any]):
    approve = serializers.BooleanField(required=False)
    accept = serializers.BooleanField(required=False)


class StatusUpdateInput(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=5000)
    happened_on = serializers.DateField(required=False)


class StatusUpdateOutput(serializers.ModelSerializer[StatusUpdate]):
    author = serializers.CharField(source="author.full_name", default=None)

    class Meta:
        model = StatusUpdate
        fields = ["id", "happened_on", "body", "author", "created_at"]


class OrganisationChoiceInput(serializers.Serializer[Any]):
    organisation = serializers.SlugField()
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class InterestOutput(serializers.ModelSerializer[PartnerInterest]):
    organisation = OrganisationBrief()

    class Meta:
        model = PartnerInterest
        fields = ["id", "organisation", "message", "status", "created_at", "answered_at"]


class CoauthorInput(serializers.Serializer[Any]):
    email = serializers.EmailField()


class AttachmentOutput(serializers.ModelSerializer[ProjectAttachment]):
    class Meta:
        model = ProjectAttachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "created_at"]


class AttachmentInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class SearchResultOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["project", "playbook"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    organisation = serializers.CharField()


class StepSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(max_length=40, required=False)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, allow_blank=True, default="")


class PlaybookListOutput(serializers.ModelSerializer[Playbook]):
    owner = OrganisationBrief()
    adoption_count = serializers.IntegerField()

    class Meta:
        model = Playbook
        fields = [
            "id",
            "title",
            "summary",
            "owner",
            "themes",
            "visibility",
            "status",
            "adoption_count",
            "updated_at",
        ]


class PlaybookDetailOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    owner = OrganisationBrief()
    themes = serializers.ListField(child=serializers.CharField())
    visibility = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField(allow_null=True, help_text="Latest published version.")
    steps = StepSerializer(many=True, help_text="The latest published version's steps.")
    draft_steps = StepSerializer(
        many=True, required=False, help_text="The draft, shown to the owner's members only."
    )
    adopted_by = OrganisationBrief(many=True)


class PlaybookCreateInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    owner = serializers.SlugField(required=False)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices, required=False, default=Visibility.PRIVATE
    )
    shared_with = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    themes = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list
    )
    steps = StepSerializer(many=True, required=False, default=list)


class PlaybookUpdateInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.ListField(child=serializers.SlugField(), required=False)
    themes = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    steps = StepSerializer(many=True, required=False)


class PublishInput(serializers.Serializer[Any]):
    change_note = serializers.CharField(max_length=2000)


class VersionOutput(serializers.ModelSerializer[PlaybookVersion]):
    published_by = serializers.CharField(source="published_by.full_name", default=None)
    steps = StepSerializer(many=True)

    class Meta:
        model = PlaybookVersion
        fields = [
            "number",
            "change_note",
            "title",
            "summary",
            "steps",
            "published_by",
            "published_at",
        ]


class VersionCompareOutput(serializers.Serializer[Any]):
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    changed = serializers.ListField(child=serializers.CharField())
    moved = serializers.ListField(child=serializers.CharField())


class AdoptionStepOutput(serializers.ModelSerializer[AdoptionStep]):
    class Meta:
        model = AdoptionStep
        fields = ["key", "status", "notes", "updated_at"]


class AdoptionOutput(serializers.ModelSerializer[Adoption]):
    organisation = OrganisationBrief()
    playbook = serializers.IntegerField(source="playbook_id")
    version = serializers.IntegerField(source="version.number")
    steps = AdoptionStepOutput(many=True, source="step_progress")

    class Meta:
        model = Adoption
        fields = ["id", "playbook", "organisation", "version", "created_at", "steps"]


class AdoptionStepInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=AdoptionStep.Status.choices)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
