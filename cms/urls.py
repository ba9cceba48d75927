"""Public non-page URLs of the school website (under the language prefix). Page URLs are
Wagtail's."""

from django.urls import path

from . import views

app_name = "cms"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("staff/<int:pk>/photo/", views.staff_photo, name="staff_photo"),
]
