from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.framework_new, name="framework_new"),
    path("published/", views.published_list, name="published_list"),
    path("published/<slug:slug>/<int:number>/", views.published, name="published"),
    path(
        "published/<slug:slug>/<int:number>/report.<str:fmt>",
        views.published_download,
        name="published_download",
    ),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/draft.<str:fmt>", views.draft_download, name="draft_download"),
    path("<slug:slug>/definition/", views.framework_edit, name="framework_edit"),
    path("<slug:slug>/definition.toml", views.framework_export, name="framework_export"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/measures/<slug:measure_id>/", views.measure, name="measure"),
    path(
        "<slug:slug>/measures/<slug:measure_id>/comment/",
        views.commentary_edit,
        name="commentary_edit",
    ),
    path(
        "<slug:slug>/measures/<slug:measure_id>/marks/add/",
        views.annotation_add,
        name="annotation_add",
    ),
]
