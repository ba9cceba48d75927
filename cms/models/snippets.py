"""Snippets of the school website."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


class UsefulLink(TranslatableMixin, models.Model):
    """A link to an official resource shown in the footer (the ministry, the national journal
    «Күндөлүк», the education portal …)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to show the link on every site."),
    )
    title = models.CharField(_("title"), max_length=120)
    url = models.URLField(_("address"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("site"), FieldPanel("title"), FieldPanel("url"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("useful link")
        verbose_name_plural = _("useful links")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title
