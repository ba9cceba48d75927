# The URL root of journal/: every sub-app's URLs under the one namespace "journal".
from django.urls import include, path

from .register.urls import urlpatterns as register_patterns

app_name = "journal"

urlpatterns = [
    path("journal/reports/", include("journal.reports.urls")),
    path("journal/queries/", include("journal.queries.urls")),
    path("journal/archive/", include("journal.archive.urls")),
    path("notifications/", include("journal.notifications.urls")),
    path("journal/communication/", include("journal.messaging.urls")),
    path("journal/", include("journal.gradebook.urls")),
    *register_patterns,
]
