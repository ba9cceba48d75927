from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The school register. Its label stays "journal" so the tables (journal_*) and the migration
    history it had before it moved into journal/register/ stay exactly as they are."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "journal.register"
    label = "journal"
    verbose_name = _("School register")
