from django.urls import path

from . import public, views

app_name = "commissioning"

urlpatterns = [
    path("commissioning/", views.fund_list, name="fund_list"),
    path("commissioning/funds/new/", views.fund_create, name="fund_create"),
    path("commissioning/funds/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("commissioning/funds/<int:pk>/edit/", views.fund_edit, name="fund_edit"),
    path("commissioning/funds/<int:pk>/archive/", views.fund_archive, name="fund_archive"),
    path("commissioning/funds/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("commissioning/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("commissioning/rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("commissioning/rounds/<int:pk>/archive/", views.round_archive, name="round_archive"),
    path("commissioning/bids/<int:pk>/edit/", views.bid_edit, name="bid_edit"),
    path("commissioning/rounds/<int:pk>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("commissioning/rounds/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("commissioning/rounds/<int:pk>/panel/new/", views.panel_add, name="panel_add"),
    path("commissioning/rounds/<int:pk>/bids/new/", views.bid_add, name="bid_add"),
    path("commissioning/rounds/<int:pk>/awards/new/", views.award_create, name="award_create"),
    path("commissioning/applications/", views.application_list, name="application_list"),
    path(
        "commissioning/applications/export/",
        views.application_export,
        name="application_export",
    ),
    path(
        "commissioning/applications/<int:pk>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "commissioning/attachments/<int:pk>/download/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "commissioning/applications/<int:pk>/score/",
        views.application_score,
        name="application_score",
    ),
    path(
        "commissioning/applications/<int:pk>/conflict/",
        views.conflict_declare,
        name="conflict_declare",
    ),
    path(
        "commissioning/applications/<int:pk>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "commissioning/applications/<int:pk>/agreement/",
        views.agreement_record,
        name="agreement_record",
    ),
    path("commissioning/awards/", views.award_list, name="award_list"),
    path("commissioning/awards/<int:pk>/", views.award_detail, name="award_detail"),
    path(
        "commissioning/awards/<int:pk>/instalments/new/",
        views.instalment_add,
        name="instalment_add",
    ),
    path("commissioning/awards/<int:pk>/payments/new/", views.payment_add, name="payment_add"),
    path("commissioning/awards/<int:pk>/spend/new/", views.spend_add, name="spend_add"),
    path("commissioning/awards/<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path(
        "commissioning/awards/<int:pk>/returns/schedule/",
        views.returns_schedule,
        name="returns_schedule",
    ),
    path(
        "commissioning/awards/<int:pk>/evaluation/", views.evaluation_edit, name="evaluation_edit"
    ),
    path("commissioning/returns/<int:pk>/", views.return_submit, name="return_submit"),
    path("commissioning/returns/<int:pk>/accept/", views.return_accept, name="return_accept"),
    path("commissioning/reports/", views.report, name="report"),
    path("commissioning/reports/export/", views.report_export, name="report_export"),
    path("commissioning/areas/", views.area_summary, name="area_summary"),
    path("grants/", views.public_grants, name="public_grants"),
    path("grants/apply/", public.apply_start, name="apply_start"),
    path("grants/apply/rounds/<int:pk>/", public.apply_begin, name="apply_begin"),
    path("grants/apply/<str:token>/check/", public.apply_check, name="apply_check"),
    path("grants/apply/<str:token>/save/", public.apply_save, name="apply_save"),
    path("grants/apply/<str:token>/<slug:step>/", public.apply_step, name="apply_step"),
    path("grants/applied/<str:reference>/", public.apply_done, name="apply_done"),
]
