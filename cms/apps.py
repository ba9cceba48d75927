from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("School website")

    def ready(self):
        from .setup import post_migrate_handler

        post_migrate.connect(post_migrate_handler, sender=self, dispatch_uid="cms_site_roles")
