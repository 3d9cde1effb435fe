from django.urls import path

from . import views

app_name = "crime_data"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("forces/<slug:police_uk_id>/", views.summary, name="force_summary"),
    path("forces/<slug:police_uk_id>/quality/", views.quality, name="quality"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path(
        "imports/<int:pk>/rejected-rows.csv",
        views.import_rejected_rows,
        name="import_rejected_rows",
    ),
]
