"""Build a year's archive now (the same service the background task runs) and print the time:
    manage.py archive_year [--school CODE] [--year NAME] [--language ky|ru]"""

import time

from django.core.management.base import BaseCommand, CommandError

from journal.register.models import AcademicYear
from portal.models import School

from ...models import YearArchive
from ...services.archive import archive_build, next_version


class Command(BaseCommand):
    help = "Build the year-end archive (ZIP of PDFs with a manifest) synchronously and print the time."

    def add_arguments(self, parser):
        parser.add_argument("--school", help="School code (default: the first school).")
        parser.add_argument("--year", help="Academic year name (default: the current year).")
        parser.add_argument("--language", default="ky", choices=["ky", "ru"])

    def handle(self, *args, school=None, year=None, language="ky", **options):
        schools = School.objects.order_by("pk")
        school_obj = (schools.filter(code=school) if school else schools).first()
        if school_obj is None:
            raise CommandError("No such school.")
        years = AcademicYear.objects.filter(school=school_obj)
        year_obj = (years.filter(name=year) if year else years.order_by("-is_current", "-start")).first()
        if year_obj is None:
            raise CommandError("No such academic year.")
        archive = YearArchive.objects.create(school=school_obj, year=year_obj, version=next_version(year_obj))
        started = time.monotonic()
        archive_build(archive=archive, language=language)
        seconds = time.monotonic() - started
        archive.refresh_from_db()
        self.stdout.write(f"archive: {school_obj.code} {year_obj.name} v{archive.version}: {archive.total} documents, "
                          f"{archive.size / 1e6:.1f} MB, sha256 {archive.sha256}")
        self.stdout.write(f"archive_school_s: {seconds:.1f} s")
