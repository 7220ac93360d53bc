"""Input and output shapes of the contracts register's API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from loti.visibility import Visibility
from procurement.cpv import cpv_normalise
from procurement.models import (
    Contract,
    ContractCategory,
    ContractImport,
    ContractImportRow,
    PipelineSearch,
    RenewalPlan,
)
from procurement.selectors import VALUE_BAND_KEYS
from procurement.serializers import TenderOrganisation


class ContractFieldsInput(serializers.Serializer[Any]):
    """A contract's fields, every one optional (for changes); the rules are the service's."""

    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    system_name = serializers.CharField(max_length=200, required=False)
    supplier_name = serializers.CharField(max_length=200, required=False)
    category = serializers.ChoiceField(
        choices=ContractCategory.choices, required=False, allow_blank=True
    )
    cpv_code = serializers.CharField(
        max_length=12, required=False, allow_blank=True, help_text="72000000 or 72000000-5."
    )
    annual_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    total_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    extension_options = serializers.CharField(max_length=200, required=False, allow_blank=True)
    renewal_plan = serializers.ChoiceField(choices=RenewalPlan.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    shared_with = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Slugs, when shared."
    )

    def validate_cpv_code(self, value: str) -> str:
        if not value:
            return ""
        code = cpv_normalise(value)
        if code is None:
            raise serializers.ValidationError(
                "A CPV code is 8 digits, like 48445000 or 48445000-3."
            )
        return code


class ContractCreateInput(ContractFieldsInput):
    system_name = serializers.CharField(max_length=200)
    supplier_name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    borough = serializers.SlugField(
        required=False, help_text="Slug of the borough that holds it; needed if you have several."
    )


class CpvOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    description = serializers.CharField()


class ContractListOutput(serializers.ModelSerializer[Contract]):
    borough = TenderOrganisation()
    supplier = TenderOrganisation(allow_null=True, help_text="The supplier's organisation here.")
    category_label = serializers.CharField(source="get_category_display")
    cpv_code = CpvOutput(allow_null=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "borough",
            "reference",
            "system_name",
            "supplier_name",
            "supplier",
            "category",
            "category_label",
            "cpv_code",
            "annual_value",
            "total_value",
            "starts_on",
            "ends_on",
            "extension_options",
            "renewal_plan",
            "visibility",
        ]


class ContractDetailOutput(ContractListOutput):
    shared_with = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="slug", many=True, read_only=True
    )

    class Meta(ContractListOutput.Meta):
        fields = [
            *ContractListOutput.Meta.fields,
            "notes",
            "shared_with",
            "plan_published_at",
            "created_at",
            "updated_at",
        ]


class ContractFiltersInput(serializers.Serializer[Any]):
    search = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    borough = serializers.SlugField(required=False, default="")
    category = serializers.ChoiceField(choices=ContractCategory.choices, required=False, default="")
    division = serializers.RegexField(r"^\d{2}$", required=False, default="")
    value_band = serializers.ChoiceField(choices=VALUE_BAND_KEYS, required=False, default="")
    renewal_plan = serializers.ChoiceField(choices=RenewalPlan.choices, required=False, default="")


class MatchOutput(serializers.Serializer[Any]):
    contract = ContractListOutput()
    reasons = serializers.ListField(child=serializers.CharField())
    months_apart = serializers.IntegerField(
        help_text="Months after yours it ends (before: negative)."
    )
    months_between = serializers.IntegerField(help_text="Months between the two ends.")
    same_year = serializers.BooleanField(help_text="It ends in the same year as yours.")


class JointTenderInput(serializers.Serializer[Any]):
    partners = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text="Ids of matching contracts."
    )


class PlanInput(serializers.Serializer[Any]):
    rationale = serializers.CharField()
    tender_expected_on = serializers.DateField(required=False, allow_null=True)


# Imports ---------------------------------------------------------------------------------


class ImportUploadInput(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="A CSV file (UTF-8) or an Excel workbook (.xlsx).")
    borough = serializers.SlugField(required=False)


class ImportOutput(serializers.ModelSerializer[ContractImport]):
    borough = TenderOrganisation()
    progress_percent = serializers.SerializerMethodField()

    class Meta:
        model = ContractImport
        fields = [
            "id",
            "borough",
            "original_name",
            "file_format",
            "status",
            "problem",
            "background",
            "total_rows",
            "processed_rows",
            "progress_percent",
            "error_rows",
            "new_count",
            "update_count",
            "unchanged_count",
            "ignored_columns",
            "created_at",
            "checked_at",
            "imported_at",
        ]

    def get_progress_percent(self, contract_import: ContractImport) -> int:
        return progress_percent(contract_import)


def progress_percent(contract_import: ContractImport) -> int:
    if contract_import.status in ("checked", "imported"):
        return 100
    if not contract_import.total_rows:
        return 0
    return min(100, contract_import.processed_rows * 100 // contract_import.total_rows)


class ImportRowError(serializers.Serializer[Any]):
    field = serializers.CharField()
    message = serializers.CharField()


class ImportRowOutput(serializers.ModelSerializer[ContractImportRow]):
    problems = ImportRowError(source="errors", many=True)

    class Meta:
        model = ContractImportRow
        fields = ["number", "action", "values", "raw", "problems"]


# The pipeline ---------------------------------------------------------------------------


class QuarterOutput(serializers.Serializer[Any]):
    starts_on = serializers.DateField()
    # The metaclass moves declared fields off the class, so Field.label is not shadowed.
    label = serializers.CharField()  # type: ignore[assignment]


class ChartCategoryOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    counts = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class WindowOutput(serializers.Serializer[Any]):
    def to_representation(self, instance: Any) -> dict[str, str]:
        return {"from": instance["from"].isoformat(), "to": instance["to"].isoformat()}


class ChartOutput(serializers.Serializer[Any]):
    window = WindowOutput()
    quarters = QuarterOutput(many=True)
    categories = ChartCategoryOutput(many=True)
    quarter_totals = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class PipelineSearchInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    category = serializers.CharField(required=False, default="", allow_blank=True)
    division = serializers.RegexField(r"^\d{2}$", required=False, default="")
    borough = serializers.SlugField(required=False, default="")
    value_band = serializers.CharField(required=False, default="", allow_blank=True)


class PipelineSearchOutput(serializers.ModelSerializer[PipelineSearch]):
    # Null when the search is not limited to one borough.
    borough = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = PipelineSearch
        fields = ["id", "name", "category", "division", "borough", "value_band", "created_at"]
