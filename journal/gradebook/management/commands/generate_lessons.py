"""Generate the lessons of a school's academic year from its timetable (idempotent)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from journal.gradebook.services.lesson_generation import lessons_generate
from journal.register.models import AcademicYear
from portal.models import School


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}")


class Command(BaseCommand):
    help = ("Creates the lessons of every class from the timetable for each school day (skipping weekends and "
            "holidays). Running it again adds only what is missing; untouched future lessons no longer in the "
            "timetable are removed; filled lessons are never deleted.")

    def add_arguments(self, parser):
        parser.add_argument("--school", help="School code (default: every school).")
        parser.add_argument("--year", help="Academic year name, e.g. 2026–2027 (default: the current year).")
        parser.add_argument("--from", dest="date_from", help="First date, YYYY-MM-DD (default: the year's start).")
        parser.add_argument("--to", dest="date_to", help="Last date, YYYY-MM-DD (default: the year's end).")

    def handle(self, *args, school=None, year=None, date_from=None, date_to=None, **options):
        schools = School.objects.all()
        if school:
            schools = schools.filter(code=school)
            if not schools.exists():
                raise CommandError(f"No school with the code {school!r}.")
        start = _date(date_from) if date_from else None
        end = _date(date_to) if date_to else None
        for s in schools:
            years = AcademicYear.objects.filter(school=s)
            academic_year = years.filter(name=year).first() if year else years.filter(is_current=True).first()
            if academic_year is None:
                self.stdout.write(f"{s.code}: no such academic year, skipped")
                continue
            result = lessons_generate(school=s, year=academic_year, date_from=start, date_to=end)
            self.stdout.write(
                f"{s.code} {academic_year}: {result['created']} lessons created, {result['kept']} already there, "
                f"{result['deleted']} removed, {result['kept_filled']} kept although no longer in the timetable"
            )
