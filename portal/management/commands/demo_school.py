"""Build the demo school: the register (people, classes), a year of the class journal and the
public website in Kyrgyz and Russian. Re-runnable; refuses to run in production unless forced."""

import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Builds (or rebuilds) the demo school: register, class journal and public website."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with production settings.")
        parser.add_argument("--skip-journal", action="store_true", help="Do not fill a year of lessons and grades.")
        parser.add_argument(
            "--full-year",
            action="store_true",
            help="Fill grades and absences for the whole school year (~300,000 grades), as if today were "
            "the last day of the year; by default they stop at today's date.",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, force=False, skip_journal=False, full_year=False, seed=2026, **options):
        if not settings.DEBUG and settings.SETTINGS_MODULE.endswith("production") and not force:
            raise CommandError("This builds a fictional school. Use --force to run it with production settings.")
        from cms.demo import build_site
        from journal.gradebook.demo import build_journal
        from journal.register.demo import build_register

        started = time.monotonic()
        with transaction.atomic():
            school = build_register(seed=seed, stdout=self.stdout)
        self.stdout.write(f"register: {time.monotonic() - started:.1f} s")
        if not skip_journal:
            t = time.monotonic()
            if full_year:
                year = school.years.filter(is_current=True).first()
                if year is not None:
                    os.environ["MEKTEP_DEMO_TODAY"] = year.end.isoformat()
            build_journal(school, seed=seed, stdout=self.stdout)
            self.stdout.write(f"journal: {time.monotonic() - t:.1f} s")
        t = time.monotonic()
        build_site(school, seed=seed, stdout=self.stdout)
        call_command("site_url", stdout=self.stdout)  # the real address from SITE_URL, if set
        self.stdout.write(f"site: {time.monotonic() - t:.1f} s")
        if not skip_journal:
            from journal.messaging.demo import build_messaging

            build_messaging(school, stdout=self.stdout)  # after the site: it has the site administrator
        self.stdout.write(self.style.SUCCESS(f"Demo school ready in {time.monotonic() - started:.1f} s."))
