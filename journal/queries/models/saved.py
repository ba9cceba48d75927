"""A query of the constructor saved under a name: only its description (dataset, fields,
filters, grouping, aggregates, sort) is kept, never rows. Each time it is opened it is checked
against the datasets declared in code and run for the user who opens it, through the access
policy — a query shared by the director shows a teacher only the teacher's rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SavedQuery(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="saved_queries")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queries")
    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=150)
    dataset = models.CharField(_("dataset"), max_length=30)
    spec = models.JSONField(_("query"), default=dict)
    shared = models.BooleanField(_("shared within the school"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("saved query")
        verbose_name_plural = _("saved queries")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "owner", "name"], name="saved_query_unique_name"),
        ]

    def __str__(self):
        return self.name
