"""Writes of the school's set-up: academic years and their study periods and holidays,
subjects, curriculum hours, classes and teaching assignments."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.register.models import (
    AcademicYear,
    ClassGroup,
    CurriculumHours,
    Holiday,
    PeriodKind,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from portal.public_cache import purge_school

# The period scheme of a grade range: quarters, half-years.
SCHEME_QUARTERS = "quarters"
SCHEME_HALVES = "halves"


def default_calendar(start_year):
    """The usual Kyrgyz school calendar of the year starting 1 September `start_year`:
    (quarters, halves, holidays) as lists of (number or name, start, end). Schools adjust the
    dates afterwards (the ministry's order of each year)."""
    y, n = start_year, start_year + 1
    d = datetime.date
    quarters = [
        (1, d(y, 9, 1), d(y, 10, 31)),
        (2, d(y, 11, 9), d(y, 12, 29)),
        (3, d(n, 1, 11), d(n, 3, 19)),
        (4, d(n, 3, 29), d(n, 5, 25)),
    ]
    halves = [(1, d(y, 9, 1), d(y, 12, 29)), (2, d(n, 1, 11), d(n, 5, 25))]
    holidays = [
        (gettext_lazy("Autumn holidays"), d(y, 11, 2), d(y, 11, 8), 1, 11),
        (gettext_lazy("Winter holidays"), d(y, 12, 30), d(n, 1, 10), 1, 11),
        (gettext_lazy("Additional holidays for grade 1"), d(n, 2, 15), d(n, 2, 21), 1, 1),
        (gettext_lazy("Spring holidays (Nooruz)"), d(n, 3, 20), d(n, 3, 28), 1, 11),
    ]
    return quarters, halves, holidays


def _in(language, text):
    """A translatable default (a holiday's name) in one language, whatever the user's language."""
    with translation.override(language):
        return str(text)


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def year_create(*, school, start_year, upper_scheme=SCHEME_HALVES, make_current=False, with_holidays=True):
    """A new academic year 1 September `start_year` – 31 May with its study periods: quarters for
    grades 1–9, quarters or half-years for grades 10–11 (`upper_scheme`), the year for 1–11,
    and the usual holidays."""
    quarters, halves, holidays = default_calendar(start_year)
    year = _save(
        AcademicYear(
            school=school, name=f"{start_year}–{start_year + 1}", start=datetime.date(start_year, 9, 1),
            end=datetime.date(start_year + 1, 5, 31), is_current=False,
        )
    )
    periods = [
        StudyPeriod(year=year, kind=PeriodKind.QUARTER, number=num, start=s, end=e, grade_from=1,
                    grade_to=9 if upper_scheme == SCHEME_HALVES else 11)
        for num, s, e in quarters
    ]
    if upper_scheme == SCHEME_HALVES:
        periods += [
            StudyPeriod(year=year, kind=PeriodKind.HALF, number=num, start=s, end=e, grade_from=10, grade_to=11)
            for num, s, e in halves
        ]
    periods.append(StudyPeriod(year=year, kind=PeriodKind.YEAR, number=1, start=year.start, end=year.end))
    StudyPeriod.objects.bulk_create(periods)
    if with_holidays:
        Holiday.objects.bulk_create(
            [Holiday(year=year, name=_in("ky", name), name_ru=_in("ru", name), start=s, end=e, grade_from=gf,
                     grade_to=gt) for name, s, e, gf, gt in holidays]
        )
    if make_current:
        year_set_current(year=year)
    purge_school(school)  # the periods and holidays are bulk inserts (no signals)
    return year


@transaction.atomic
def year_set_current(*, year):
    AcademicYear.objects.filter(school=year.school, is_current=True).exclude(pk=year.pk).update(is_current=False)
    purge_school(year.school_id)  # the public calendar and figures read the current year
    if not year.is_current:
        year.is_current = True
        year.save(update_fields=["is_current"])
    return year


@transaction.atomic
def year_set_upper_scheme(*, year, scheme):
    """Switch grades 10–11 between quarters and half-years (before the periods hold grades)."""
    quarters, halves, _holidays = default_calendar(year.start.year)
    periods = year.periods.all()
    if scheme == SCHEME_HALVES:
        periods.filter(kind=PeriodKind.QUARTER, grade_to=11).update(grade_to=9)
        if not periods.filter(kind=PeriodKind.HALF).exists():
            StudyPeriod.objects.bulk_create(
                [StudyPeriod(year=year, kind=PeriodKind.HALF, number=n, start=s, end=e, grade_from=10, grade_to=11)
                 for n, s, e in halves]
            )
    else:
        periods.filter(kind=PeriodKind.HALF, grade_from=10).delete()
        periods.filter(kind=PeriodKind.QUARTER, grade_to=9).update(grade_to=11)
    purge_school(year.school_id)  # queryset updates and bulk inserts send no signals
    return year


@transaction.atomic
def period_update(*, period, start, end):
    period.start, period.end = start, end
    return _save(period)


@transaction.atomic
def holiday_save(*, year, holiday=None, name, start, end, grade_from=1, grade_to=11, name_ru=""):
    holiday = holiday or Holiday(year=year)
    if holiday.year_id != year.pk:
        raise ValidationError(_("The holiday belongs to another academic year."))
    holiday.name, holiday.start, holiday.end = " ".join(name.split()), start, end
    holiday.name_ru = " ".join((name_ru or "").split())
    holiday.grade_from, holiday.grade_to = grade_from, grade_to
    return _save(holiday)


@transaction.atomic
def holiday_delete(*, holiday):
    holiday.delete()


# --- subjects and curriculum -------------------------------------------------------------------

@transaction.atomic
def subject_save(*, school, subject=None, name_ky, name_ru, short_ky="", short_ru="", order=0):
    subject = subject or Subject(school=school)
    if subject.school_id != school.pk:
        raise ValidationError(_("The subject belongs to another school."))
    subject.name_ky, subject.name_ru = name_ky.strip(), name_ru.strip()
    subject.short_ky, subject.short_ru, subject.order = short_ky.strip(), short_ru.strip(), order
    return _save(subject)


@transaction.atomic
def curriculum_set(*, year, hours):
    """Set the curriculum of a year: `hours` maps (grade, subject) to hours per week (None or 0
    removes the row). Returns the number of rows written."""
    existing = {(c.grade, c.subject_id): c for c in CurriculumHours.objects.filter(year=year)}
    to_create, to_update, to_delete = [], [], []
    for (grade, subject), value in hours.items():
        if subject.school_id != year.school_id:
            raise ValidationError(_("The subject belongs to another school."))
        if not 1 <= grade <= 11:
            raise ValidationError(_("Grades are 1 to 11."))
        row = existing.get((grade, subject.pk))
        value = Decimal(value) if value not in (None, "") else None
        if value is not None and (value < 0 or value > 20):
            raise ValidationError(_("Hours per week must be between 0 and 20."))
        if not value:
            if row is not None:
                to_delete.append(row.pk)
        elif row is None:
            to_create.append(CurriculumHours(school=year.school, year=year, grade=grade, subject=subject, hours_per_week=value))
        elif row.hours_per_week != value:
            row.hours_per_week = value
            to_update.append(row)
    CurriculumHours.objects.filter(pk__in=to_delete).delete()
    CurriculumHours.objects.bulk_create(to_create)
    CurriculumHours.objects.bulk_update(to_update, ["hours_per_week"])
    return len(to_create) + len(to_update) + len(to_delete)


# --- classes and teaching assignments ----------------------------------------------------------

CLASS_FIELDS = ("grade", "letter", "language", "class_teacher", "room")


@transaction.atomic
def class_save(*, school, year, class_group=None, **fields):
    unknown = set(fields) - set(CLASS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    class_group = class_group or ClassGroup(school=school, year=year)
    if class_group.school_id != school.pk or year.school_id != school.pk:
        raise ValidationError(_("The class belongs to another school."))
    for name, value in fields.items():
        setattr(class_group, name, value.strip().upper() if name == "letter" else value)
    teacher = class_group.class_teacher
    if teacher is not None and teacher.school_id != school.pk:
        raise ValidationError({"class_teacher": _("The teacher works at another school.")})
    return _save(class_group)


@transaction.atomic
def assignment_save(*, class_group, assignment=None, teacher, subject, subgroup=0, hours_per_week=1):
    assignment = assignment or TeachingAssignment(
        school=class_group.school, year=class_group.year, class_group=class_group
    )
    if assignment.class_group_id != class_group.pk:
        raise ValidationError(_("The assignment belongs to another class."))
    assignment.teacher, assignment.subject = teacher, subject
    assignment.subgroup, assignment.hours_per_week = subgroup, hours_per_week
    _save(assignment)
    if teacher.pk and not teacher.subjects.filter(pk=subject.pk).exists():
        teacher.subjects.add(subject)
    return assignment


@transaction.atomic
def assignment_delete(*, assignment):
    """Delete a teaching assignment that has no journal yet (lessons, plan, grades, timetable);
    one with a journal keeps it — change its teacher instead."""
    for rel in assignment._meta.related_objects:
        accessor = rel.get_accessor_name()
        if rel.one_to_many and accessor and getattr(assignment, accessor).exists():
            raise ValidationError(
                _("This subject already has a journal (lessons, plan or grades). Change the teacher instead of deleting it.")
            )
    assignment.delete()
