from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications (issue 11 §4–§5): events of the class journal, announcements and messages
    reach students and parents in-app, by e-mail, Telegram and web push through an outbox that a
    django-tasks worker processes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "journal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the journal's signals
