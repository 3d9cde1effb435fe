from django.urls import path

from . import views

app_name = "asb_reviews"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_done, name="apply_done"),
    path("figures/", views.figures_page, name="figures"),
    path("figures/export/", views.figures_export, name="figures_export"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/status/", views.case_transition, name="case_transition"),
    path("cases/<int:pk>/threshold/", views.case_threshold, name="case_threshold"),
    path("cases/<int:pk>/invite/", views.body_invite, name="body_invite"),
    path("cases/<int:pk>/review/", views.case_review, name="case_review"),
    path(
        "cases/<int:pk>/recommendations/add/", views.recommendation_add, name="recommendation_add"
    ),
    path("cases/<int:pk>/escalations/add/", views.escalation_add, name="escalation_add"),
    path("cases/<int:pk>/letters/<str:kind>/", views.letter, name="letter"),
    path("cases/<int:pk>/letters/<str:kind>/pdf/", views.letter_pdf, name="letter_export"),
    path("bodies/<int:pk>/account/", views.body_account, name="body_account"),
    path(
        "recommendations/<int:pk>/done/",
        views.recommendation_complete,
        name="recommendation_complete",
    ),
    path("escalations/<int:pk>/review/", views.escalation_review, name="escalation_review"),
]
