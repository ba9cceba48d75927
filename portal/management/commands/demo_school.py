"""Build the demo school: the register (people, classes), a year of the class journal and the
public website in Kyrgyz and Russian. Re-runnable; refuses to run in production unless forced."""

import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.public_cache import purge_school, purge_site


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
        parser.add_argument(
            "--first", type=int, default=1,
            help="With --schools N: build schools K…N only, adding them to a deployment that already has the "
                 "first ones (e.g. the benchmarks' full-year school, then --schools 20 --first 2).",
        )
        parser.add_argument(
            "--schools", type=int, default=1,
            help="Build N demo schools in one deployment (issue 12 §5), each a full school with its own "
            "site host: the first on the default site, school2.localhost … schoolN.localhost for the others "
            "(logins director2, teacher2 …).",
        )

    def handle(self, *args, force=False, skip_journal=False, full_year=False, seed=2026, schools=1, first=1,
               **options):
        if not settings.DEBUG and settings.SETTINGS_MODULE.endswith("production") and not force:
            raise CommandError("This builds a fictional school. Use --force to run it with production settings.")
        if schools < 1:
            raise CommandError("--schools must be 1 or more.")
        if not 1 <= first <= schools:
            raise CommandError("--first must be between 1 and --schools.")
        started = time.monotonic()
        for number in range(first, schools + 1):
            if schools > 1:
                self.stdout.write(f"school {number} of {schools}")
            self.build_school(number, skip_journal=skip_journal, full_year=full_year, seed=seed)
        self.stdout.write(self.style.SUCCESS(
            f"Demo school{'s' if schools > 1 else ''} ready in {time.monotonic() - started:.1f} s."))

    def build_school(self, number, *, skip_journal, full_year, seed):
        from cms.demo import build_site
        from journal.gradebook.demo import build_journal
        from journal.register.demo import build_register, demo_suffix

        started = time.monotonic()
        with transaction.atomic():
            school = build_register(seed=seed, stdout=self.stdout, number=number)
            if number > 1:
                school_site(school, f"school{number}.localhost")
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
        build_site(school, seed=seed if number == 1 else seed + number, stdout=self.stdout,
                   login_suffix=demo_suffix(number))
        if number == 1:
            call_command("site_url", stdout=self.stdout)  # the real address from SITE_URL, if set
        self.stdout.write(f"site: {time.monotonic() - t:.1f} s")
        if not skip_journal:
            from journal.messaging.demo import build_messaging

            # after the site: it has the site administrator
            build_messaging(school, stdout=self.stdout, login_suffix=demo_suffix(number))
        # the demo writes in bulk (no signals): this school's public pages are rebuilt on the next visit
        school.refresh_from_db(fields=["site"])
        purge_school(school)
        if school.site_id:
            purge_site(school.site_id)


def school_site(school, hostname):
    """The Wagtail site of a further demo school: its own host (port 80), made once. Until the
    public site is built it shows the root page; build_site then roots it at the school's home."""
    from wagtail.models import Page, Site

    site = school.site or Site.objects.filter(hostname=hostname, port=80).first()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=80, root_page=Page.get_first_root_node(),
                                   is_default_site=False)
    if school.site_id != site.pk:
        school.site = site
        school.save(update_fields=["site"])
    return site
