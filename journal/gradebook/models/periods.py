"""The log of closing and reopening study periods (StudyPeriod.is_closed locks the journal)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodLockAction(models.TextChoices):
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")


class PeriodLockEvent(models.Model):
    """Who closed or reopened a study period, when, and why (a reopening needs a reason)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("journal.StudyPeriod", on_delete=models.CASCADE, related_name="lock_events")
    action = models.CharField(_("action"), max_length=10, choices=PeriodLockAction.choices)
    by = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("closing of a study period")
        verbose_name_plural = _("closings of study periods")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.period}: {self.get_action_display()}"
