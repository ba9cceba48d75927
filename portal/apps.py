from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import signals  # noqa: F401
        from .public_cache import connect_purge_signals
        from .site_cache import connect_signals

        connect_purge_signals()
        connect_signals()
