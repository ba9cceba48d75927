from django.urls import include, path

from .urls_movement import urlpatterns as movement_patterns
from .urls_register import urlpatterns as register_patterns
from .views import home

app_name = "journal"

urlpatterns = [
    path("dashboard/", home.dashboard, name="dashboard"),
    path("journal/", include("journal.gradebook.urls")),
    *register_patterns,
    *movement_patterns,
]
