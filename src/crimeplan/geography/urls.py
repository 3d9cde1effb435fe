from django.urls import path

from . import views

app_name = "geography"

urlpatterns = [
    path("", views.force_list, name="force_list"),
    path("<slug:police_uk_id>/", views.force_detail, name="force_detail"),
    path("<slug:police_uk_id>/populations/add/", views.population_add, name="population_add"),
    path(
        "<slug:police_uk_id>/comparison-group/",
        views.comparison_group_edit,
        name="comparison_group_edit",
    ),
]
