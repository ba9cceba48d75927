from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports of the school system (issue 10): read-only over the register and the gradebook."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "journal.reports"
    label = "reports"
    verbose_name = _("Reports")
