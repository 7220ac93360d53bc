from django.urls import path

from procurement import api_contracts as api

urlpatterns = [
    path("contracts/", api.ContractListApi.as_view(), name="contract-list"),
    path("contracts/export.csv", api.ContractExportApi.as_view(), name="contract-export"),
    path("contracts/<int:contract_id>/", api.ContractDetailApi.as_view(), name="contract-detail"),
    path(
        "contracts/<int:contract_id>/matches/",
        api.ContractMatchesApi.as_view(),
        name="contract-matches",
    ),
    path(
        "contracts/<int:contract_id>/joint-tender/",
        api.ContractJointTenderApi.as_view(),
        name="contract-joint-tender",
    ),
    path("contracts/<int:contract_id>/plan/", api.ContractPlanApi.as_view(), name="contract-plan"),
    path("contract-imports/", api.ContractImportListApi.as_view(), name="contract-import-list"),
    path(
        "contract-imports/<int:import_id>/",
        api.ContractImportDetailApi.as_view(),
        name="contract-import-detail",
    ),
    path(
        "contract-imports/<int:import_id>/rows/",
        api.ContractImportRowsApi.as_view(),
        name="contract-import-rows",
    ),
    path(
        "contract-imports/<int:import_id>/confirm/",
        api.ContractImportConfirmApi.as_view(),
        name="contract-import-confirm",
    ),
    path("pipeline/", api.PipelineApi.as_view(), name="pipeline"),
    path("pipeline/chart/", api.PipelineChartApi.as_view(), name="pipeline-chart"),
    path("pipeline/chart.svg", api.PipelineChartSvgApi.as_view(), name="pipeline-chart-svg"),
    path("pipeline-searches/", api.PipelineSearchListApi.as_view(), name="pipeline-search-list"),
    path(
        "pipeline-searches/<int:search_id>/",
        api.PipelineSearchDetailApi.as_view(),
        name="pipeline-search-detail",
    ),
]
