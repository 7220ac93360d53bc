from __future__ import annotations

from typing import Any

from rest_framework import serializers

from loti.accounts.models import Organisation
from loti.visibility import Visibility
from projects.models import Phase, Project
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


class CharterCompleteness(serializers.Serializer[Any]):
    complete = serializers.IntegerField()
    total = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())


class ProjectDetailOutput(serializers.ModelSerializer[Project]):
    lead_organisation = OrganisationBrief()
    shared_with = serializers.SlugRelatedField[Organisation](
        slug_field="slug", many=True, read_only=True
    )
    partners = serializers.SlugRelatedField[Organisation](
        slug_field="slug", many=True, read_only=True
    )
    charter_completeness = serializers.SerializerMethodField()

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
            "charter_technology",
            "charter_dpia_url",
            "charter_inclusivity",
            "charter_consequences",
            "charter_unused_functionality",
            "charter_open_data",
            "charter_completeness",
            "created_at",
            "updated_at",
            "version",
        ]

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
