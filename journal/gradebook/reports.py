"""Report figures of the class journal and the builders of its printed forms (R-J21, R-J22).

The figures (DOMAIN.md, "Report figures"), over a set of final grades (period grades):

- успеваемость (pass rate) = graded students with no 2 or 1 (and not "not certified") ÷
  graded students × 100 %;
- качество знаний (quality) = graded students with only 4 and 5 ÷ graded students × 100 %;
- СОУ (degree of learning) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n1) ÷ N %;
- average grade = mean of the numeric grades.

"Graded" counts every numeric grade and every "not certified" (н/а): a not-certified student
counts as failing and adds 0 to СОУ's numerator. "Exempt" students are left out entirely.
All figures are None when nothing is graded. Percentages are rounded to one decimal.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from journal.register.models import Student, StudentStatus, TeachingAssignment
from journal.register.selectors.subgroups import subgroup_student_ids

from .marks import ABSENCE_MARKS, special_mark
from .models import (
    AbsenceStatus,
    Attendance,
    Grade,
    Lesson,
    LessonStatus,
    PeriodGrade,
    PeriodGradeKind,
    PeriodGradeSpecial,
)

NA = "na"  # not certified
SOU_WEIGHTS = {5: 100, 4: 64, 3: 36, 2: 16, 1: 7}
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")

# --- the figures (pure functions) -----------------------------------------------------------

def grade_counts(values):
    """Counter of final grades: keys 5, 4, 3, 2, 1 and NA. `values` holds ints, NA, or None /
    "exempt" (ignored)."""
    counts = Counter({5: 0, 4: 0, 3: 0, 2: 0, 1: 0, NA: 0})
    for value in values:
        if value == NA:
            counts[NA] += 1
        elif isinstance(value, int) and 1 <= value <= 5:
            counts[value] += 1
    return counts


def graded(counts):
    return sum(counts[k] for k in (5, 4, 3, 2, 1, NA))


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def pass_rate(counts):
    """успеваемость, %: grades 3, 4, 5 ÷ all graded."""
    return _percent(counts[5] + counts[4] + counts[3], graded(counts))


def quality(counts):
    """качество знаний, %: grades 4 and 5 ÷ all graded."""
    return _percent(counts[5] + counts[4], graded(counts))


def sou(counts):
    """СОУ, %: (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n1) ÷ N, N = all graded."""
    n = graded(counts)
    if not n:
        return None
    points = sum(SOU_WEIGHTS[k] * counts[k] for k in SOU_WEIGHTS)
    return (Decimal(points) / Decimal(n)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def average(values):
    """Mean of the numeric grades (1–5 or points), two decimals; None when there are none."""
    numbers = [v for v in values if isinstance(v, int)]
    if not numbers:
        return None
    return (Decimal(sum(numbers)) / Decimal(len(numbers))).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


STUDENT_EXCELLENT = "excellent"   # only 5
STUDENT_ONE_FOUR = "one_four"     # all 5 but one 4
STUDENT_GOOD = "good"             # only 4 and 5 (more than one 4)
STUDENT_ONE_THREE = "one_three"   # one 3, the rest 4 and 5
STUDENT_SATISFACTORY = "satisfactory"
STUDENT_FAILING = "failing"       # a 2, a 1 or not certified


def student_standing(values):
    """Where a student stands by their final grades in all subjects (None: nothing graded)."""
    counts = grade_counts(values)
    if not graded(counts):
        return None
    if counts[2] or counts[1] or counts[NA]:
        return STUDENT_FAILING
    if counts[3] == 0:
        if counts[4] == 0:
            return STUDENT_EXCELLENT
        if counts[4] == 1:
            return STUDENT_ONE_FOUR
        return STUDENT_GOOD
    if counts[3] == 1:
        return STUDENT_ONE_THREE
    return STUDENT_SATISFACTORY


def class_figures(per_student_values):
    """Figures of a class from each student's final grades: {students, graded, excellent,
    one_four, good (only 4 and 5, incl. excellent and one_four), one_three, failing, pass_rate,
    quality}. pass rate and quality are over students here (a student passes with no 2/1/н/а
    in any subject; is of quality with only 4 and 5)."""
    standings = [student_standing(values) for values in per_student_values]
    done = [s for s in standings if s is not None]
    n = len(done)
    top = sum(1 for s in done if s in (STUDENT_EXCELLENT, STUDENT_ONE_FOUR, STUDENT_GOOD))
    failing = sum(1 for s in done if s == STUDENT_FAILING)
    return {
        "students": len(standings),
        "graded": n,
        "excellent": sum(1 for s in done if s == STUDENT_EXCELLENT),
        "one_four": sum(1 for s in done if s == STUDENT_ONE_FOUR),
        "good": top,
        "one_three": sum(1 for s in done if s == STUDENT_ONE_THREE),
        "failing": failing,
        "pass_rate": _percent(n - failing, n),
        "quality": _percent(top, n),
    }


def figures(values):
    """All subject-level figures of a list of final grades."""
    counts = grade_counts(values)
    return {
        "counts": counts,
        "n": {str(k): v for k, v in counts.items()},  # string keys for templates: n.5, n.na
        "graded": graded(counts),
        "pass_rate": pass_rate(counts),
        "quality": quality(counts),
        "sou": sou(counts),
        "average": average(values),
    }


def final_value(period_grade):
    """The value a PeriodGrade counts as: its number, NA, or None (exempt / empty)."""
    if period_grade is None:
        return None
    if period_grade.special == PeriodGradeSpecial.NOT_CERTIFIED:
        return NA
    if period_grade.special == PeriodGradeSpecial.EXEMPT:
        return None
    return period_grade.value


def final_label(period_grade):
    if period_grade is None:
        return ""
    if period_grade.special:
        return special_mark(period_grade.special)
    return "" if period_grade.value is None else str(period_grade.value)


# --- the printed forms: builders -------------------------------------------------------------

def class_students(class_group, *, extra_ids=()):
    """Students of the class (studying), plus students named in extra_ids (who left but have
    marks in the printed period), in alphabetical order."""
    return list(
        Student.objects.filter(
            Q(class_group=class_group, status=StudentStatus.STUDYING) | Q(pk__in=list(extra_ids))
        ).order_by("sort_key", "pk")
    )


@dataclass
class JournalCell:
    grades: list = field(default_factory=list)
    status: str = ""

    @property
    def absence(self):
        return ABSENCE_MARKS.get(self.status, "")

    @property
    def missed(self):
        return bool(self.status) and self.status != AbsenceStatus.LATE

    @property
    def text(self):
        parts = [str(self.absence)] if self.absence else []
        parts += [str(g) for g in self.grades]
        return " ".join(parts)


def class_journal(assignment, period, *, chunk=22):
    """The class journal of a subject for a study period: students × lesson dates (grades and
    absence marks) in column chunks that fit an A4 landscape page, then the lesson list.
    Six queries however many students and lessons."""
    lessons = list(
        Lesson.objects.filter(assignment=assignment, date__range=(period.start, period.end))
        .exclude(status=LessonStatus.CANCELLED)
        .select_related("plan_topic")
        .order_by("date", "lesson_number", "pk")
    )
    lesson_ids = [lesson.pk for lesson in lessons]
    grades = list(
        Grade.objects.filter(lesson_id__in=lesson_ids).order_by("lesson_id", "position").values_list(
            "lesson_id", "student_id", "value"
        )
    )
    absences = list(Attendance.objects.filter(lesson_id__in=lesson_ids).values_list("lesson_id", "student_id", "status"))
    marked = {s for _l, s, _v in grades} | {s for _l, s, _v in absences}
    students = class_students(assignment.class_group, extra_ids=marked)
    if assignment.subgroup:
        in_subgroup = subgroup_student_ids(assignment)
        if in_subgroup is not None:  # the subgroup's students, and anyone marked in its lessons
            students = [s for s in students if s.pk in in_subgroup or s.pk in marked]
        else:
            students = [s for s in students if s.pk in marked] or students
    cells = {}
    for lesson_id, student_id, value in grades:
        cells.setdefault((student_id, lesson_id), JournalCell()).grades.append(value)
    for lesson_id, student_id, status in absences:
        cells.setdefault((student_id, lesson_id), JournalCell()).status = status
    period_grades = {
        pg.student_id: pg
        for pg in PeriodGrade.objects.filter(assignment=assignment, period=period, kind=PeriodGradeKind.PERIOD)
    }
    rows = []
    for number, student in enumerate(students, start=1):
        values = [v for lesson in lessons for v in cells.get((student.pk, lesson.pk), JournalCell()).grades]
        missed = sum(1 for lesson in lessons if (c := cells.get((student.pk, lesson.pk))) and c.missed)
        rows.append({
            "number": number,
            "student": student,
            "left": student.status != StudentStatus.STUDYING or student.class_group_id != assignment.class_group_id,
            "cells": [cells.get((student.pk, lesson.pk), JournalCell()) for lesson in lessons],
            "average": average(values),
            "missed": missed,
            "final": final_label(period_grades.get(student.pk)),
        })
    chunks = []
    for start in range(0, max(len(lessons), 1), chunk):
        part = lessons[start:start + chunk]
        chunks.append({
            "lessons": part,
            "last": start + chunk >= len(lessons),
            "rows": [{**row, "cells": row["cells"][start:start + chunk]} for row in rows],
        })
    return {
        "assignment": assignment,
        "period": period,
        "lessons": lessons,
        "rows": rows,
        "chunks": chunks,
        "marks": [(ABSENCE_MARKS[s], s.label) for s in AbsenceStatus],
        "held": sum(1 for lesson in lessons if lesson.status == LessonStatus.HELD or lesson.topic),
    }


def period_sheet(class_group, period):
    """The period-grade sheet of a class: students × subjects with the period grades, counts
    and figures per subject, each student's average and standing, and the class figures.
    Five queries however many students and subjects."""
    assignments = list(
        TeachingAssignment.objects.filter(class_group=class_group).select_related("subject", "teacher")
        .order_by("subject__order", "subject__name_ky", "subgroup")
    )
    subjects = []
    seen = {}
    for a in assignments:
        if a.subject_id not in seen:
            seen[a.subject_id] = {"subject": a.subject, "teachers": []}
            subjects.append(seen[a.subject_id])
        if a.teacher not in seen[a.subject_id]["teachers"]:
            seen[a.subject_id]["teachers"].append(a.teacher)
    subject_of = {a.pk: a.subject_id for a in assignments}
    grades = {}
    for pg in PeriodGrade.objects.filter(
        assignment__class_group=class_group, period=period, kind=PeriodGradeKind.PERIOD
    ):
        grades[(pg.student_id, subject_of.get(pg.assignment_id))] = pg
    students = class_students(class_group, extra_ids={s for s, _subj in grades})
    absences = Counter()
    ill = Counter()
    excused = Counter()
    for student_id, status in Attendance.objects.filter(
        lesson__assignment__class_group=class_group, lesson__date__range=(period.start, period.end),
    ).exclude(status=AbsenceStatus.LATE).values_list("student_id", "status"):
        absences[student_id] += 1
        if status == AbsenceStatus.ILL:
            ill[student_id] += 1
        elif status == AbsenceStatus.EXCUSED:
            excused[student_id] += 1
    rows = []
    per_subject = {s["subject"].pk: [] for s in subjects}
    per_student = []
    for number, student in enumerate(students, start=1):
        cells = []
        values = []
        for s in subjects:
            pg = grades.get((student.pk, s["subject"].pk))
            value = final_value(pg)
            cells.append(final_label(pg))
            if pg is not None:
                per_subject[s["subject"].pk].append(value)
            if value is not None:
                values.append(value)
        per_student.append(values)
        rows.append({
            "number": number,
            "student": student,
            "cells": cells,
            "average": average(values),
            "standing": student_standing(values),
            "missed": absences[student.pk],
            "ill": ill[student.pk],
            "excused": excused[student.pk],
        })
    subject_figures = [figures(per_subject[s["subject"].pk]) for s in subjects]
    all_values = [v for values in per_student for v in values]
    return {
        "class_group": class_group,
        "period": period,
        "subjects": subjects,
        # fixed widths let the PDF renderer skip measuring every cell: 19.7 cm for the subjects
        "subject_width": f"{19.7 / max(len(subjects), 1):.2f}cm",
        "rows": rows,
        "subject_figures": subject_figures,
        "overall": figures(all_values),
        "class": class_figures(per_student),
        "missed": sum(absences.values()),
        "missed_ill": sum(ill.values()),
        "missed_excused": sum(excused.values()),
    }
