from django.urls import path

from . import public_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("export.<str:file_format>", views.recommendation_export, name="export"),
    path("add/", views.recommendation_edit, name="create"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/change/", views.recommendation_edit, name="edit"),
    path("<int:pk>/updates/add/", views.update_add, name="update_add"),
    path("<int:pk>/close/", views.recommendation_close, name="close"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/add/", views.inspection_edit, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/change/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/grades/add/", views.grade_add, name="grade_add"),
    path(
        "inspections/<int:inspection_pk>/recommendations/add/",
        views.recommendation_edit,
        name="inspection_recommendation_create",
    ),
    path("published/", public_views.public_page, name="public"),
    path("published/export.<str:file_format>", public_views.public_export, name="public_export"),
]
