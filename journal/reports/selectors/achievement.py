"""The achievement summary («Итоги успеваемости», R-J5, R-J22): the one report service.

Every figure of a class is computed here ONCE from the period grades, with the formulas of
journal/gradebook/reports.py (the same functions that build the class period-grade sheet, so
the two can never disagree): per class the roll at the start and the end of the period (from
the movement book), graded students, not certified (н/а), exempt, excellent (only 5), only 4
and 5, with one 4, with one 3, failing (a 2, a 1 or н/а) with their names and subjects, pass
rate, quality, СОУ and the average grade. Parallels, stages and the school add the class rows
up (percentages are recomputed from the sums, never averaged).

Denominator rule: "graded" = students with at least one period grade or н/а in the period;
exempt subjects are left out of a student's marks, a student exempt in every subject is not
graded; н/а counts as graded and failing and adds 0 to СОУ. Classes assessed without marks
(R-J17) are listed as such and count in the roll only.

Queries: a constant number however many classes and students (guarded by a test).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from journal.gradebook.models import AssessmentRule, PeriodGrade, PeriodGradeKind, PeriodGradeSpecial
from journal.gradebook.reports import (
    NA,
    TWO_DECIMALS,
    _percent,
    class_figures,
    final_label,
    final_value,
    grade_counts,
    sou,
)
from journal.gradebook.services.scales import scale_for
from journal.register.models import Student, StudyPeriod, Subject, TeachingAssignment
from journal.register.reports.movement import movement_report

from .dynamics import compare

STAGES = (
    ("1-4", 1, 4, _("Grades 1–4")),
    ("5-9", 5, 9, _("Grades 5–9")),
    ("10-11", 10, 11, _("Grades 10–11")),
)

COUNTED = ("graded", "not_certified", "exempt", "excellent", "good", "one_four", "one_three", "failing",
           "start", "end", "arrived", "left", "marks_sum", "marks_n")


@dataclass
class SummaryRow:
    label: str
    kind: str = "class"  # class, grade, stage, total
    class_group: object = None
    start: int = 0
    end: int = 0
    arrived: int = 0
    left: int = 0
    graded: int = 0
    not_certified: int = 0
    exempt: int = 0
    excellent: int = 0
    good: int = 0       # only 4 and 5 (excellent and "with one 4" included)
    one_four: int = 0
    one_three: int = 0
    failing: int = 0
    marks: Counter = field(default_factory=lambda: grade_counts([]))
    marks_sum: int = 0
    marks_n: int = 0
    without_marks: bool = False   # assessed without marks in this period (R-J17)
    no_grades: bool = False       # marks allowed, but no period grade entered yet
    failing_students: list = field(default_factory=list)  # [(student, [(subject, mark)])]
    classes: int = 0
    dynamics: dict = field(default_factory=dict)  # {figure: [Change]} (selectors.dynamics)

    @property
    def pass_rate(self):
        return _percent(self.graded - self.failing, self.graded)

    @property
    def quality(self):
        return _percent(self.good, self.graded)

    @property
    def sou(self):
        return sou(self.marks)

    @property
    def average(self):
        if not self.marks_n:
            return None
        return (Decimal(self.marks_sum) / Decimal(self.marks_n)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)

    def add(self, other):
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.marks.update(other.marks)
        self.classes += other.classes if other.kind != "class" else 1
        self.failing_students += other.failing_students


@dataclass
class AchievementSummary:
    period: StudyPeriod
    rows: list
    total: SummaryRow | None
    class_rows: list
    restricted: bool  # only some classes of the school (a teacher's view)
    comparisons: dict = field(default_factory=dict)  # {PREVIOUS/LAST_YEAR: AchievementSummary}

    @property
    def has_marks(self):
        return any(r.graded for r in self.class_rows)


def report_periods(school, year):
    """Study periods of a year a report can be built for (the year's own periods, in order)."""
    return list(StudyPeriod.objects.filter(year=year, year__school=school).order_by("start", "grade_from", "kind"))


def _class_row(class_group, per_student, names, subjects, scale_info, movement_row):
    """One class's row. per_student: {student_id: [(subject_id, PeriodGrade-like tuple)]}."""
    row = SummaryRow(label=str(class_group), class_group=class_group)
    if movement_row is not None:
        row.start, row.end = movement_row.start, movement_row.end
        row.arrived, row.left = movement_row.arrived, movement_row.left
    if not scale_info.marks_allowed:
        row.without_marks = True
        return row
    values_of = {}
    for student_id, marks in per_student.items():
        values = []
        for _subject_id, pg in marks:
            value = final_value(pg)
            if value is not None:
                values.append(value)
        values_of[student_id] = values
        if any(pg.special == PeriodGradeSpecial.EXEMPT for _s, pg in marks):
            row.exempt += 1
        if any(pg.special == PeriodGradeSpecial.NOT_CERTIFIED for _s, pg in marks):
            row.not_certified += 1
    figures = class_figures(list(values_of.values()))
    for name in ("graded", "excellent", "good", "one_four", "one_three", "failing"):
        setattr(row, name, figures[name])
    all_values = [v for values in values_of.values() for v in values]
    row.marks = grade_counts(all_values)
    numbers = [v for v in all_values if isinstance(v, int)]
    row.marks_sum, row.marks_n = sum(numbers), len(numbers)
    row.no_grades = not per_student
    for student_id, marks in sorted(per_student.items(), key=lambda item: names[item[0]].full_name):
        bad = [(subjects[s], final_label(pg)) for s, pg in marks
               if final_value(pg) == NA or (isinstance(final_value(pg), int) and final_value(pg) <= 2)]
        if bad:
            row.failing_students.append((names[student_id], sorted(bad, key=lambda b: (b[0].order, b[0].pk))))
    return row


def achievement_summary(*, school, period, classes, restricted=False, compare_classes=None):
    """The summary for a study period over `classes` (an access-filtered ClassGroup queryset of
    the period's year; further filtered to the grades the period covers). Class rows, then a
    subtotal per parallel (when it has several classes) and per stage, then the total.
    With `compare_classes` (the same scope over every year) each row gets its dynamics against
    the previous period and the same period last year (selectors.dynamics)."""
    class_list = list(
        classes.filter(school=school, year_id=period.year_id, grade__gte=period.grade_from, grade__lte=period.grade_to)
        .select_related("class_teacher").order_by("grade", "letter")
    )
    class_ids = [c.pk for c in class_list]
    subjects = {s.pk: s for s in Subject.objects.filter(
        pk__in=TeachingAssignment.objects.filter(class_group_id__in=class_ids).values("subject_id"))}
    per_class = defaultdict(lambda: defaultdict(list))
    for pg in PeriodGrade.objects.filter(
        period=period, kind=PeriodGradeKind.PERIOD, assignment__class_group_id__in=class_ids
    ).only("student_id", "value", "special").annotate(
        class_id=F("assignment__class_group_id"), subject_id=F("assignment__subject_id")
    ):
        per_class[pg.class_id][pg.student_id].append((pg.subject_id, pg))
    marked_ids = {sid for students in per_class.values() for sid in students}
    names = {s.pk: s for s in Student.objects.filter(pk__in=marked_ids).only(
        "pk", "last_name", "first_name", "patronymic", "class_group_id", "status")}
    rules = list(AssessmentRule.objects.filter(school=school, year_id=period.year_id).prefetch_related("periods"))
    periods = list(StudyPeriod.objects.filter(year_id=period.year_id))
    movement = movement_report(school=school, start=period.start, end=period.end)
    by_class = {r.class_group.pk: r for r in movement.class_rows if r.class_group is not None}
    class_rows = []
    for cg in class_list:
        info = scale_for(cg, period, rules=rules, periods=periods, year=period.year)
        class_rows.append(_class_row(cg, per_class.get(cg.pk, {}), names, subjects, info, by_class.get(cg.pk)))
    rows, total = _with_subtotals(class_rows, restricted)
    summary = AchievementSummary(period=period, rows=rows, total=total, class_rows=class_rows, restricted=restricted)
    if compare_classes is not None:
        _compare(summary, school=school, classes=compare_classes, restricted=restricted)
    return summary


DYNAMICS_FIGURES = ("graded", "not_certified", "excellent", "good", "one_four", "one_three", "failing",
                    "pass_rate", "quality", "sou", "average")


def _row_key(row):
    if row.kind == "class":
        return ("class", row.class_group.grade, row.class_group.letter)
    return (row.kind, getattr(row, "grade", None), getattr(row, "stage", None))


def _compare(summary, *, school, classes, restricted):
    compare(summary, run=lambda period: achievement_summary(school=school, period=period, classes=classes,
                                                            restricted=restricted),
            rows_of=lambda s: [*s.rows, *([s.total] if s.total else [])], figures=DYNAMICS_FIGURES, key=_row_key)


def _with_subtotals(class_rows, restricted):
    out = []
    total = SummaryRow(label=str(_("Total of the classes shown") if restricted else _("School total")), kind="total")
    for key, low, high, label in STAGES:
        stage_rows = [r for r in class_rows if low <= r.class_group.grade <= high]
        if not stage_rows:
            continue
        stage = SummaryRow(label=str(label), kind="stage")
        stage.stage = key
        for grade in range(low, high + 1):
            grade_rows = [r for r in stage_rows if r.class_group.grade == grade]
            if not grade_rows:
                continue
            parallel = SummaryRow(label=str(_("Grade %(grade)s total") % {"grade": grade}), kind="grade")
            parallel.grade = grade
            for r in grade_rows:
                out.append(r)
                parallel.add(r)
            if len(grade_rows) > 1:
                out.append(parallel)
            stage.add(parallel)
        out.append(stage)
        total.add(stage)
    return out, (total if class_rows else None)

