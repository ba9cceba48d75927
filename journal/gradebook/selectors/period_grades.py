"""Reads for the period-grades page: per student the grades' summary and the suggestion, or
(for the year) the quarter / half-year grades and the year suggestion; the saved grades."""

from dataclasses import dataclass, field

from journal.register.models import PeriodKind

from ..models import Grade, LessonStatus, PeriodGrade, PeriodGradeKind, PeriodLockEvent
from ..services.grade_types import grade_types_ensure_defaults
from ..services.period_grades import EXAM_GRADES, year_grade_suggestion
from ..services.scales import scale_for
from .grid import class_students, grid_periods, summarize


@dataclass
class SheetRow:
    number: int
    student: object
    suggestion: object
    saved: dict = field(default_factory=dict)  # kind -> PeriodGrade
    period_values: list = field(default_factory=list)  # for the year: [PeriodGrade | None] per period


def period_sheet(*, assignment, period, periods):
    """Constant number of queries."""
    class_group = assignment.class_group
    scale = scale_for(class_group, period, periods=periods, year=class_group.year)
    students = list(class_students(class_group))
    ids = [s.pk for s in students]
    rows = []
    if period.kind != PeriodKind.YEAR:
        types_by_id = {t.pk: t for t in grade_types_ensure_defaults(assignment.school)}
        grades = {}
        for g in Grade.objects.filter(
            lesson__assignment=assignment, lesson__date__gte=period.start, lesson__date__lte=period.end,
            student_id__in=ids,
        ).exclude(lesson__status=LessonStatus.CANCELLED):
            grades.setdefault(g.student_id, []).append(g)
        saved = {pg.student_id: pg for pg in PeriodGrade.objects.filter(
            period=period, assignment=assignment, kind=PeriodGradeKind.PERIOD)}
        for number, student in enumerate(students, start=1):
            suggestion = summarize(grades.get(student.pk, []), types_by_id, hours_per_week=assignment.hours_per_week,
                                   suggest_value=scale.is_five or scale.is_points)
            rows.append(SheetRow(number=number, student=student, suggestion=suggestion,
                                 saved={PeriodGradeKind.PERIOD: saved.get(student.pk)}))
        return {"rows": rows, "scale": scale, "kinds": [PeriodGradeKind.PERIOD], "sub_periods": []}

    sub_periods = grid_periods(periods)
    all_grades = PeriodGrade.objects.filter(assignment=assignment, period__in=[*sub_periods, period])
    by_student = {}
    for pg in all_grades:
        by_student.setdefault(pg.student_id, []).append(pg)
    has_exams = class_group.grade in EXAM_GRADES
    for number, student in enumerate(students, start=1):
        own = by_student.get(student.pk, [])
        in_periods = {pg.period_id: pg for pg in own if pg.period_id != period.pk and pg.kind == PeriodGradeKind.PERIOD}
        values = [in_periods.get(p.pk) for p in sub_periods]
        saved = {pg.kind: pg for pg in own if pg.period_id == period.pk}
        if any(k != PeriodGradeKind.PERIOD for k in saved):
            has_exams = True
        suggestion = year_grade_suggestion([v for v in values if v is not None], expected=len(sub_periods))
        if not scale.is_five:
            suggestion.value = None
        rows.append(SheetRow(number=number, student=student, suggestion=suggestion, saved=saved,
                             period_values=values))
    kinds = [PeriodGradeKind.PERIOD] + ([PeriodGradeKind.EXAM, PeriodGradeKind.FINAL] if has_exams else [])
    return {"rows": rows, "scale": scale, "kinds": kinds, "sub_periods": sub_periods}


def lock_events(year, limit=30):
    return list(PeriodLockEvent.objects.filter(period__year=year).select_related("period", "by")[:limit])
