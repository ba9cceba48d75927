"""The assessment scale is data (AssessmentRule), not code.

`scale_for(class_group, date_or_period)` answers which scale applies: "no marks", the 5-point
scale or a points scale 0..max_points. The most specific rule wins: one limited to some study
periods beats one without; among equals, the narrower grade range. Without a rule (R-J17): no
marks in grade 1 all year and in grade 2 in the first half-year (quarters 1–2, half-year 1),
the 5-point scale otherwise.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from journal.register.models import PeriodKind, StudyPeriod

from ..models import AssessmentRule, Scale

FIVE_POINT_VALUES = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class ScaleInfo:
    scale: str
    max_points: int | None = None

    @property
    def marks_allowed(self):
        return self.scale != Scale.NONE

    @property
    def is_five(self):
        return self.scale == Scale.FIVE

    @property
    def is_points(self):
        return self.scale == Scale.POINTS

    @property
    def min_value(self):
        return 0 if self.is_points else 1

    @property
    def max_value(self):
        if self.is_points:
            return self.max_points or 0
        return 5 if self.is_five else 0

    @property
    def values(self):
        """Allowed values, best first (for selects and the on-screen keypad)."""
        if self.is_five:
            return list(FIVE_POINT_VALUES)
        if self.is_points:
            return list(range(self.max_value, -1, -1))
        return []

    @property
    def label(self):
        if self.is_points:
            return _("Points 0–%(max)s") % {"max": self.max_value}
        return str(Scale(self.scale).label)

    def allows(self, value):
        return self.marks_allowed and isinstance(value, int) and self.min_value <= value <= self.max_value

    def check(self, value):
        """Raise a translated ValidationError unless the scale allows `value`."""
        if not self.marks_allowed:
            raise ValidationError(
                _("No grades are given here: this class is assessed without marks in this period."),
                code="no_marks",
            )
        if not self.allows(value):
            if self.is_points:
                message = _("Points are a whole number from 0 to %(max)s.") % {"max": self.max_value}
            else:
                message = _("A grade on the 5-point scale is a whole number from 1 to 5.")
            raise ValidationError(message, code="out_of_scale")
        return value

    def as_dict(self):
        return {"scale": self.scale, "min": self.min_value, "max": self.max_value, "values": self.values,
                "marks": self.marks_allowed}


NO_MARKS = ScaleInfo(Scale.NONE)
FIVE_POINT = ScaleInfo(Scale.FIVE)


def periods_of_grade(year, grade):
    """The study periods of a year that cover a grade level, in date order."""
    return [p for p in StudyPeriod.objects.filter(year=year).order_by("start", "kind") if p.covers_grade(grade)]


def first_half_end(year, grade, periods=None):
    """The last day of the first half-year for a grade: the end of half-year 1, else of quarter 2,
    else 31 December of the year's start."""
    if periods is None:
        periods = periods_of_grade(year, grade)
    periods = [p for p in periods if p.covers_grade(grade)]
    for kind, number in ((PeriodKind.HALF, 1), (PeriodKind.QUARTER, 2)):
        for p in periods:
            if p.kind == kind and p.number == number:
                return p.end
    return datetime.date(year.start.year, 12, 31)


def _span(when):
    if isinstance(when, StudyPeriod):
        return when.start, when.end
    return when, when


def _rule_matches_span(rule, start, end):
    return any(p.start <= start and end <= p.end for p in rule.periods.all())


def _rule_to_info(rule):
    if rule.scale == Scale.POINTS:
        return ScaleInfo(Scale.POINTS, rule.max_points or 10)
    return ScaleInfo(rule.scale)


def scale_for(class_group, when, *, grade=None, school=None, year=None, rules=None, periods=None):
    """The scale for a class (or a grade level with `school` and `year`) on a date or in a study
    period. `rules` and `periods` may be passed preloaded (lists) to save queries."""
    if class_group is not None:
        grade = class_group.grade
        school_id = class_group.school_id
        year_id = class_group.year_id
    else:
        school_id = school.pk
        year_id = year.pk
    if rules is None:
        rules = list(AssessmentRule.objects.filter(school_id=school_id, year_id=year_id).prefetch_related("periods"))
    start, end = _span(when)
    candidates = []
    for rule in rules:
        if not rule.grade_from <= grade <= rule.grade_to:
            continue
        has_periods = bool(rule.periods.all())
        if has_periods and not _rule_matches_span(rule, start, end):
            continue
        candidates.append((0 if has_periods else 1, rule.grade_to - rule.grade_from, -rule.pk, rule))
    if candidates:
        candidates.sort(key=lambda c: c[:3])
        return _rule_to_info(candidates[0][3])
    # the default (R-J17)
    if grade <= 1:
        return NO_MARKS
    if grade == 2:
        if year is None:
            year = class_group.year
        if periods is None:
            periods = periods_of_grade(year, grade)
        if isinstance(when, StudyPeriod) and when.kind == PeriodKind.YEAR:
            return FIVE_POINT
        if end <= first_half_end(year, grade, periods):
            return NO_MARKS
    return FIVE_POINT
