from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.board_list, name="board_list"),
    path("boards/add/", views.board_edit, name="board_create"),
    path("boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("boards/<int:pk>/change/", views.board_edit, name="board_edit"),
    path("boards/<int:pk>/archive/", views.board_archive, name="board_archive"),
    path("boards/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("boards/<int:board_pk>/meetings/add/", views.meeting_edit, name="meeting_create"),
    path("meetings/<int:pk>/change/", views.meeting_edit, name="meeting_edit"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/add/", views.post_edit, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/change/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/archive/", views.post_archive, name="post_archive"),
    path("posts/<int:pk>/funding/add/", views.funding_add, name="funding_add"),
    path("funding/<int:pk>/remove/", views.funding_remove, name="funding_remove"),
    path("posts/export.<str:file_format>", views.post_export, name="post_export"),
]
