"""The victims' feedback pages; `urls.py` adds these to the module's URLs."""

from django.urls import path

from . import feedback_views

urlpatterns = [
    path("feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("feedback/import/", feedback_views.feedback_import, name="feedback_import"),
    path(
        "feedback/<int:year>/q<int:quarter>/",
        feedback_views.feedback_detail,
        name="feedback_detail",
    ),
    path(
        "feedback/<int:year>/q<int:quarter>/publish/",
        feedback_views.feedback_publish,
        name="feedback_publish",
    ),
]
