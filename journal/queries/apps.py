from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueriesConfig(AppConfig):
    """The query constructor (issue 10 §3, R-I8): arbitrary reports over curated datasets."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "journal.queries"
    label = "queries"
    verbose_name = _("Query constructor")
