from django.urls import path

from .views import applications, apply, assessment, awards, bids, funds, monitoring, reports

app_name = "commissioning"

urlpatterns = [
    path("commissioning/", funds.fund_list, name="fund_list"),
    path("commissioning/funds/new/", funds.fund_create, name="fund_create"),
    path("commissioning/funds/<int:pk>/", funds.fund_detail, name="fund_detail"),
    path("commissioning/funds/<int:pk>/edit/", funds.fund_edit, name="fund_edit"),
    path("commissioning/funds/<int:pk>/archive/", funds.fund_archive, name="fund_archive"),
    path("commissioning/funds/<int:pk>/rounds/new/", funds.round_create, name="round_create"),
    path("commissioning/rounds/<int:pk>/", funds.round_detail, name="round_detail"),
    path("commissioning/rounds/<int:pk>/edit/", funds.round_edit, name="round_edit"),
    path("commissioning/rounds/<int:pk>/archive/", funds.round_archive, name="round_archive"),
    path("commissioning/bids/<int:pk>/edit/", bids.bid_edit, name="bid_edit"),
    path("commissioning/rounds/<int:pk>/criteria/new/", funds.criterion_add, name="criterion_add"),
    path("commissioning/rounds/<int:pk>/questions/new/", funds.question_add, name="question_add"),
    path("commissioning/rounds/<int:pk>/panel/new/", funds.panel_add, name="panel_add"),
    path("commissioning/rounds/<int:pk>/bids/new/", bids.bid_add, name="bid_add"),
    path("commissioning/rounds/<int:pk>/awards/new/", awards.award_create, name="award_create"),
    path("commissioning/applications/", applications.application_list, name="application_list"),
    path(
        "commissioning/applications/export/",
        applications.application_export,
        name="application_export",
    ),
    path(
        "commissioning/applications/<int:pk>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        "commissioning/attachments/<int:pk>/download/",
        applications.attachment_download,
        name="attachment_download",
    ),
    path(
        "commissioning/applications/<int:pk>/score/",
        assessment.application_score,
        name="application_score",
    ),
    path(
        "commissioning/applications/<int:pk>/conflict/",
        assessment.conflict_declare,
        name="conflict_declare",
    ),
    path(
        "commissioning/applications/<int:pk>/decide/",
        assessment.application_decide,
        name="application_decide",
    ),
    path(
        "commissioning/applications/<int:pk>/agreement/",
        assessment.agreement_record,
        name="agreement_record",
    ),
    path("commissioning/awards/", awards.award_list, name="award_list"),
    path("commissioning/awards/<int:pk>/", awards.award_detail, name="award_detail"),
    path(
        "commissioning/awards/<int:pk>/instalments/new/",
        awards.instalment_add,
        name="instalment_add",
    ),
    path("commissioning/awards/<int:pk>/payments/new/", awards.payment_add, name="payment_add"),
    path("commissioning/awards/<int:pk>/spend/new/", awards.spend_add, name="spend_add"),
    path("commissioning/awards/<int:pk>/carry-over/", awards.carry_over, name="carry_over"),
    path(
        "commissioning/awards/<int:pk>/returns/schedule/",
        monitoring.returns_schedule,
        name="returns_schedule",
    ),
    path(
        "commissioning/awards/<int:pk>/evaluation/",
        monitoring.evaluation_edit,
        name="evaluation_edit",
    ),
    path("commissioning/returns/<int:pk>/", monitoring.return_submit, name="return_submit"),
    path("commissioning/returns/<int:pk>/accept/", monitoring.return_accept, name="return_accept"),
    path("commissioning/reports/", reports.report, name="report"),
    path("commissioning/reports/export/", reports.report_export, name="report_export"),
    path("commissioning/areas/", reports.area_summary, name="area_summary"),
    path("grants/", reports.public_grants, name="public_grants"),
    path(
        "grants/360giving.<str:file_format>",
        reports.public_grants_360,
        name="public_grants_360",
    ),
    path("grants/apply/", apply.apply_start, name="apply_start"),
    path("grants/apply/rounds/<int:pk>/", apply.apply_begin, name="apply_begin"),
    path("grants/apply/<str:token>/check/", apply.apply_check, name="apply_check"),
    path("grants/apply/<str:token>/save/", apply.apply_save, name="apply_save"),
    path("grants/apply/<str:token>/<slug:step>/", apply.apply_step, name="apply_step"),
    path("grants/applied/<str:reference>/", apply.apply_done, name="apply_done"),
]
