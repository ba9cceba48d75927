"""manage.py backtest_forecast [--school CODE] [--today YYYY-MM-DD]: measure the forecast on past
study periods (see journal.reports.selectors.backtest), print the figures beside the baseline and
keep the result for the forecast page."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from journal.gradebook.services.common import school_today
from journal.reports.models import ForecastBacktest
from journal.reports.selectors.backtest import backtest
from portal.models import School

METRICS = (("exact", "exact-grade accuracy"), ("mae", "mean absolute error"),
           ("precision", "at-risk precision (student x subject)"), ("recall", "at-risk recall (student x subject)"),
           ("student_precision", "at-risk precision (student)"), ("student_recall", "at-risk recall (student)"))


def _fmt(value):
    return "—" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = "Backtests the grade forecast on past study periods against the saved period grades."

    def add_arguments(self, parser):
        parser.add_argument("--school", help="School code (default: every school).")
        parser.add_argument("--today", help="Only periods that ended before this date (default: today).")
        parser.add_argument("--no-save", action="store_true", help="Print only; do not keep the result.")

    def handle(self, *args, school=None, today=None, no_save=False, **options):
        try:
            today = datetime.date.fromisoformat(today) if today else school_today()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        schools = School.objects.order_by("pk")
        if school:
            schools = schools.filter(code=school)
            if not schools.exists():
                raise CommandError(f"No school with the code {school!r}.")
        for s in schools:
            rows = backtest(school=s, today=today)
            self.stdout.write(f"{s}: {len(rows)} backtest rows")
            if not rows:
                self.stdout.write("  no past study period with saved period grades")
                continue
            for row in rows:
                self.stdout.write(f"  {row['label']} — cut-off {row['fraction']} ({row['cut_off']}), "
                                  f"{row['forecast']['n']} student x subject pairs")
                self.stdout.write(f"    {'metric':42} {'forecast':>9} {'baseline':>9}")
                for key, name in METRICS:
                    self.stdout.write(f"    {name:42} {_fmt(row['forecast'][key]):>9} {_fmt(row['baseline'][key]):>9}")
                self.stdout.write(f"    {'saved grade inside the forecast band':42} {_fmt(row['forecast']['band']):>9}")
            if not no_save:
                ForecastBacktest.objects.create(school=s, results=rows)
