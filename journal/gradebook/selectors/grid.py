"""The journal grid of a teaching assignment for a study period: students down, lessons across,
grades and absences in the cells, weighted averages, the suggested and the saved period grade.

A constant number of queries however many students and lessons (students, lessons, grades,
absences, grade types, period grades, scale rules + their periods, the class's periods).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.cache import cache
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from journal.register.models import MovementRecord, PeriodKind, StudentStatus, StudyPeriod
from journal.register.models import Student as StudentModel
from journal.register.selectors.enrolment import Enrolment, class_roll
from journal.register.selectors.enrolment import _windows as enrolment_from_records
from journal.register.selectors.subgroups import restrict_to_subgroup, subgroup_student_ids

from ..marks import absence_mark, special_mark
from ..models import AssessmentRule, Attendance, Grade, Lesson, LessonStatus, PeriodGrade, PeriodGradeKind
from ..rules import min_grades_by_progress
from ..services import common as journal_common
from ..services.grade_types import default_type_for_lesson, grade_types_ensure_defaults
from ..services.period_grades import period_grade_suggestion
from ..services.scales import scale_for

# --- periods ---------------------------------------------------------------------------------


def class_periods(class_group):
    """All study periods of the class's year covering its grade, in date order (1 query)."""
    return [
        p for p in StudyPeriod.objects.filter(
            year_id=class_group.year_id, grade_from__lte=class_group.grade, grade_to__gte=class_group.grade,
        ).select_related("year").order_by("start", "kind")
    ]


def grid_periods(periods):
    """The periods a grid can show: quarters or half-years (not the year)."""
    return [p for p in periods if p.kind != PeriodKind.YEAR]


def current_period(periods, today=None):
    """The period containing today; else the last one that started; else the first."""
    today = today or timezone.localdate()
    if not periods:
        return None
    for p in periods:
        if p.start <= today <= p.end:
            return p
    started = [p for p in periods if p.start <= today]
    return started[-1] if started else periods[0]


def year_period(periods):
    for p in periods:
        if p.kind == PeriodKind.YEAR:
            return p
    return None


# --- cells -----------------------------------------------------------------------------------


def grade_state(grade):
    return [grade.position, grade.value, grade.version, grade.grade_type_id]


def cell_text(grades, absence):
    parts = []
    if absence is not None:
        parts.append(absence_mark(absence.status))
    parts.extend(str(g.value) for g in grades)
    return " ".join(parts)


def cell_state(*, lesson, student_id, grades=None):
    """The current content of one cell (2 queries, 1 with the cell's `grades` given): for API answers."""
    if grades is None:
        grades = list(Grade.objects.filter(lesson=lesson, student_id=student_id).order_by("position"))
    absence = Attendance.objects.filter(lesson=lesson, student_id=student_id).first()
    return cell_json(grades, absence)


def cell_json(grades, absence):
    """The content of one cell (its grades by position, its absence) for API answers."""
    return {
        "g": [grade_state(g) for g in grades],
        "a": [absence.status, absence.version] if absence else None,
        "text": cell_text(grades, absence),
    }


def period_grade_state(pg):
    if pg is None:
        return None
    return [pg.value, pg.special, pg.version]


def period_grade_text(pg):
    if pg is None:
        return ""
    return special_mark(pg.special) if pg.special else str(pg.value)


def cell_html(grades, absence, written_ids):
    """The cell's content as the page shows it (the script renders it the same way)."""
    parts = []
    if absence is not None:
        parts.append(format_html('<span class="gb-abs abs-{}">{}</span>', absence.status, absence_mark(absence.status)))
    for g in grades:
        parts.append(format_html('<span class="gb-g{}">{}</span>', " is-w" if g.grade_type_id in written_ids else "",
                                 g.value))
    return mark_safe(" ".join(parts))  # noqa: S308 - every part is escaped by format_html


@dataclass
class GridCell:
    lesson_id: int
    grades: list = field(default_factory=list)
    absence: object = None
    written_ids: frozenset = frozenset()
    off: bool = False  # the student was not in the class on the lesson's date: no input

    @property
    def text(self):
        return cell_text(self.grades, self.absence)

    @property
    def html(self):
        return cell_html(self.grades, self.absence, self.written_ids)

    @property
    def status(self):
        return self.absence.status if self.absence else ""

    def state(self):
        return {"g": [grade_state(g) for g in self.grades], "a": [self.absence.status, self.absence.version]
                if self.absence else None}


@dataclass
class GridColumn:
    lesson: Lesson
    grade_type: object

    @property
    def is_control(self):
        return self.grade_type is not None and self.grade_type.is_written


@dataclass
class GridRow:
    number: int
    student: object
    cells: list
    suggestion: object
    period_grade: object = None
    enrolment: object = None  # journal.register.selectors.enrolment.Enrolment
    left: bool = False        # no longer in the class (shown for the dates they were in it)

    @property
    def average_display(self):
        return number_format(self.suggestion.average, 2) if self.suggestion.average is not None else ""

    @property
    def period_grade_text(self):
        return period_grade_text(self.period_grade)


@dataclass
class Grid:
    assignment: object
    period: object
    periods: list
    scale: object
    types: list
    columns: list
    rows: list
    months: list
    locked: bool

    def cells_json(self):
        """{"lesson:student": {"g": [[position, value, version, type id]], "a": [status, version]}} for
        the non-empty cells, and the saved period grades {student: [value, special, version]}."""
        cells = {}
        period_grades = {}
        for row in self.rows:
            for cell in row.cells:
                if cell.grades or cell.absence:
                    cells[f"{cell.lesson_id}:{row.student.pk}"] = cell.state()
            if row.period_grade is not None:
                period_grades[str(row.student.pk)] = period_grade_state(row.period_grade)
        return cells, period_grades


def class_students(class_group):
    """The students of the class now studying, in journal order (queryset)."""
    return StudentModel.objects.filter(
        school_id=class_group.school_id, class_group=class_group, status=StudentStatus.STUDYING,
    ).order_by("sort_key", "pk")


def period_lessons(assignment, period):
    """Lessons of the assignment in the period, cancelled ones left out (queryset)."""
    return (
        Lesson.objects.filter(assignment=assignment, date__gte=period.start, date__lte=period.end)
        .exclude(status=LessonStatus.CANCELLED)
        .select_related("plan_topic")
        .order_by("date", "lesson_number", "pk")
    )


def _months(columns):
    months = []
    for column in columns:
        month = column.lesson.date.month
        if months and months[-1]["month"] == month:
            months[-1]["span"] += 1
        else:
            months.append({"month": month, "label": MONTHS[month], "span": 1})
    return months


def summarize(grades, types_by_id, *, hours_per_week, suggest_value, expected=None):
    """The suggestion for one student from their grades in the period (no queries); `expected`:
    the pro-rated minimum (expected_grades) for a running period."""
    items = []
    for g in grades:
        t = types_by_id.get(g.grade_type_id)
        items.append((g.value, t.weight if t else 1, t.is_written if t else False))
    return period_grade_suggestion(items, hours_per_week=hours_per_week, suggest_value=suggest_value, expected=expected)


def expected_grades(hours_per_week, lesson_dates, today=None):
    """The "too few grades" threshold so far: the period's minimum pro-rated by the share of its
    (not cancelled) lessons dated up to today — the fill control's rule (rules.py)."""
    today = today or journal_common.school_today()
    lesson_dates = list(lesson_dates)
    held = sum(1 for d in lesson_dates if d <= today)
    return min_grades_by_progress(hours_per_week, held=held, total=len(lesson_dates))


def journal_grid(*, assignment, period, periods=None):
    """Build the grid. `assignment` with class_group (and its year) select_related;
    `periods`: class_periods(class_group) when the caller has them."""
    class_group = assignment.class_group
    if periods is None:
        periods = class_periods(class_group)
    rules = assessment_rules(class_group)
    scale = scale_for(class_group, period, rules=rules, periods=periods, year=class_group.year)
    types = grade_types_ensure_defaults(assignment.school)
    types_by_id = {t.pk: t for t in types}
    written_ids = frozenset(t.pk for t in types if t.is_written)

    roll = class_roll(class_group=class_group, start=period.start, end=period.end)
    in_subgroup = subgroup_student_ids(assignment)
    if in_subgroup is not None:  # a subgroup's journal lists only its students
        roll = [row for row in roll if row[0].pk in in_subgroup]
    lessons = list(period_lessons(assignment, period))
    lesson_ids = [lesson.pk for lesson in lessons]
    grades_by_key = {}
    absences = {}
    if lesson_ids:
        for g in Grade.objects.filter(lesson_id__in=lesson_ids).order_by("position"):
            grades_by_key.setdefault((g.lesson_id, g.student_id), []).append(g)
        for a in Attendance.objects.filter(lesson_id__in=lesson_ids):
            absences[(a.lesson_id, a.student_id)] = a
    period_grades = {
        pg.student_id: pg for pg in PeriodGrade.objects.filter(
            period=period, assignment=assignment, kind=PeriodGradeKind.PERIOD)
    }
    columns = [GridColumn(lesson=lesson, grade_type=default_type_for_lesson(lesson, types)) for lesson in lessons]
    expected = expected_grades(assignment.hours_per_week, (lesson.date for lesson in lessons))
    rows = []
    for number, (student, enrolment, left) in enumerate(roll, start=1):
        cells = []
        all_grades = []
        for lesson in lessons:
            key = (lesson.pk, student.pk)
            grades = grades_by_key.get(key, [])
            all_grades.extend(grades)
            cells.append(GridCell(lesson_id=lesson.pk, grades=grades, absence=absences.get(key),
                                  written_ids=written_ids, off=not enrolment.covers(lesson.date)))
        suggestion = summarize(all_grades, types_by_id, hours_per_week=assignment.hours_per_week,
                               suggest_value=scale.is_five or scale.is_points, expected=expected)
        rows.append(GridRow(number=number, student=student, cells=cells, suggestion=suggestion,
                            period_grade=period_grades.get(student.pk), enrolment=enrolment, left=left))
    locked = period.year.archived_at is not None or any(
        p.is_closed and p.start <= period.end and p.end >= period.start for p in periods)
    return Grid(assignment=assignment, period=period, periods=periods, scale=scale, types=types, columns=columns,
                rows=rows, months=_months(columns), locked=locked)


RULES_KEY = "mektep:assessment-rules:{year}"  # a year is of one school
RULES_TIMEOUT = 10 * 60


def assessment_rules(class_group):
    """The assessment rules of the class's school and year, for scale_for(rules=...): from the
    cache (a school sets them up once a year; every change of a rule or a study period drops the
    entry, see forget_assessment_rules), else 1 query, 2 when there are rules."""
    key = RULES_KEY.format(year=class_group.year_id)
    rules = cache.get(key)
    if rules is None:
        rules = list(AssessmentRule.objects.filter(school_id=class_group.school_id, year_id=class_group.year_id)
                     .prefetch_related("periods"))
        cache.set(key, rules, RULES_TIMEOUT)
    return rules


def forget_assessment_rules(year_id):
    cache.delete(RULES_KEY.format(year=year_id))


def student_in_class(*, assignment, student_id):
    """(student, Enrolment) of a student the assignment teaches (studying in its class, of its
    subgroup), or None: the student and their movement records in the class in one query (a
    LEFT JOIN, one row per record)."""
    class_group = assignment.class_group
    into, out = Q(movements__class_to_id=class_group.pk), Q(movements__class_from_id=class_group.pk)
    rows = list(
        restrict_to_subgroup(class_students(class_group), assignment).filter(pk=student_id)
        .annotate(movement=FilteredRelation("movements", condition=into | out))
        .annotate(movement_pk=F("movement__pk"), movement_kind=F("movement__kind"),
                  movement_date=F("movement__date"), movement_from=F("movement__class_from_id"),
                  movement_to=F("movement__class_to_id"))
        .order_by()
    )
    if not rows:
        return None
    records = [
        MovementRecord(pk=r.movement_pk, student_id=r.pk, kind=r.movement_kind, date=r.movement_date,
                       class_from_id=r.movement_from, class_to_id=r.movement_to)
        for r in rows if r.movement_pk is not None
    ]
    student = rows[0]
    for name in ("movement_pk", "movement_kind", "movement_date", "movement_from", "movement_to"):
        delattr(student, name)
    return student, enrolment_from_records(records, class_group.pk).get(student.pk, Enrolment())


@dataclass
class StudentCells:
    """What one student has in the lessons of a period and in one lesson (`cell_*`), as
    student_cells reads it."""

    lesson_dates: list      # of the period's (not cancelled) lessons, for expected_grades
    grades: list            # the student's grades in them (Grade, with `weight` and `is_written`)
    cell_grades: list       # the student's grades in the lesson, by position
    cell_absence: object    # the student's Attendance in the lesson, or None

    def with_grade(self, grade, *, in_period):
        """The cells after `grade` (of the lesson) was saved: it replaces the one at its position,
        without reading anything again. `in_period`: the lesson is one of the period's."""
        if Grade.grade_type.is_cached(grade):  # a new grade, or a new type: the type is loaded
            grade.weight, grade.is_written = grade.grade_type.weight, grade.grade_type.is_written
        elif not hasattr(grade, "weight"):  # read again after a clash: read its type
            grade.weight, grade.is_written = grade.grade_type.weight, grade.grade_type.is_written

        def replaced(grades):
            return sorted([g for g in grades if not (g.lesson_id == grade.lesson_id and g.position == grade.position)]
                          + [grade], key=lambda g: (g.lesson_id, g.position))

        return StudentCells(lesson_dates=self.lesson_dates,
                            grades=replaced(self.grades) if in_period else self.grades,
                            cell_grades=sorted(replaced(self.cell_grades), key=lambda g: g.position),
                            cell_absence=self.cell_absence)

    def types_by_id(self):
        return {g.grade_type_id: SimpleNamespace(weight=g.weight, is_written=g.is_written) for g in self.grades}


_GRADE_FIELDS = [f.attname for f in Grade._meta.concrete_fields]
_ATTENDANCE_FIELDS = [f.attname for f in Attendance._meta.concrete_fields]


def student_cells(*, assignment, period, student_id, lesson):
    """The student's grades and absences in the lessons of the assignment in `period` (None: no
    period) and in `lesson` (which may be outside it), with the dates of the period's lessons: one
    query (the lessons, LEFT JOIN the student's grades with their types and absences)."""
    wanted = Q(pk=lesson.pk)
    if period is not None:
        wanted |= Q(date__gte=period.start, date__lte=period.end) & ~Q(status=LessonStatus.CANCELLED)
    rows = (
        Lesson.objects.filter(assignment=assignment).filter(wanted)
        .annotate(g=FilteredRelation("grades", condition=Q(grades__student_id=student_id)),
                  a=FilteredRelation("attendance", condition=Q(attendance__student_id=student_id)))
        .values("pk", "date", "status", *[f"g__{f}" for f in _GRADE_FIELDS], "g__grade_type__weight",
                "g__grade_type__is_written", *[f"a__{f}" for f in _ATTENDANCE_FIELDS])
        .order_by("date", "lesson_number", "pk", "g__position")
    )
    dates, grades, cell_grades, absence, seen = [], [], [], None, set()
    for row in rows:
        in_period = period is not None and period.start <= row["date"] <= period.end and (
            row["status"] != LessonStatus.CANCELLED)
        if row["pk"] not in seen:
            seen.add(row["pk"])
            if in_period:
                dates.append(row["date"])
            if row["pk"] == lesson.pk and row["a__id"] is not None:
                absence = Attendance.from_db("default", _ATTENDANCE_FIELDS,
                                             [row[f"a__{f}"] for f in _ATTENDANCE_FIELDS])
        if row["g__id"] is None:
            continue
        grade = Grade.from_db("default", _GRADE_FIELDS, [row[f"g__{f}"] for f in _GRADE_FIELDS])
        grade.weight, grade.is_written = row["g__grade_type__weight"], row["g__grade_type__is_written"]
        if in_period:
            grades.append(grade)
        if row["pk"] == lesson.pk:
            cell_grades.append(grade)
    return StudentCells(lesson_dates=dates, grades=grades, cell_grades=cell_grades, cell_absence=absence)


def student_row(*, assignment, scale, cells):
    """The average and suggestion of one student in the period from student_cells (no query)."""
    expected = expected_grades(assignment.hours_per_week, cells.lesson_dates)
    s = summarize(cells.grades, cells.types_by_id(), hours_per_week=assignment.hours_per_week,
                  suggest_value=scale.is_five or scale.is_points, expected=expected)
    return suggestion_json(s)


def student_period_grades(*, assignment, period, student_id):
    """The student's grades in the (not cancelled) lessons of the period, with their types (1 query)."""
    return list(Grade.objects.filter(
        student_id=student_id, lesson__assignment=assignment, lesson__date__gte=period.start,
        lesson__date__lte=period.end).exclude(lesson__status=LessonStatus.CANCELLED).select_related("grade_type"))


def student_summary(*, assignment, period, student_id, scale, grades=None):
    """The average and suggestion of one student in the period (after a cell changed): 2 queries,
    1 with `grades` (student_period_grades) given."""
    if grades is None:
        grades = student_period_grades(assignment=assignment, period=period, student_id=student_id)
    types_by_id = {g.grade_type_id: g.grade_type for g in grades}
    expected = expected_grades(assignment.hours_per_week, period_lessons(assignment, period)
                               .values_list("date", flat=True))
    s = summarize(grades, types_by_id, hours_per_week=assignment.hours_per_week, suggest_value=scale.is_five or scale.is_points,
                  expected=expected)
    return suggestion_json(s)


def suggestion_json(s):
    return {
        "average": number_format(s.average, 2) if s.average is not None else "",
        "suggested": s.value,
        "warnings": s.warning_text,
        "count": s.count,
    }
