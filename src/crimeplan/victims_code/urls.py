from django.urls import path

from . import views
from .feedback_urls import urlpatterns as feedback_urlpatterns

app_name = "victims_code"

urlpatterns = [
    path("", views.figures_page, name="figures"),
    path("figures.<str:file_format>", views.figures_export, name="figures_export"),
    path("template.<str:file_format>", views.template_download, name="template_download"),
    path("returns/", views.return_list, name="return_list"),
    path("returns/upload/", views.return_upload, name="return_upload"),
    path("returns/enter/", views.return_enter, name="return_enter"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/add/", views.agency_add, name="agency_add"),
    path("agencies/<int:pk>/archive/", views.agency_archive, name="agency_archive"),
    path("reviews/", views.meeting_list, name="meeting_list"),
    path("reviews/add/", views.meeting_edit, name="meeting_create"),
    path("reviews/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reviews/<int:pk>/change/", views.meeting_edit, name="meeting_edit"),
    path("reviews/<int:meeting_pk>/actions/add/", views.action_edit, name="action_create"),
    path("actions/<int:pk>/change/", views.action_edit, name="action_edit"),
    *feedback_urlpatterns,
]
