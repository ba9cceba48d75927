"""The attendance report (R-J5): per class and per student for a study period or any dates.

Figures of a student: the lessons they had (held lessons of their class in the dates: lessons of a
whole-class subject, and of a split subject only their own subgroup's; a student who arrived in
the dates counts from their arrival), lessons missed and of them for illness / excused /
unexcused, times late, whole days missed (days on which they missed every lesson they had), and
attendance % = (lessons − missed) ÷ lessons. A class adds its students up (the percentage is
recomputed from the sums); the school adds the classes up. The top absentees are the students
who missed most lessons.

Queries: a constant number however many classes, students and lessons (guarded by a test)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from journal.gradebook.models import AbsenceStatus, Attendance, Lesson, LessonStatus
from journal.register.models import MovementKind, MovementRecord, Student, StudentStatus, SubgroupMembership

ONE_DECIMAL = Decimal("0.1")
MISSED = (AbsenceStatus.ILL, AbsenceStatus.EXCUSED, AbsenceStatus.UNEXCUSED)
LOW_ATTENDANCE = Decimal("80.0")


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class AttendanceRow:
    label: str
    kind: str = "student"   # student, class, total
    student: object = None
    class_group: object = None
    lessons: int = 0
    ill: int = 0
    excused: int = 0
    unexcused: int = 0
    late: int = 0
    days: int = 0
    students: int = 0

    @property
    def missed(self):
        return self.ill + self.excused + self.unexcused

    @property
    def attendance(self):
        return _percent(self.lessons - self.missed, self.lessons)

    @property
    def low(self):
        value = self.attendance
        return value is not None and value < LOW_ATTENDANCE

    def add(self, other):
        for name in ("lessons", "ill", "excused", "unexcused", "late", "days"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.students += other.students if other.kind != "student" else 1


@dataclass
class AttendanceReport:
    start: object
    end: object
    class_rows: list
    students_of: dict        # class id -> [AttendanceRow of its students]
    total: AttendanceRow | None
    top: list = field(default_factory=list)
    restricted: bool = False


def attendance_report(*, school, start, end, classes, restricted=False, top=10):
    """The report over `classes` (an access-filtered ClassGroup queryset) for start–end."""
    class_list = list(classes.filter(school=school).order_by("grade", "letter"))
    class_ids = [c.pk for c in class_list]
    students = list(Student.objects.filter(class_group_id__in=class_ids, status=StudentStatus.STUDYING)
                    .only("pk", "last_name", "first_name", "patronymic", "class_group_id", "sort_key")
                    .order_by("sort_key", "pk"))
    # held lessons of the classes: per class, per date, per (subject, subgroup) how many
    per_class_day = defaultdict(lambda: defaultdict(Counter))
    for class_id, day, subject_id, subgroup in (
        Lesson.objects.filter(assignment__class_group_id__in=class_ids, date__gte=start, date__lte=end,
                              status=LessonStatus.HELD)
        .values_list("assignment__class_group_id", "date", "assignment__subject_id", "assignment__subgroup")
    ):
        per_class_day[class_id][day][(subject_id, subgroup or 0)] += 1
    groups = defaultdict(dict)       # (class id, subject id) -> {student id: subgroup number}
    for class_id, subject_id, student_id, number in SubgroupMembership.objects.filter(
        class_group_id__in=class_ids
    ).values_list("class_group_id", "subject_id", "student_id", "number"):
        groups[(class_id, subject_id)][student_id] = number
    arrived = {}
    for student_id, day in MovementRecord.objects.filter(
        student__in=[s.pk for s in students], class_to_id__in=class_ids, date__gte=start, date__lte=end,
        kind__in=(MovementKind.ARRIVAL, MovementKind.TRANSFER), applied=True,
    ).values_list("student_id", "date"):
        arrived[student_id] = max(day, arrived.get(student_id, day))
    absences = defaultdict(list)      # student id -> [(date, status)]
    for student_id, day, status in Attendance.objects.filter(
        school=school, student__in=[s.pk for s in students], lesson__date__gte=start, lesson__date__lte=end,
        lesson__status=LessonStatus.HELD,
    ).annotate(day=F("lesson__date")).values_list("student_id", "day", "status"):
        absences[student_id].append((day, status))

    def lessons_on(student, counter):
        n = 0
        for (subject_id, subgroup), count in counter.items():
            members = groups.get((student.class_group_id, subject_id))
            if subgroup and members and members.get(student.pk) != subgroup:
                continue
            n += count
        return n

    students_of = defaultdict(list)
    for student in students:
        row = AttendanceRow(label=student.full_name, student=student, class_group=None)
        since = arrived.get(student.pk)
        days = per_class_day.get(student.class_group_id, {})
        had = {day: lessons_on(student, counter) for day, counter in days.items() if since is None or day >= since}
        row.lessons = sum(had.values())
        missed_on = Counter()
        for day, status in absences.get(student.pk, ()):
            if status == AbsenceStatus.LATE:
                row.late += 1
                continue
            setattr(row, status, getattr(row, status) + 1)
            missed_on[day] += 1
        row.days = sum(1 for day, n in missed_on.items() if had.get(day) and n >= had[day])
        students_of[student.class_group_id].append(row)
    class_rows = []
    total = AttendanceRow(label=str(_("Total of the classes shown") if restricted else _("School total")), kind="total")
    for cg in class_list:
        row = AttendanceRow(label=str(cg), kind="class", class_group=cg)
        for student_row in students_of.get(cg.pk, []):
            student_row.class_group = cg
            row.add(student_row)
        class_rows.append(row)
        total.add(row)
    ranked = sorted((r for rows in students_of.values() for r in rows if r.missed),
                    key=lambda r: (-r.missed, -r.unexcused, r.label))
    return AttendanceReport(start=start, end=end, class_rows=class_rows, students_of=dict(students_of),
                            total=total if class_rows else None, top=ranked[:top], restricted=restricted)


def attendance_rule():
    return _(
        "Lessons: held lessons of the student's class in the dates (of a split subject only the "
        "student's subgroup; a student who arrived counts from the arrival). Missed = ill + excused + "
        "unexcused; lateness is not a missed lesson. A whole day missed is a day on which the student "
        "missed every lesson they had. Attendance % = (lessons − missed) ÷ lessons; a class and the school "
        "add their students up. Under 80 % is marked."
    )
