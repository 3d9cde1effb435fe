from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.start, name="start"),
    path("home/", views.staff_home, name="staff_home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/feed.json", views.open_data_feed, name="open_data_feed"),
    path("open-data/schema.json", views.open_data_schema, name="open_data_schema"),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.language, name="language"),
]
