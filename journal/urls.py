from django.urls import include, path

from .views import home

app_name = "journal"

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("teacher/", home.teacher_home, name="teacher_home"),
    path("diary/", home.diary, name="diary"),
    path("journal/", include("journal.gradebook.urls")),
]
