"""The contracts register's pages (frontend/views_contracts.py), in the frontend namespace."""

from django.urls import path

from frontend import views_contracts as views

urlpatterns = [
    path("contracts/", views.contract_list, name="contract-list"),
    path("contracts/new/", views.contract_create, name="contract-create"),
    path("contracts/import/", views.contract_import, name="contract-import"),
    path(
        "contracts/import/template.csv",
        views.contract_import_template,
        name="contract-import-template",
    ),
    path(
        "contracts/imports/<int:import_id>/",
        views.contract_import_detail,
        name="contract-import-detail",
    ),
    path(
        "contracts/imports/<int:import_id>/confirm/",
        views.contract_import_confirm,
        name="contract-import-confirm",
    ),
    path("contracts/pipeline/", views.contract_pipeline, name="contract-pipeline"),
    path("contracts/pipeline/saved/", views.pipeline_searches, name="pipeline-searches"),
    path(
        "contracts/pipeline/saved/<int:search_id>/delete/",
        views.pipeline_search_delete,
        name="pipeline-search-delete",
    ),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract-detail"),
    path("contracts/<int:contract_id>/edit/", views.contract_edit, name="contract-edit"),
    path("contracts/<int:contract_id>/delete/", views.contract_delete, name="contract-delete"),
    path(
        "contracts/<int:contract_id>/collaborate/",
        views.contract_collaborate,
        name="contract-collaborate",
    ),
    path(
        "contracts/<int:contract_id>/collaborate/tender/",
        views.contract_joint_tender,
        name="contract-joint-tender",
    ),
    path("contracts/<int:contract_id>/publish-plan/", views.contract_plan, name="contract-plan"),
]
