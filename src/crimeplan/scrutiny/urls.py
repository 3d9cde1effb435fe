from django.urls import path

from .views import panels, reports, visits, volunteers

app_name = "scrutiny"

urlpatterns = [
    path("volunteers/", volunteers.volunteer_list, name="volunteer_list"),
    path("volunteers/add/", volunteers.volunteer_edit, name="volunteer_create"),
    path("volunteers/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", volunteers.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:pk>/training/", volunteers.training_add, name="training_add"),
    path("sites/", volunteers.site_list, name="site_list"),
    path("sites/<int:pk>/edit/", volunteers.site_edit, name="site_edit"),
    path("sites/<int:pk>/archive/", volunteers.site_archive, name="site_archive"),
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/rota/", visits.rota_generate, name="rota_generate"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/change/", visits.visit_adjust, name="visit_adjust"),
    path("visits/<int:pk>/cancel/", visits.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/report/", visits.visit_report, name="visit_report"),
    path("visits/<int:pk>/detainees/add/", visits.detainee_add, name="detainee_add"),
    path("visits/<int:pk>/issues/add/", visits.issue_add, name="issue_add"),
    path("visits/<int:pk>/file/", visits.visit_file, name="visit_file"),
    path("issues/", visits.issue_list, name="issue_list"),
    path("issues/<int:pk>/respond/", visits.issue_respond, name="issue_respond"),
    path("panels/", panels.panel_list, name="panel_list"),
    path("panels/add/", panels.panel_edit, name="panel_create"),
    path("panels/<int:pk>/", panels.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/edit/", panels.panel_edit, name="panel_edit"),
    path("panels/<int:pk>/cases/add/", panels.cases_add, name="cases_add"),
    path("panels/<int:panel_pk>/meetings/add/", panels.meeting_edit, name="meeting_create"),
    path("panels/<int:pk>/actions/add/", panels.action_add, name="action_add"),
    path("meetings/<int:pk>/", panels.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", panels.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/sample/", panels.sample_draw, name="sample_draw"),
    path("cases/<int:pk>/findings/", panels.case_findings, name="case_findings"),
    path("actions/<int:pk>/close/", panels.action_close, name="action_close"),
    path("figures/", reports.figures_page, name="figures"),
    path("figures/icv-figures.csv", reports.figures_export, name="figures_export"),
    path("reports/<slug:kind>/<int:year>/publish/", reports.report_publish, name="report_publish"),
    path("published/", reports.public_report_list, name="public_report_list"),
    path("published/<int:pk>/", reports.public_report, name="public_report"),
    path(
        "published/<int:pk>/report.pdf",
        reports.public_report_export_pdf,
        name="public_report_export_pdf",
    ),
]
