"""URLs of the year-end archive, under /<lang>/app/journal/archive/ in the "journal" namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register
from portal.roles import Role

from .views import archive

urlpatterns = [
    path("", archive.archive_index, name="archive_index"),
    path("generate/", archive.archive_generate, name="archive_generate"),
    path("progress/", archive.archive_progress, name="archive_progress"),
    path("<int:pk>/download/", archive.archive_download, name="archive_download"),
]

register("journal:archive_index", _("Year-end archive"), roles={Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN}, order=56)
