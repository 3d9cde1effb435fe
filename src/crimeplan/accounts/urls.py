from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("add/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/change/", views.organisation_edit, name="organisation_edit"),
    path(
        "<int:pk>/members.csv",
        views.organisation_members_export,
        name="organisation_members_export",
    ),
    path("<int:pk>/archive/", views.organisation_archive, name="organisation_archive"),
    path("<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/change/", views.membership_change, name="membership_change"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
]
