from django.urls import path

from .views import actions, plans, reports

app_name = "delivery"

urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("plans/import/", plans.plan_import, name="plan_import"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan_detail"),
    path("plans/<slug:slug>/priorities/<str:code>/", plans.priority_detail, name="priority_detail"),
    path(
        "plans/<slug:slug>/priorities/<str:code>/edit/", plans.priority_edit, name="priority_edit"
    ),
    path("plans/<slug:slug>/content/edit/", plans.plan_content_edit, name="plan_content_edit"),
    path("plans/<slug:slug>/revisions/", plans.revision_list, name="revision_list"),
    path(
        "plans/<slug:slug>/revisions/<int:number>/",
        plans.revision_detail,
        name="revision_detail",
    ),
    path("plans/<slug:slug>/actions/", actions.action_list, name="action_list"),
    path("plans/<slug:slug>/actions/add/", actions.action_create, name="action_create"),
    path(
        "plans/<slug:slug>/actions/export.<str:file_format>",
        actions.action_export,
        name="action_export",
    ),
    path("plans/<slug:slug>/timeline/", actions.timeline, name="timeline"),
    path(
        "plans/<slug:slug>/timeline/export.<str:file_format>",
        actions.timeline_export,
        name="timeline_export",
    ),
    path("plans/<slug:slug>/export.<str:file_format>", plans.plan_export, name="plan_export"),
    path("plans/<slug:slug>/report/", reports.report_preview, name="report_preview"),
    path("plans/<slug:slug>/report/draft.pdf", reports.report_pdf, name="report_pdf_export"),
    path("plans/<slug:slug>/report/publish/", reports.report_publish, name="report_publish"),
    path("plans/<slug:slug>/report/welsh/", reports.report_welsh, name="report_welsh"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/updates/add/", actions.update_add, name="update_add"),
    path(
        "actions/<int:pk>/public-updates/add/",
        actions.public_update_add,
        name="public_update_add",
    ),
    path(
        "public-updates/<int:pk>/withdraw/",
        actions.public_update_withdraw,
        name="public_update_withdraw",
    ),
    path("actions/<int:pk>/milestones/add/", actions.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/edit/", actions.milestone_edit, name="milestone_edit"),
    path("evidence/<int:pk>/", actions.evidence_download, name="evidence_export"),
    path("published/", reports.published_list, name="published_list"),
    path("published/<slug:slug>/<int:version>/", reports.published_detail, name="published_detail"),
    path(
        "published/<slug:slug>/<int:version>.pdf",
        reports.published_pdf,
        name="published_pdf_export",
    ),
]
