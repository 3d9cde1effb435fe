from django.urls import path

from . import views

app_name = "scrutiny"

urlpatterns = [
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("volunteers/add/", views.volunteer_edit, name="volunteer_create"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:pk>/training/", views.training_add, name="training_add"),
    path("sites/", views.site_list, name="site_list"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/rota/", views.rota_generate, name="rota_generate"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/change/", views.visit_adjust, name="visit_adjust"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/report/", views.visit_report, name="visit_report"),
    path("visits/<int:pk>/detainees/add/", views.detainee_add, name="detainee_add"),
    path("visits/<int:pk>/issues/add/", views.issue_add, name="issue_add"),
    path("visits/<int:pk>/file/", views.visit_file, name="visit_file"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/<int:pk>/respond/", views.issue_respond, name="issue_respond"),
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/add/", views.panel_edit, name="panel_create"),
    path("panels/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/edit/", views.panel_edit, name="panel_edit"),
    path("panels/<int:pk>/cases/add/", views.cases_add, name="cases_add"),
    path("panels/<int:panel_pk>/meetings/add/", views.meeting_edit, name="meeting_create"),
    path("panels/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/sample/", views.sample_draw, name="sample_draw"),
    path("cases/<int:pk>/findings/", views.case_findings, name="case_findings"),
    path("actions/<int:pk>/close/", views.action_close, name="action_close"),
    path("figures/", views.figures_page, name="figures"),
    path("figures/icv-figures.csv", views.figures_export, name="figures_export"),
    path("reports/<slug:kind>/<int:year>/publish/", views.report_publish, name="report_publish"),
    path("published/", views.public_report_list, name="public_report_list"),
    path("published/<int:pk>/", views.public_report, name="public_report"),
    path(
        "published/<int:pk>/report.pdf",
        views.public_report_export_pdf,
        name="public_report_export_pdf",
    ),
]
