"""The achievement summary («Итоги успеваемости», R-J5, R-J22): the one report service.

Every figure of a class is computed here ONCE: the database counts them (FIGURES_SQL: the period
grades grouped per student, then per class) with the rules of journal/gradebook/reports.py
(final_value, grade_counts, class_figures — the functions that build the class period-grade
sheet; tests/journal/reports/test_achievement_aggregate.py holds the aggregate to them on random
schools): per class the roll at the start and the end of the period (from the movement book),
graded students, not certified (н/а), exempt, excellent (only 5), only 4 and 5, with one 4, with
one 3, failing (a 2, a 1 or н/а) with their names and subjects, pass rate, quality, СОУ and the
average grade. Parallels, stages and the school add the class rows up (percentages are
recomputed from the sums, never averaged). The periods the dynamics compare with are counted by
the same statement.

Denominator rule: "graded" = students with at least one period grade or н/а in the period;
exempt subjects are left out of a student's marks, a student exempt in every subject is not
graded; н/а counts as graded and failing and adds 0 to СОУ. Classes assessed without marks
(R-J17) are listed as such and count in the roll only.

Queries: a constant number however many classes and students (guarded by a test).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from journal.gradebook.marks import special_mark
from journal.gradebook.models import AssessmentRule, PeriodGrade, PeriodGradeKind, PeriodGradeSpecial
from journal.gradebook.reports import NA, TWO_DECIMALS, _percent, grade_counts, sou
from journal.gradebook.services.scales import scale_for
from journal.register.models import Student, StudyPeriod, Subject, TeachingAssignment
from journal.register.reports.movement import movement_report

from .dynamics import attach, candidate_periods, pick_comparison_periods

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
    """Study periods of a year a report can be built for (the year's own periods, in order; their
    `year` is the given one, no query each)."""
    periods = list(StudyPeriod.objects.filter(year=year, year__school=school).order_by("start", "grade_from", "kind"))
    for p in periods:
        p.year = year
    return periods


# One statement for the figures of every class in every period asked for: each period grade as
# its final value v (the number; -1 н/а; -2 exempt), grouped per student (how many 5, 4, 3, 2, 1
# and н/а, exempt or not, the sum and the number of the numeric marks), then per class, with the
# rules of class_figures/grade_counts/final_value: a grade counts as its number unless it is н/а
# (NA) or exempt (left out); a student
# is graded with at least one mark 1–5 or н/а; failing with a 2, a 1 or н/а; only 5 / only 4 and 5
# / one 4 / one 3 among the students who are graded and not failing.
FIGURES_SQL = """
SELECT period_id, class_id, COUNT(*) AS students,
       COUNT(*) FILTER (WHERE n5 + n4 + n3 + n2 + n1 + na > 0) AS graded,
       COUNT(*) FILTER (WHERE na > 0) AS not_certified,
       COUNT(*) FILTER (WHERE exempt > 0) AS exempt,
       COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n5 > 0 AND n4 = 0 AND n3 = 0) AS excellent,
       COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n5 + n4 > 0 AND n3 = 0) AS good,
       COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n4 = 1 AND n3 = 0) AS one_four,
       COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n3 = 1) AS one_three,
       COUNT(*) FILTER (WHERE n2 + n1 + na > 0) AS failing,
       SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n1), SUM(na), SUM(marks_sum), SUM(marks_n)
FROM (
    SELECT period_id, class_id, student_id,
           COUNT(*) FILTER (WHERE v = -1) AS na, COUNT(*) FILTER (WHERE v = -2) AS exempt,
           COUNT(*) FILTER (WHERE v = 5) AS n5, COUNT(*) FILTER (WHERE v = 4) AS n4,
           COUNT(*) FILTER (WHERE v = 3) AS n3, COUNT(*) FILTER (WHERE v = 2) AS n2,
           COUNT(*) FILTER (WHERE v = 1) AS n1,
           COALESCE(SUM(v) FILTER (WHERE v >= 0), 0) AS marks_sum, COUNT(v) FILTER (WHERE v >= 0) AS marks_n
    FROM (
        SELECT pg.period_id AS period_id, ta.class_group_id AS class_id, pg.student_id AS student_id,
               CASE WHEN pg.special = %(na)s THEN -1 WHEN pg.special = %(exempt)s THEN -2 ELSE pg.value END AS v
        FROM {period_grade} pg JOIN {assignment} ta ON ta.id = pg.assignment_id
        WHERE pg."school_id" = %(school)s AND pg.kind = %(kind)s AND pg.period_id IN ({periods})
          AND ta.class_group_id IN ({classes})
    ) grades
    GROUP BY period_id, class_id, student_id
) per_student
GROUP BY period_id, class_id
"""
FIGURE_COLUMNS = ("students", "graded", "not_certified", "exempt", "excellent", "good", "one_four", "one_three",
                  "failing", 5, 4, 3, 2, 1, NA, "marks_sum", "marks_n")


def _class_figures(pairs, school):
    """{(period id, class id): {figure: int}} for pairs [(period id, [class ids])] of the school's
    classes (one query; the school's condition in the query too, as every read of school rows)."""
    period_ids = sorted({p for p, class_ids in pairs if class_ids})
    class_ids = sorted({c for _p, class_ids in pairs for c in class_ids})
    if not period_ids or not class_ids:
        return {}
    params = {"na": PeriodGradeSpecial.NOT_CERTIFIED, "exempt": PeriodGradeSpecial.EXEMPT,
              "kind": PeriodGradeKind.PERIOD, "school": school.pk}
    params.update({f"p{i}": pk for i, pk in enumerate(period_ids)})
    params.update({f"c{i}": pk for i, pk in enumerate(class_ids)})
    sql = FIGURES_SQL.format(
        period_grade=connection.ops.quote_name(PeriodGrade._meta.db_table),
        assignment=connection.ops.quote_name(TeachingAssignment._meta.db_table),
        periods=", ".join(f"%(p{i})s" for i in range(len(period_ids))),
        classes=", ".join(f"%(c{i})s" for i in range(len(class_ids))),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(row[0], row[1]): dict(zip(FIGURE_COLUMNS, (int(v or 0) for v in row[2:]), strict=True))
                for row in cursor.fetchall()}


STUDENT_FIELDS = ("last_name", "first_name", "patronymic")
SUBJECT_FIELDS = ("order", "name_ky", "name_ru", "short_ky", "short_ru")


def _failing_students(period, class_ids):
    """{class id: [(student, [(subject, mark)])]}: students with a 2 (or lower), a 1 or н/а in the
    period, by name, their subjects in the subjects' order (one query of plain values; one Student
    and one Subject object each, with the fields the names need)."""
    grades = (
        PeriodGrade.objects.filter(period=period, kind=PeriodGradeKind.PERIOD, assignment__class_group_id__in=class_ids)
        .filter(Q(special=PeriodGradeSpecial.NOT_CERTIFIED)
                | (Q(value__lte=2) & ~Q(special__in=[PeriodGradeSpecial.NOT_CERTIFIED, PeriodGradeSpecial.EXEMPT])))
        .values_list("assignment__class_group_id", "value", "special", "student_id",
                     *(f"student__{name}" for name in STUDENT_FIELDS), "assignment__subject_id",
                     *(f"assignment__subject__{name}" for name in SUBJECT_FIELDS))
    )
    students, subjects = {}, {}
    bad = defaultdict(dict)  # class id -> student id -> (student, [(subject, mark)])
    n = len(STUDENT_FIELDS)
    for class_id, value, special, student_id, *rest in grades:
        student = students.get(student_id)
        if student is None:
            student = students[student_id] = Student(pk=student_id, **dict(zip(STUDENT_FIELDS, rest[:n], strict=True)))
        subject_id = rest[n]
        subject = subjects.get(subject_id)
        if subject is None:
            subject = subjects[subject_id] = Subject(pk=subject_id, **dict(zip(SUBJECT_FIELDS, rest[n + 1:], strict=True)))
        mark = special_mark(special) if special else str(value)
        bad[class_id].setdefault(student_id, (student, []))[1].append((subject, mark))
    return {
        class_id: [(student, sorted(marks, key=lambda b: (b[0].order, b[0].pk)))
                   for student, marks in sorted(by_student.values(), key=lambda item: item[0].full_name)]
        for class_id, by_student in bad.items()
    }


def _class_row(class_group, figures, scale_info, movement_row=None, failing_students=()):
    """One class's row from its aggregated figures (None: no period grade at all)."""
    row = SummaryRow(label=str(class_group), class_group=class_group)
    if movement_row is not None:
        row.start, row.end = movement_row.start, movement_row.end
        row.arrived, row.left = movement_row.arrived, movement_row.left
    if not scale_info.marks_allowed:
        row.without_marks = True
        return row
    if figures is None:
        row.no_grades = True
        return row
    for name in ("graded", "not_certified", "exempt", "excellent", "good", "one_four", "one_three", "failing",
                 "marks_sum", "marks_n"):
        setattr(row, name, figures[name])
    row.marks = Counter({k: figures[k] for k in (5, 4, 3, 2, 1, NA)})
    row.failing_students = list(failing_students)
    return row


def achievement_summary(*, school, period, classes, restricted=False, compare_classes=None):
    """The summary for a study period over `classes` (an access-filtered ClassGroup queryset of
    the period's year; further filtered to the grades the period covers). Class rows, then a
    subtotal per parallel (when it has several classes) and per stage, then the total.
    With `compare_classes` (the same scope over every year) each row gets its dynamics against
    the previous period and the same period last year (selectors.dynamics); their summaries are
    computed in the same pass (the same statement) and carry the figures the dynamics compare
    (the marks), not the roll or the names of the failing students, which only this period shows."""
    candidates = list(candidate_periods(period)) if compare_classes is not None else list(
        StudyPeriod.objects.filter(year_id=period.year_id).select_related("year"))
    others = pick_comparison_periods(period, candidates) if compare_classes is not None else {}
    others = {which: p for which, p in others.items() if p is not None}
    year_ids = {period.year_id} | {p.year_id for p in others.values()}
    periods_of = defaultdict(list)
    for p in candidates:
        if p.year_id in year_ids:
            periods_of[p.year_id].append(p)
    year_of = {p.year_id: p.year for ps in periods_of.values() for p in ps}
    rules_of = defaultdict(list)
    for rule in AssessmentRule.objects.filter(school=school, year_id__in=year_ids).prefetch_related("periods"):
        rules_of[rule.year_id].append(rule)

    def scope(qs, p):
        return qs.filter(school=school, year_id=p.year_id, grade__gte=p.grade_from, grade__lte=p.grade_to)

    class_list = list(scope(classes, period).select_related("class_teacher").order_by("grade", "letter"))
    lists = {period.pk: class_list}
    if others:
        other_classes = compare_classes.filter(
            school=school, year_id__in={p.year_id for p in others.values()},
            grade__gte=min(p.grade_from for p in others.values()), grade__lte=max(p.grade_to for p in others.values()),
        ).select_related("class_teacher").order_by("grade", "letter")
        other_classes = list(other_classes)
        for p in others.values():
            lists[p.pk] = [cg for cg in other_classes
                           if cg.year_id == p.year_id and p.grade_from <= cg.grade <= p.grade_to]
    figures = _class_figures([(p_id, [c.pk for c in cl]) for p_id, cl in lists.items()], school)
    class_ids = [c.pk for c in class_list]
    failing = _failing_students(period, class_ids) if class_ids else {}
    movement = movement_report(school=school, start=period.start, end=period.end)
    by_class = {r.class_group.pk: r for r in movement.class_rows if r.class_group is not None}

    def summary_of(p, with_roll):
        year = year_of.get(p.year_id, p.year)
        rows = []
        for cg in lists[p.pk]:
            info = scale_for(cg, p, rules=rules_of[p.year_id], periods=periods_of[p.year_id], year=year)
            rows.append(_class_row(cg, figures.get((p.pk, cg.pk)), info,
                                   by_class.get(cg.pk) if with_roll else None,
                                   failing.get(cg.pk, ()) if with_roll else ()))
        out, total = _with_subtotals(rows, restricted)
        return AchievementSummary(period=p, rows=out, total=total, class_rows=rows, restricted=restricted)

    summary = summary_of(period, with_roll=True)
    if compare_classes is not None:
        compared = {}
        for which, other_period in others.items():
            other = summary_of(other_period, with_roll=False)
            summary.comparisons[which] = other
            compared[which] = (other_period, _rows_of(other))
        attach(_rows_of(summary), compared, DYNAMICS_FIGURES, _row_key, counted=lambda row: row.graded > 0)
    return summary


def _rows_of(summary):
    return [*summary.rows, *([summary.total] if summary.total else [])]


DYNAMICS_FIGURES = ("graded", "not_certified", "excellent", "good", "one_four", "one_three", "failing",
                    "pass_rate", "quality", "sou", "average")


def _row_key(row):
    if row.kind == "class":
        return ("class", row.class_group.grade, row.class_group.letter)
    return (row.kind, getattr(row, "grade", None), getattr(row, "stage", None))


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

