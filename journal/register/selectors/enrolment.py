"""When a student belonged to a class, read from the movement book (for the class journal).

A student's time in a class starts with the latest record that brought them into it (arrival,
transfer, promotion, kept in the grade) and ends with the first record after it that took them
out (departure, graduation, transfer). A student with no such record has no limit on that side
(the class list as it is today decides)."""

from dataclasses import dataclass

from django.db.models import Q

from ..models import MovementKind, MovementRecord, Student, StudentStatus

INTO_CLASS = (MovementKind.ARRIVAL, MovementKind.TRANSFER, MovementKind.PROMOTION, MovementKind.REPEAT)
OUT_OF_CLASS = (MovementKind.DEPARTURE, MovementKind.GRADUATION, MovementKind.TRANSFER)


@dataclass(frozen=True)
class Enrolment:
    """[start, end] of a student in a class; None: open on that side. `end` is the last day."""

    start: object = None
    end: object = None

    def covers(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, start, end):
        return (self.start is None or self.start <= end) and (self.end is None or start <= self.end)


def _windows(records, class_group_id):
    """{student id: Enrolment} from records (any order) touching the class."""
    by_student = {}
    for r in sorted(records, key=lambda r: (r.date, r.pk)):
        start, end = by_student.get(r.student_id, (None, None))
        if r.class_to_id == class_group_id and r.kind in INTO_CLASS and r.class_from_id != class_group_id:
            start, end = r.date, None
        elif r.class_from_id == class_group_id and r.kind in OUT_OF_CLASS and r.class_to_id != class_group_id:
            if end is None:
                # the day of leaving is the last day in the class
                end = r.date
        by_student[r.student_id] = (start, end)
    return {pk: Enrolment(start, end) for pk, (start, end) in by_student.items()}


def _records(class_group, student_ids=None):
    qs = MovementRecord.objects.filter(school_id=class_group.school_id).filter(
        Q(class_to_id=class_group.pk) | Q(class_from_id=class_group.pk))
    if student_ids is not None:
        qs = qs.filter(student_id__in=student_ids)
    return qs.only("pk", "student_id", "kind", "date", "class_from_id", "class_to_id")


def student_enrolment(*, student, class_group):
    """The Enrolment of one student in a class (1 query)."""
    return _windows(_records(class_group, [student.pk]), class_group.pk).get(student.pk, Enrolment())


def class_roll(*, class_group, start, end):
    """The students of a class over [start, end] for the journal, in journal order (2 queries):
    those studying in it now, and those who left it (or moved to another class) during the
    range. Returns [(student, Enrolment, left)]; `left`: no longer in the class."""
    windows = _windows(_records(class_group), class_group.pk)
    left_ids = [pk for pk, w in windows.items() if w.end is not None and w.overlaps(start, end)]
    students = Student.objects.filter(school_id=class_group.school_id).filter(
        Q(class_group_id=class_group.pk, status=StudentStatus.STUDYING) | Q(pk__in=left_ids)
    ).order_by("sort_key", "pk")
    roll = []
    for student in students:
        window = windows.get(student.pk, Enrolment())
        now_here = student.class_group_id == class_group.pk and student.status == StudentStatus.STUDYING
        if not window.overlaps(start, end):
            continue  # arrives after the range (or left before it)
        roll.append((student, window, not now_here))
    return roll
