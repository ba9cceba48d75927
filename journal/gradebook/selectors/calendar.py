"""The school calendar of an academic year: which days are school days for which grade level.

A day is a school day for a grade when it lies in a study period (quarter or half-year) that
covers the grade, is not a Sunday and is not in a holiday covering the grade. Everything is
read once per year (two queries) and answered from memory, so the lesson generator and the
plan check can ask about every day of the year cheaply.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from journal.register.models import Holiday, PeriodKind, StudyPeriod

SUNDAY = 7


@dataclass(frozen=True)
class _Range:
    start: datetime.date
    end: datetime.date
    grade_from: int
    grade_to: int

    def covers(self, day, grade):
        return self.start <= day <= self.end and self.grade_from <= grade <= self.grade_to


class YearCalendar:
    """Study periods and holidays of one academic year, answered from memory."""

    def __init__(self, year):
        self.year = year

    @cached_property
    def periods(self):
        return list(StudyPeriod.objects.filter(year=self.year).order_by("start", "grade_from", "kind", "pk"))

    @cached_property
    def _teaching_ranges(self):
        """Quarters and half-years; the year period only for grades that have nothing else."""
        return [
            _Range(p.start, p.end, p.grade_from, p.grade_to)
            for p in self.periods
            if p.kind != PeriodKind.YEAR
        ]

    @cached_property
    def _year_ranges(self):
        return [_Range(p.start, p.end, p.grade_from, p.grade_to) for p in self.periods if p.kind == PeriodKind.YEAR]

    @cached_property
    def _holidays(self):
        return [_Range(h.start, h.end, h.grade_from, h.grade_to) for h in Holiday.objects.filter(year=self.year)]

    def _ranges_for(self, grade):
        ranges = [r for r in self._teaching_ranges if r.grade_from <= grade <= r.grade_to]
        if not ranges:
            ranges = [r for r in self._year_ranges if r.grade_from <= grade <= r.grade_to]
        if not ranges:
            ranges = [_Range(self.year.start, self.year.end, 1, 11)]
        return ranges

    def is_school_day(self, day, grade):
        if day.isoweekday() == SUNDAY:
            return False
        if not any(r.start <= day <= r.end for r in self._ranges_for(grade)):
            return False
        return not any(h.covers(day, grade) for h in self._holidays)

    def school_days(self, grade, date_from=None, date_to=None, weekdays=None):
        """School days of the grade between the dates (inclusive; default: the whole year).
        `weekdays`: ISO weekdays to keep (default Monday–Saturday)."""
        start = max(date_from or self.year.start, self.year.start)
        end = min(date_to or self.year.end, self.year.end)
        keep = set(weekdays or range(1, 7))
        days = []
        day = start
        one = datetime.timedelta(days=1)
        while day <= end:
            if day.isoweekday() in keep and self.is_school_day(day, grade):
                days.append(day)
            day += one
        return days

    def school_weeks(self, grade):
        """Number of school weeks of the grade in the year: Monday–Friday school days ÷ 5,
        rounded to the nearest week (a day off here and there does not make a week shorter)."""
        return round(len(self.school_days(grade, weekdays=range(1, 6))) / 5)

    def periods_for(self, grade, kinds=(PeriodKind.QUARTER, PeriodKind.HALF)):
        """The study periods of the grade (quarters or half-years), in order."""
        chosen = [p for p in self.periods if p.covers_grade(grade) and p.kind in kinds]
        if not chosen:
            chosen = [p for p in self.periods if p.covers_grade(grade)]
        return sorted(chosen, key=lambda p: p.start)

    def period_on(self, day, grade):
        """The quarter or half-year of the grade that contains the day; between periods (a
        holiday), the last one that ended before it; before the first, the first."""
        periods = self.periods_for(grade)
        if not periods:
            return None
        current = None
        for period in periods:
            if period.start <= day:
                current = period
        return current or periods[0]


def today():
    return timezone.localdate()


def monday_of(day):
    return day - datetime.timedelta(days=day.isoweekday() - 1)


def period_label(period):
    """"2 quarter" / "1 half-year" / "Year" — the period's name without its grade range."""

    if period is None:
        return ""
    return period.label
