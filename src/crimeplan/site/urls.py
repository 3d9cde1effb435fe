from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.start, name="start"),
    path("home/", views.staff_home, name="staff_home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.language, name="language"),
]
