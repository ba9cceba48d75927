from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backups on several media, restore checks, the health endpoint and the
    deployment check (issue 12)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from portal.navigation import register
        from portal.roles import Role

        register("portal:backups", _("Backups"), roles={Role.SYSADMIN}, order=90)
