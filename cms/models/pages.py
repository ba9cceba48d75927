from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class HomePage(Page):
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
