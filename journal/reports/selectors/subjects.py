"""Achievement per subject and per teacher for a study period (R-J5, R-J22).

Over the period grades (not over students): per subject across the classes shown, and per
teacher across their classes and subjects (what a teacher brings to attestation), each with the
counts of 5, 4, 3, 2, 1 and н/а, pass rate = 3–5 ÷ graded, quality = 4–5 ÷ graded, СОУ and the
average (formulas of journal/gradebook/reports.py). Exempt period grades are left out; classes
assessed without marks (R-J17) are left out. Queries: a constant number (guarded by a test)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from journal.gradebook.models import AssessmentRule, PeriodGrade, PeriodGradeKind
from journal.gradebook.reports import average, final_value, grade_counts, graded, pass_rate, quality, sou
from journal.gradebook.services.scales import scale_for
from journal.register.models import StaffMember, StudyPeriod, Subject

from .dynamics import compare


@dataclass
class FigureRow:
    label: str
    kind: str = "row"        # row, subtotal, total
    subject: object = None
    teacher: object = None
    class_group: object = None
    assignment_id: int | None = None
    values: list = field(default_factory=list)
    classes: set = field(default_factory=set)
    dynamics: dict = field(default_factory=dict)  # {figure: [Change]} (selectors.dynamics)

    @property
    def counts(self):
        return grade_counts(self.values)

    @property
    def graded(self):
        return graded(self.counts)

    def count(self, key):
        return self.counts[key]

    @property
    def fives(self):
        return self.counts[5]

    @property
    def fours(self):
        return self.counts[4]

    @property
    def threes(self):
        return self.counts[3]

    @property
    def twos(self):
        return self.counts[2] + self.counts[1]

    @property
    def not_certified(self):
        from journal.gradebook.reports import NA

        return self.counts[NA]

    @property
    def pass_rate(self):
        return pass_rate(self.counts)

    @property
    def quality(self):
        return quality(self.counts)

    @property
    def sou(self):
        return sou(self.counts)

    @property
    def average(self):
        return average(self.values)


@dataclass
class SubjectSummary:
    period: object
    by_subject: list        # FigureRow per subject, then the total
    by_teacher: list        # per teacher: a row per class and subject, then the teacher's subtotal
    total: FigureRow | None
    comparisons: dict = field(default_factory=dict)  # {PREVIOUS/LAST_YEAR: SubjectSummary}

    @property
    def subject_rows(self):
        return [*self.by_subject, *([self.total] if self.total else [])]

    @property
    def teacher_rows(self):
        return [row for subtotal, items in self.by_teacher for row in (subtotal, *items)]


def _marked_classes(class_list, period):
    rules = list(AssessmentRule.objects.filter(school_id=period.year.school_id, year_id=period.year_id)
                 .prefetch_related("periods"))
    periods = list(StudyPeriod.objects.filter(year_id=period.year_id))
    return [cg for cg in class_list
            if scale_for(cg, period, rules=rules, periods=periods, year=period.year).marks_allowed]


def subject_summary(*, school, period, classes, assignments=None, compare_classes=None):
    """Figures per subject and per teacher over `classes` (an access-filtered queryset) and, when
    given, only the teaching assignments of `assignments` (access.report_assignments: a teacher
    sees their own subjects, a class teacher every subject of their class)."""
    class_list = list(classes.filter(school=school, year_id=period.year_id, grade__gte=period.grade_from,
                                     grade__lte=period.grade_to).order_by("grade", "letter"))
    class_list = _marked_classes(class_list, period)
    by_id = {c.pk: c for c in class_list}
    grades = PeriodGrade.objects.filter(period=period, kind=PeriodGradeKind.PERIOD,
                                        assignment__class_group_id__in=list(by_id))
    if assignments is not None:
        grades = grades.filter(assignment__in=assignments)
    rows = defaultdict(list)   # (subject id, teacher id, class id, assignment id) -> values
    for value, special, subject_id, teacher_id, class_id, assignment_id in grades.annotate(
        subject_id=F("assignment__subject_id"), teacher_id=F("assignment__teacher_id"),
        class_id=F("assignment__class_group_id"),
    ).values_list("value", "special", "subject_id", "teacher_id", "class_id", "assignment_id"):
        pg = PeriodGrade(value=value, special=special)
        rows[(subject_id, teacher_id, class_id, assignment_id)].append(final_value(pg))
    subjects = {s.pk: s for s in Subject.objects.filter(pk__in={k[0] for k in rows})}
    teachers = {t.pk: t for t in StaffMember.objects.filter(pk__in={k[1] for k in rows if k[1]})}
    total = FigureRow(label=str(_("Total")), kind="total")
    per_subject = {}
    for (subject_id, _teacher_id, class_id, _a), values in rows.items():
        row = per_subject.setdefault(subject_id, FigureRow(label=subjects[subject_id].name, subject=subjects[subject_id]))
        row.values += values
        row.classes.add(class_id)
        total.values += values
        total.classes.add(class_id)
    by_subject = sorted(per_subject.values(), key=lambda r: (r.subject.order, r.subject.name))
    per_teacher = defaultdict(list)
    for (subject_id, teacher_id, class_id, assignment_id), values in rows.items():
        cg = by_id[class_id]
        per_teacher[teacher_id].append(FigureRow(
            label=f"{cg} · {subjects[subject_id].name}", subject=subjects[subject_id], class_group=cg,
            teacher=teachers.get(teacher_id), assignment_id=assignment_id, values=list(values), classes={class_id}))
    by_teacher = []
    for teacher_id in sorted(per_teacher, key=lambda t: (teachers[t].full_name if t in teachers else "")):
        items = sorted(per_teacher[teacher_id], key=lambda r: (r.class_group.grade, r.class_group.letter,
                                                               r.subject.order, r.subject.name))
        person = teachers.get(teacher_id)
        subtotal = FigureRow(label=person.short_name if person else "—", kind="subtotal", teacher=person)
        for item in items:
            subtotal.values += item.values
            subtotal.classes |= item.classes
        by_teacher.append((subtotal, items))
    summary = SubjectSummary(period=period, by_subject=by_subject, by_teacher=by_teacher,
                             total=total if rows else None)
    if compare_classes is not None:
        _compare(summary, school=school, classes=compare_classes, assignments=assignments)
    return summary


DYNAMICS_FIGURES = ("graded", "fives", "fours", "threes", "twos", "not_certified", "pass_rate", "quality", "sou",
                    "average")


def _row_key(row):
    return ("subject", row.subject.pk) if row.kind == "row" else (row.kind,)


def _compare(summary, *, school, classes, assignments):
    """Dynamics of the subject rows and the total (selectors.dynamics)."""
    compare(summary, run=lambda period: subject_summary(school=school, period=period, classes=classes,
                                                        assignments=assignments),
            rows_of=lambda s: s.subject_rows, figures=DYNAMICS_FIGURES, key=_row_key)
