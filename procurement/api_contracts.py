"""The technology contracts register's API: the register, imports from spreadsheets,
the market pipeline and its saved searches, the collaboration finder, and publishing
a planned re-procurement. Each view parses, fetches through contracts_access, calls
one service or selector, and serializes. Everything here needs a signed-in person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.accounts.models import User
from loti.api.pagination import CursorPagination
from loti.api.users import signed_in_user
from procurement import contracts_access as access
from procurement import contracts_selectors as selectors
from procurement import contracts_services as services
from procurement.access import tender_get_for
from procurement.api_saved_searches import (
    SavedSearchApi,
    SavedSearchDetailView,
    SavedSearchListView,
)
from procurement.contracts_charts import pipeline_chart_svg
from procurement.contracts_ocds import planning_release_json
from procurement.contracts_serializers import (
    ChartOutput,
    ContractCreateInput,
    ContractDetailOutput,
    ContractFieldsInput,
    ContractFiltersInput,
    ContractListOutput,
    ImportOutput,
    ImportRowOutput,
    ImportUploadInput,
    JointTenderInput,
    MatchOutput,
    PipelineSearchInput,
    PipelineSearchOutput,
    PlanInput,
)
from procurement.contracts_sheets import csv_write, export_row
from procurement.models import Contract, ContractImport, ContractImportRow, PipelineSearch
from procurement.selectors import VALUE_BAND_KEYS
from procurement.serializers import TenderDetailOutput

FILTER_PARAMETERS = [
    OpenApiParameter("search", str, required=False, description="Words in the system or supplier"),
    OpenApiParameter("borough", str, required=False, description="The borough's slug"),
    OpenApiParameter("category", str, required=False, description="An everyday category"),
    OpenApiParameter("division", str, required=False, description="CPV division: 2 digits"),
    OpenApiParameter(
        "value_band", enum=VALUE_BAND_KEYS, required=False, description="By annual value"
    ),
    OpenApiParameter("renewal_plan", str, required=False),
]


def _filters(request: Request) -> selectors.ContractFilters:
    data = ContractFiltersInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    return selectors.ContractFilters(**data.validated_data)


class ContractPagination(CursorPagination):
    ordering = ("ends_on", "id")


def _contract(request: Request, contract_id: int, *, code: int = status.HTTP_200_OK) -> Response:
    contract = access.contract_get_for(user=request.user, contract_id=contract_id)
    return Response(ContractDetailOutput(contract).data, status=code)


class ContractListApi(generics.ListAPIView[Contract]):
    """The register: every contract you may see, soonest ending first. Network
    contracts are seen by LOTI's members and registered suppliers; private ones by
    their borough; public ones by anyone signed in."""

    queryset = Contract.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = ContractListOutput
    pagination_class = ContractPagination

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Contract]:
        return selectors.contracts_visible_to(
            user=self.request.user, filters=_filters(self.request)
        )

    @extend_schema(request=ContractCreateInput, responses={201: ContractDetailOutput})
    def post(self, request: Request) -> Response:
        """Add a contract to your borough's register."""
        data = ContractCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        borough = access.contract_borough_for(request.user, fields.pop("borough", None))
        contract = services.contract_create(
            acting_user=signed_in_user(request), borough=borough, **fields
        )
        return _contract(request, contract.pk, code=status.HTTP_201_CREATED)


class ContractDetailApi(APIView):
    @extend_schema(responses=ContractDetailOutput)
    def get(self, request: Request, contract_id: int) -> Response:
        return _contract(request, contract_id)

    @extend_schema(request=ContractFieldsInput, responses=ContractDetailOutput)
    def patch(self, request: Request, contract_id: int) -> Response:
        contract = access.contract_get_for(user=request.user, contract_id=contract_id, write=True)
        data = ContractFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.contract_update(
            acting_user=signed_in_user(request), contract=contract, changes=data.validated_data
        )
        return _contract(request, contract_id)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, contract_id: int) -> Response:
        contract = access.contract_get_for(user=request.user, contract_id=contract_id, write=True)
        services.contract_delete(acting_user=signed_in_user(request), contract=contract)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContractExportApi(APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request) -> HttpResponse:
        """The contracts you may see as CSV, in the import template's columns, so an
        export can be corrected and imported again. Text that a spreadsheet would run
        as a formula starts with an apostrophe."""
        contracts = selectors.contracts_visible_to(user=request.user, filters=_filters(request))
        response = HttpResponse(
            csv_write(export_row(c) for c in contracts), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="contracts-register.csv"'
        return response


class ContractMatchesApi(APIView):
    @extend_schema(responses=MatchOutput(many=True))
    def get(self, request: Request, contract_id: int) -> Response:
        """The collaboration finder, for the borough's officers: other boroughs'
        contracts for the same system or with the same supplier, closest end date first."""
        contract = access.contract_get_for(user=request.user, contract_id=contract_id, write=True)
        matches = selectors.contract_matches(user=request.user, contract=contract)
        return Response(MatchOutput(matches, many=True).data)


class ContractJointTenderApi(APIView):
    @extend_schema(request=JointTenderInput, responses={201: TenderDetailOutput})
    def post(self, request: Request, contract_id: int) -> Response:
        """Start a draft joint tender with the boroughs of the matching contracts named."""
        contract = access.contract_get_for(user=request.user, contract_id=contract_id, write=True)
        data = JointTenderInput(data=request.data)
        data.is_valid(raise_exception=True)
        partners = selectors.partner_contracts(
            user=request.user, contract=contract, contract_ids=data.validated_data["partners"]
        )
        tender = services.joint_tender_start(
            acting_user=signed_in_user(request), contract=contract, partners=partners
        )
        tender = tender_get_for(user=request.user, tender_id=tender.pk)
        return Response(TenderDetailOutput(tender).data, status=status.HTTP_201_CREATED)


class ContractPlanApi(APIView):
    @extend_schema(request=PlanInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, contract_id: int) -> Response:
        """Publish the planned re-procurement as an OCDS planning release, in the
        package at /api/open-data/ocds/. The contract becomes public."""
        contract = access.contract_get_for(user=request.user, contract_id=contract_id, write=True)
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        release = services.contract_plan_publish(
            acting_user=signed_in_user(request), contract=contract, **data.validated_data
        )
        return Response(planning_release_json(release), status=status.HTTP_201_CREATED)


# Imports -----------------------------------------------------------------------------------


class ImportPagination(CursorPagination):
    ordering = ("-created_at", "-id")


class ContractImportListApi(generics.ListAPIView[ContractImport]):
    """Your organisations' imports, newest first."""

    queryset = ContractImport.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = ImportOutput
    pagination_class = ImportPagination
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[ContractImport]:
        return selectors.contract_imports_of(user=self.request.user)

    @extend_schema(request=ImportUploadInput, responses={201: ImportOutput})
    def post(self, request: Request) -> Response:
        """Upload a register (CSV or .xlsx) to check it. Nothing is saved to the
        register: read the rows' problems at rows/, then confirm/. A large file is
        checked in the background: follow its status and progress here."""
        data = ImportUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        borough = access.contract_borough_for(request.user, data.validated_data.get("borough"))
        contract_import = services.contract_import_start(
            acting_user=signed_in_user(request), borough=borough, upload=data.validated_data["file"]
        )
        found = access.contract_import_get_for(user=request.user, import_id=contract_import.pk)
        return Response(ImportOutput(found).data, status=status.HTTP_201_CREATED)


class ContractImportDetailApi(APIView):
    @extend_schema(responses=ImportOutput)
    def get(self, request: Request, import_id: int) -> Response:
        found = access.contract_import_get_for(user=request.user, import_id=import_id)
        return Response(ImportOutput(found).data)


class RowPagination(CursorPagination):
    ordering = ("number", "id")
    page_size = 100


class ContractImportRowsApi(generics.ListAPIView[ContractImportRow]):
    """Each row as checked: what it would do and every problem with it."""

    queryset = ContractImportRow.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = ImportRowOutput
    pagination_class = RowPagination

    @extend_schema(
        parameters=[OpenApiParameter("problems", bool, required=False, description="Only those")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ContractImportRow]:
        found = access.contract_import_get_for(
            user=self.request.user, import_id=self.kwargs["import_id"]
        )
        problems = self.request.query_params.get("problems", "").lower() in ("1", "true")
        return selectors.import_rows(contract_import=found, problems_only=problems)


class ContractImportConfirmApi(APIView):
    @extend_schema(request=None, responses={200: ImportOutput, 202: ImportOutput})
    def post(self, request: Request, import_id: int) -> Response:
        """Import every row, all or nothing (409 while any row has a problem). 202 when
        a large import goes on in the background."""
        found = access.contract_import_get_for(user=request.user, import_id=import_id)
        done = services.contract_import_confirm(
            acting_user=signed_in_user(request), contract_import=found
        )
        found = access.contract_import_get_for(user=request.user, import_id=import_id)
        code = status.HTTP_202_ACCEPTED if done.background else status.HTTP_200_OK
        return Response(ImportOutput(found).data, status=code)


# The market pipeline -------------------------------------------------------------------------


class PipelineApi(generics.ListAPIView[Contract]):
    """Contracts you may see that end 6 to 24 months from today, soonest first."""

    queryset = Contract.objects.none()  # for the schema: get_queryset scopes it
    serializer_class = ContractListOutput
    pagination_class = ContractPagination

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Contract]:
        return selectors.pipeline_contracts(
            user=self.request.user,
            filters=_filters(self.request),
            window=selectors.pipeline_window(),
        )


class PipelineChartApi(APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses=ChartOutput)
    def get(self, request: Request) -> Response:
        """How many of the pipeline's contracts end in each quarter, per category."""
        chart = selectors.pipeline_chart(
            user=request.user, filters=_filters(request), window=selectors.pipeline_window()
        )
        return Response(ChartOutput(chart).data)


class PipelineChartSvgApi(APIView):
    @extend_schema(
        parameters=FILTER_PARAMETERS, responses={(200, "image/svg+xml"): OpenApiTypes.STR}
    )
    def get(self, request: Request) -> HttpResponse:
        """The same as an accessible SVG chart (a title and a description)."""
        chart = selectors.pipeline_chart(
            user=request.user, filters=_filters(request), window=selectors.pipeline_window()
        )
        response = HttpResponse(pipeline_chart_svg(chart), content_type="image/svg+xml")
        # A download when opened on its own: SVG is a document that could carry script.
        response["Content-Disposition"] = 'attachment; filename="market-pipeline.svg"'
        return response


def _pipeline_search_delete(user: User, saved: PipelineSearch) -> None:
    services.pipeline_search_delete(acting_user=user, pipeline_search=saved)


PIPELINE_SEARCHES = SavedSearchApi(
    model=PipelineSearch,
    output=PipelineSearchOutput,
    new=PipelineSearchInput,
    owned_by=selectors.pipeline_searches_of,
    create=services.pipeline_search_create,
    get_for=access.pipeline_search_get_for,
    delete=_pipeline_search_delete,
)


class PipelineSearchListApi(SavedSearchListView):
    """Your saved pipeline searches. You are told when a contract you may see comes
    into the pipeline and matches one."""

    searches = PIPELINE_SEARCHES


class PipelineSearchDetailApi(SavedSearchDetailView):
    searches = PIPELINE_SEARCHES
