"""The stored result of a forecast backtest (manage.py backtest_forecast), shown on the forecast page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ForecastBacktest(models.Model):
    """One run of the backtest for a school: per past study period and cut-off (½, ⅔ of the
    period) the forecast's and the baseline's exact-grade accuracy, mean absolute error and the
    precision / recall of the at-risk flag (`results`, a list of dicts, see
    journal.reports.selectors.backtest)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    results = models.JSONField(_("results"), default=list)

    class Meta:
        verbose_name = _("forecast backtest")
        verbose_name_plural = _("forecast backtests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.school_id} {self.created_at:%Y-%m-%d %H:%M}"
