from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/import/", views.plan_import, name="plan_import"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("plans/<slug:slug>/priorities/<str:code>/", views.priority_detail, name="priority_detail"),
    path(
        "plans/<slug:slug>/priorities/<str:code>/edit/", views.priority_edit, name="priority_edit"
    ),
    path("plans/<slug:slug>/content/edit/", views.plan_content_edit, name="plan_content_edit"),
    path("plans/<slug:slug>/revisions/", views.revision_list, name="revision_list"),
    path(
        "plans/<slug:slug>/revisions/<int:number>/",
        views.revision_detail,
        name="revision_detail",
    ),
    path("plans/<slug:slug>/actions/", views.action_list, name="action_list"),
    path("plans/<slug:slug>/actions/add/", views.action_create, name="action_create"),
    path(
        "plans/<slug:slug>/actions/export.<str:file_format>",
        views.action_export,
        name="action_export",
    ),
    path("plans/<slug:slug>/timeline/", views.timeline, name="timeline"),
    path(
        "plans/<slug:slug>/timeline/export.<str:file_format>",
        views.timeline_export,
        name="timeline_export",
    ),
    path("plans/<slug:slug>/export.<str:file_format>", views.plan_export, name="plan_export"),
    path("plans/<slug:slug>/report/", views.report_preview, name="report_preview"),
    path("plans/<slug:slug>/report/draft.pdf", views.report_pdf, name="report_pdf_export"),
    path("plans/<slug:slug>/report/publish/", views.report_publish, name="report_publish"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/updates/add/", views.update_add, name="update_add"),
    path("actions/<int:pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_export"),
    path("published/", views.published_list, name="published_list"),
    path("published/<slug:slug>/<int:version>/", views.published_detail, name="published_detail"),
    path(
        "published/<slug:slug>/<int:version>.pdf", views.published_pdf, name="published_pdf_export"
    ),
]
