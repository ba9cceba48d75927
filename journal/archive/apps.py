from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """The year-end archive of the journal (issue 10 §4, R-J21): printed forms of the year in a
    ZIP with a manifest and SHA-256 sums, kept in private storage; the archived year is read-only."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "journal.archive"
    label = "archive"
    verbose_name = _("Year-end archive")
