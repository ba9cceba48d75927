"""Forecast and early warning (R-J6): a projected period grade for every student × subject of
the current study period, with a band and the reasons in words; the projected pass rate and
quality of a class and the school; the students at risk.

The projection (per student × subject, 5-point scale; `project` below, no queries):
- the weighted mean so far is the gradebook's own suggestion (journal.gradebook.services.
  period_grades.period_grade_suggestion: the grade types' weights, its "too few grades" rule
  from journal.gradebook.rules pro-rated by the lessons held, its "no written work" warning);
- the marks still to come are expected at the subject's level — its mean so far drawn towards
  the student's mean over all subjects (more when it rests on few marks: τ² = 0.35², σ² = 0.8² / n)
  — moved along the student's trend (`student_level`: the slope of the marks over the period
  around each subject's mean, pooled over the subjects and shrunk by how surely it is measured);
- projected period mean = f · mean so far + (1 − f) · that level, f = the share of the period gone;
- the band: ± the standard error of that projection (the marks' spread, the marks so far and
  still to come), at least ± 0.2; both ends rounded as the gradebook rounds (half up);
- н/а is projected with fewer than 3 marks and half the subject's lessons so far missed, or
  without any mark when, at the class's pace of grading in the subject (marks per student and
  lesson so far), the chance of still no mark in the lessons left is at least one half.
The words: the weighted mean so far, the subject's own trend (rising, falling, none; a
least-squares line shrunk by n / (n + 6)), the gradebook's warnings (too few grades for the weekly
hours, no written work), the lessons missed.
At risk (a student): a projected 2 or н/а in a subject (red), attendance under 80 % over the
class's last 30 school days, or a falling trend over all subjects (≤ −0.3 of a grade over a
period) (amber). The reasons are always given in words.

Projected pass rate and quality: journal.gradebook.reports.class_figures over the projected
grades (the achievement summary's own formulas).

Queries: a constant number however many classes, students and subjects (guarded by a test).
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journal.gradebook.marks import special_mark
from journal.gradebook.models import (
    AbsenceStatus,
    AssessmentRule,
    Attendance,
    Grade,
    Lesson,
    LessonStatus,
    PeriodGradeSpecial,
)
from journal.gradebook.reports import NA, class_figures
from journal.gradebook.rules import min_grades_by_progress
from journal.gradebook.selectors.grid import current_period
from journal.gradebook.services.grade_types import grade_types_ensure_defaults
from journal.gradebook.services.period_grades import WARN_NO_GRADES, period_grade_suggestion, round_grade
from journal.gradebook.services.scales import scale_for
from journal.register.models import PeriodKind, Student, StudentStatus, StudyPeriod, SubgroupMembership

SHRINK = 6                 # marks at which a subject's own trend counts half
NOISE = 0.8                # spread of single marks around a student's level
SUBJECT_SPREAD = 0.35      # spread of a student's subjects around their overall level
STUDENT_TREND = 0.4        # spread of students' real trends (grades a period)
STUDENT_FALLING = -0.3     # a student's pooled trend at or under this: falling (at risk)
MIN_MARKS_FOR_TREND = 4
FALLING = -0.75            # grades per period: a falling trend
RISING = 0.75
MIN_MARGIN = 0.2           # the band is at least ± this
DEFAULT_SPREAD = 0.8       # the marks' spread when there are too few to measure it
NA_CHANCE = 0.5            # no mark yet: н/а when the chance of none in the lessons left is at least this
ATTENDANCE_DAYS = 30       # school days looked back for attendance
ATTENDANCE_MIN = Decimal(80)
LOOK_BACK = datetime.timedelta(days=120)  # calendar days that surely hold 30 school days

RED, AMBER, GREEN = "red", "amber", "green"
NA_FEW, NA_NONE_MISSED, NA_UNLIKELY = "few", "none_missed", "unlikely"


def _num(value, places=2):
    return number_format(Decimal(str(round(value, places))), places)


@dataclass
class SubjectForecast:
    assignment: object
    count: int = 0
    mean: Decimal | None = None       # weighted mean so far (the gradebook's suggestion)
    projected: float | None = None    # projected period mean
    value: int | None = None          # projected period grade
    low: int | None = None
    high: int | None = None
    slope: float | None = None        # grades per period (shrunk); None: too few marks
    missed: int = 0
    lessons: int = 0
    warnings: list = field(default_factory=list)   # the gradebook's [(code, message)]
    na: str = ""                                   # why н/а is projected (NA_FEW, …); "": it is not

    @property
    def warning_codes(self):
        return [code for code, _message in self.warnings]

    @property
    def reasons(self):
        """The reasons in words (built when shown: the whole school's forecast needs none)."""
        out = []
        if self.count:
            out.append(ngettext("Weighted mean so far: %(mean)s (%(count)s grade).",
                                "Weighted mean so far: %(mean)s (%(count)s grades).", self.count)
                       % {"mean": _num(self.mean), "count": self.count})
            if self.slope is None:
                out.append(_("Too few grades to see a trend."))
            elif self.slope <= FALLING:
                out.append(_("Falling: about %(delta)s of a grade over a period.") % {"delta": _num(self.slope, 1)})
            elif self.slope >= RISING:
                out.append(_("Rising: about +%(delta)s of a grade over a period.") % {"delta": _num(self.slope, 1)})
            else:
                out.append(_("No clear trend."))
        if self.na == NA_FEW:
            out.append(_("Half of the lessons missed with fewer than 3 grades: not certified (n/c) is likely."))
        elif self.na == NA_NONE_MISSED:
            out.append(_("Half of the lessons missed and no grade: not certified (n/c) is likely."))
        elif self.na == NA_UNLIKELY:
            out.append(_("No grade yet, and at the class's pace of grading one is unlikely in the lessons "
                         "left: not certified (n/c) is likely."))
        out.extend(message for code, message in self.warnings if code != WARN_NO_GRADES or not self.na)
        if self.missed:
            out.append(ngettext("Missed %(missed)s of %(lessons)s lesson so far.",
                                "Missed %(missed)s of %(lessons)s lessons so far.", self.lessons)
                       % {"missed": self.missed, "lessons": self.lessons})
        return out

    @property
    def subject(self):
        return self.assignment.subject

    @property
    def label(self):
        if self.na:
            return special_mark(PeriodGradeSpecial.NOT_CERTIFIED)
        return "" if self.value is None else str(self.value)

    @property
    def band(self):
        if self.na or self.low is None:
            return ""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    @property
    def final(self):
        """The projected grade as the report formulas take it: an int, NA or None."""
        return NA if self.na else self.value

    @property
    def falling(self):
        return self.slope is not None and self.slope <= FALLING

    @property
    def light(self):
        if self.na or (self.value is not None and self.value <= 2):
            return RED
        if self.falling or (self.low is not None and self.low <= 2):
            return AMBER
        return GREEN


def _trend(items):
    """(slope per period, shrunk; spread of the marks around the line; weighted mean time)."""
    weights = sum(w for _t, _v, w in items)
    t_mean = sum(t * w for t, _v, w in items) / weights
    v_mean = sum(v * w for _t, v, w in items) / weights
    stt = sum(w * (t - t_mean) ** 2 for t, _v, w in items)
    slope = None
    if len(items) >= MIN_MARKS_FOR_TREND and stt / weights > 0.01:
        raw = sum(w * (t - t_mean) * (v - v_mean) for t, v, w in items) / stt
        slope = raw * len(items) / (len(items) + SHRINK)
    b = slope or 0.0
    spread = DEFAULT_SPREAD
    if len(items) >= 3:
        spread = max(0.4, math.sqrt(sum(w * (v - v_mean - b * (t - t_mean)) ** 2 for t, v, w in items) / weights))
    return slope, spread, t_mean


def _clip(value):
    return max(2, min(5, value))


def student_level(items_by_subject):
    """(mean, trend) of one student over all their subjects of the period (the lists of `project`'s
    items): the weighted mean of every mark, and the trend of the marks around each subject's own
    mean, pooled over the subjects and shrunk by how surely it is measured (τ² / (τ² + SE²),
    SE² = σ² / Σw(t − t̄)²). (None, 0.0) without marks."""
    weights = total = sxy = stt = 0.0
    for items in items_by_subject:
        if not items:
            continue
        w = sum(float(i[2]) for i in items)
        t_mean = sum(i[0] * float(i[2]) for i in items) / w
        v_mean = sum(i[1] * float(i[2]) for i in items) / w
        weights += w
        total += v_mean * w
        sxy += sum(float(i[2]) * (i[0] - t_mean) * (i[1] - v_mean) for i in items)
        stt += sum(float(i[2]) * (i[0] - t_mean) ** 2 for i in items)
    if not weights:
        return None, 0.0
    slope = 0.0
    if stt > 0:
        se2 = NOISE ** 2 / stt
        slope = sxy / stt * STUDENT_TREND ** 2 / (STUDENT_TREND ** 2 + se2)
    return total / weights, slope


def project(items, *, fraction, hours_per_week, held, total, missed=0, lessons=0, assignment=None,
            student=(None, 0.0), mark_rate=None):
    """The forecast of one student in one subject. `items`: [(t, value, weight, is_written)] of the
    marks so far, t = the mark's place in the period (0–1); `fraction`: the share of the period
    gone; `held` / `total`: the subject's lessons so far and in the whole period (for the "too
    few grades" rule); `missed` / `lessons`: the student's absences and lessons so far;
    `student`: (mean, trend) of the student over all subjects (student_level), which steadies
    the level and the trend of the marks still to come; `mark_rate`: the class's marks per
    student and lesson so far in the subject (for the chance that a student without a mark
    gets one in the lessons left)."""
    fraction = min(max(fraction, 0.0), 1.0)
    expected = min_grades_by_progress(hours_per_week, held=held, total=total) if fraction < 1 else None
    suggestion = period_grade_suggestion([(v, w, written) for _t, v, w, written in items],
                                         hours_per_week=hours_per_week, expected=expected)
    fc = SubjectForecast(assignment=assignment, count=suggestion.count, mean=suggestion.average,
                         missed=missed, lessons=lessons, warnings=suggestion.warnings)
    half_missed = lessons > 0 and missed * 2 >= lessons
    if suggestion.count:
        fc.slope, spread, t_mean = _trend([(t, float(v), float(w)) for t, v, w, _wr in items])
        mean = float(suggestion.average)
        n = suggestion.count
        overall, trend = student
        level = mean
        if overall is not None:  # the subject's level, drawn towards the student's overall mean
            noise = NOISE ** 2 / n
            level = (mean * SUBJECT_SPREAD ** 2 + overall * noise) / (SUBJECT_SPREAD ** 2 + noise)
        else:
            trend = fc.slope or 0.0
        future = level + trend * ((1 + fraction) / 2 - t_mean)
        fc.projected = min(5.0, max(2.0, fraction * mean + (1 - fraction) * future))
        to_come = n * (1 - fraction) / max(fraction, 0.05)
        margin = max(MIN_MARGIN, (1 - fraction) * spread * math.sqrt(1 / n + (1 / to_come if to_come else 0)))
        fc.value = _clip(round_grade(Decimal(str(round(fc.projected, 2)))))
        fc.low = _clip(round_grade(Decimal(str(round(max(fc.projected - margin, 0), 2)))))
        fc.high = _clip(round_grade(Decimal(str(round(fc.projected + margin, 2)))))
        if n < 3 and half_missed:
            fc.na = NA_FEW
    elif half_missed:
        fc.na = NA_NONE_MISSED
    elif mark_rate and (1 - min(mark_rate, 1.0)) ** max(total - held, 0) >= NA_CHANCE:
        fc.na = NA_UNLIKELY
    return fc


@dataclass
class StudentForecast:
    student: object
    class_group: object
    period: object = None
    subjects: list = field(default_factory=list)      # [SubjectForecast]
    attendance: Decimal | None = None                 # % over the last 30 school days
    attendance_lessons: int = 0
    level: float | None = None                        # weighted mean over all subjects
    trend: float = 0.0                                # pooled trend over all subjects (grades a period)

    @property
    def failing(self):
        return [s for s in self.subjects if s.light == RED]

    @property
    def falling(self):
        """A falling trend over all subjects (pooled, so one noisy subject does not raise it)."""
        return self.level is not None and self.trend <= STUDENT_FALLING

    @property
    def low_attendance(self):
        return self.attendance is not None and self.attendance < ATTENDANCE_MIN

    @property
    def at_risk(self):
        return bool(self.failing or self.falling or self.low_attendance)

    @property
    def light(self):
        if self.failing:
            return RED
        return AMBER if self.at_risk else GREEN

    @property
    def finals(self):
        return [s.final for s in self.subjects if s.final is not None]

    @property
    def risk_reasons(self):
        """Why the student is on the at-risk list, one sentence each."""
        reasons = []
        for s in self.failing:
            reasons.append(_("%(subject)s: projected %(grade)s.") % {"subject": s.subject.name, "grade": s.label})
        if self.falling:
            worst = [s.subject.name for s in self.subjects if s.falling]
            reasons.append(_("Falling over all subjects: about %(delta)s of a grade over a period.")
                           % {"delta": _num(self.trend, 1)}
                           + (" " + _("Most in: %(subjects)s.") % {"subjects": ", ".join(worst)} if worst else ""))
        if self.low_attendance:
            reasons.append(_("Attendance %(percent)s %% over the last %(days)s school days (under %(min)s %%).")
                           % {"percent": _num(self.attendance, 1), "days": ATTENDANCE_DAYS, "min": ATTENDANCE_MIN})
        return reasons


@dataclass
class ClassForecast:
    class_group: object
    period: object
    as_of: datetime.date
    students: list = field(default_factory=list)      # [StudentForecast]
    without_marks: bool = False                       # no marks, or not the 5-point scale
    figures: dict = field(default_factory=dict)

    @property
    def at_risk(self):
        return [s for s in self.students if s.at_risk]


@dataclass
class SchoolForecast:
    as_of: datetime.date
    classes: list
    figures: dict
    restricted: bool = False

    @property
    def at_risk(self):
        return [s for c in self.classes for s in c.at_risk]


def _position(day, period):
    return (day - period.start).days / max(1, (period.end - period.start).days)


def school_forecast(*, school, assignments, as_of, period=None, roll=None, restricted=False):
    """The forecast over `assignments` (an access-filtered TeachingAssignment queryset) on the
    date `as_of`. Each class in its current study period at `as_of` (quarters or half-years, as
    its grade has them), or in `period` when given (classes it does not cover are left out).
    `roll`: {class id: [Student]} instead of the studying students of each class (the backtest
    passes the students who had a period grade)."""
    assignments = list(assignments.select_related("class_group__year", "subject")
                       .order_by("class_group__grade", "class_group__letter", "subject__order", "subject_id", "pk"))
    classes = {}
    for a in assignments:
        classes.setdefault(a.class_group_id, a.class_group)
    year_ids = {c.year_id for c in classes.values()}
    periods = list(StudyPeriod.objects.filter(year_id__in=year_ids).order_by("start", "kind"))
    rules = list(AssessmentRule.objects.filter(school=school, year_id__in=year_ids).prefetch_related("periods"))
    period_of, results = {}, {}
    for cg in classes.values():
        own = [p for p in periods if p.year_id == cg.year_id and p.covers_grade(cg.grade)]
        chosen = period if period is not None else current_period([p for p in own if p.kind != PeriodKind.YEAR],
                                                                 today=as_of)
        if chosen is None or not chosen.covers_grade(cg.grade):
            continue
        scale = scale_for(cg, chosen, rules=rules, periods=own, year=cg.year)
        results[cg.pk] = ClassForecast(class_group=cg, period=chosen, as_of=as_of, without_marks=not scale.is_five)
        period_of[cg.pk] = chosen
    assignments = [a for a in assignments if a.class_group_id in results]
    if not results:
        return SchoolForecast(as_of=as_of, classes=[], figures=class_figures([]), restricted=restricted)
    class_ids = list(results)
    if roll is None:
        roll = defaultdict(list)
        for s in Student.objects.filter(class_group_id__in=class_ids, status=StudentStatus.STUDYING).order_by(
                "sort_key", "pk"):
            roll[s.class_group_id].append(s)
    split = defaultdict(dict)
    for class_id, subject_id, student_id, number in SubgroupMembership.objects.filter(
            class_group_id__in=class_ids).values_list("class_group_id", "subject_id", "student_id", "number"):
        split[(class_id, subject_id)][student_id] = number
    types = {t.pk: t for t in grade_types_ensure_defaults(school)}
    a_ids = [a.pk for a in assignments]
    first = min(p.start for p in period_of.values())
    lo = min(first, as_of - LOOK_BACK)
    hi = max(max(p.end for p in period_of.values()), as_of)
    lessons = defaultdict(list)  # assignment id -> [(lesson id, date)]
    for pk, assignment_id, day in Lesson.objects.filter(assignment_id__in=a_ids, date__range=(lo, hi)).exclude(
            status=LessonStatus.CANCELLED).values_list("pk", "assignment_id", "date").order_by("date", "pk"):
        lessons[assignment_id].append((pk, day))
    marks = defaultdict(list)  # (assignment id, student id) -> [(date, value, type id)]
    for assignment_id, student_id, value, type_id, day in Grade.objects.filter(
            lesson__assignment_id__in=a_ids, lesson__date__range=(first, as_of)).exclude(
            lesson__status=LessonStatus.CANCELLED).values_list(
            "lesson__assignment_id", "student_id", "value", "grade_type_id", "lesson__date"):
        marks[(assignment_id, student_id)].append((day, value, type_id))
    missed = defaultdict(set)  # student id -> {lesson id}
    for lesson_id, student_id in Attendance.objects.filter(
            lesson__assignment_id__in=a_ids, lesson__date__range=(lo, as_of)).exclude(
            status=AbsenceStatus.LATE).values_list("lesson_id", "student_id"):
        missed[student_id].add(lesson_id)

    by_class = defaultdict(list)
    for a in assignments:
        by_class[a.class_group_id].append(a)
    for class_id, fc in results.items():
        p = period_of[class_id]
        days = sorted({d for a in by_class[class_id] for _pk, d in lessons[a.pk] if d <= as_of})
        window_start = days[-ATTENDANCE_DAYS] if len(days) >= ATTENDANCE_DAYS else (days[0] if days else as_of)
        fraction = min(1.0, max(0.0, _position(as_of, p)))
        students = {}
        for student in roll.get(class_id, []):
            students[student.pk] = StudentForecast(student=student, class_group=fc.class_group, period=p)
        window = defaultdict(lambda: [0, 0])  # student id -> [lessons, missed]
        pending = defaultdict(list)  # student id -> [(assignment, items, held, total, missed)]
        given = defaultdict(lambda: [0, 0])  # assignment id -> [marks, student-lessons present]
        for a in by_class[class_id]:
            members = split.get((class_id, a.subject_id))
            in_period = [(pk, d) for pk, d in lessons[a.pk] if p.start <= d <= p.end]
            held = [(pk, d) for pk, d in in_period if d <= as_of]
            recent = {pk for pk, d in lessons[a.pk] if window_start <= d <= as_of}
            held_ids = {pk for pk, _d in held}
            for student_id in students:
                if a.subgroup and members and members.get(student_id) != a.subgroup:
                    continue
                absent = missed.get(student_id, set())
                own_missed = len(held_ids & absent)
                acc = window[student_id]
                acc[0] += len(recent)
                acc[1] += len(recent & absent)
                if fc.without_marks:
                    continue
                items = []
                for day, value, type_id in marks.get((a.pk, student_id), ()):
                    if day < p.start:
                        continue
                    t = types.get(type_id)
                    items.append((_position(day, p), value, t.weight if t else 1, t.is_written if t else False))
                pending[student_id].append((a, items, len(held), len(in_period), own_missed))
                given[a.pk][0] += len(items)
                given[a.pk][1] += len(held) - own_missed
        for student_id, sf in students.items():
            sf.level, sf.trend = student_level([items for _a, items, *_rest in pending[student_id]])
            for a, items, held, total, own_missed in pending[student_id]:
                marks_given, present = given[a.pk]
                sf.subjects.append(project(items, fraction=fraction, hours_per_week=a.hours_per_week, held=held,
                                           total=total, missed=own_missed, lessons=held, assignment=a,
                                           student=(sf.level, sf.trend),
                                           mark_rate=marks_given / present if present else None))
            total, absent = window[student_id]
            if total:
                sf.attendance = (Decimal(total - absent) * 100 / total).quantize(Decimal("0.1"))
                sf.attendance_lessons = total
        fc.students = list(students.values())
        fc.figures = class_figures([s.finals for s in fc.students]) if not fc.without_marks else class_figures([])
    class_list = list(results.values())
    figures = class_figures([s.finals for c in class_list if not c.without_marks for s in c.students])
    return SchoolForecast(as_of=as_of, classes=class_list, figures=figures, restricted=restricted)
