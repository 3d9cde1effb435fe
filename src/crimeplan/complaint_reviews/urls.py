from django.urls import path

from . import views

app_name = "complaint_reviews"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("figures/", views.figures_page, name="figures"),
    path("figures/export.<str:file_format>", views.figures_export, name="figures_export"),
    path("", views.review_list, name="review_list"),
    path("add/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/validity/", views.review_validity, name="review_validity"),
    path("<int:pk>/acknowledge/", views.review_acknowledge, name="review_acknowledge"),
    path("<int:pk>/request-file/", views.review_request_file, name="review_request_file"),
    path("<int:pk>/file-received/", views.review_file_received, name="review_file_received"),
    path("<int:pk>/conflict/", views.review_conflict, name="review_conflict"),
    path("<int:pk>/decide/", views.review_decide, name="review_decide"),
    path(
        "recommendations/<int:pk>/reply/",
        views.recommendation_response,
        name="recommendation_response",
    ),
    path("<int:pk>/letters/<str:kind>/", views.letter, name="letter"),
    path("<int:pk>/letters/<str:kind>/pdf/", views.letter_pdf, name="letter_export"),
]
