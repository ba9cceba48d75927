"""Attendance: absences (ill, excused, unexcused) and late arrivals. Present students have no
row. Same rules as grades: write policy, closed period, the version the client saw."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import AbsenceStatus, Attendance, Grade, Lesson, LessonStatus
from ..signals import written
from .common import JournalConflict, check_enrolled, check_not_future, is_future_lesson, with_reason
from .grades import ABSENT_STATUSES, check_grade_write, grade_with_absence_refused

PRESENT = ""


def _clean_status(status):
    status = (status or "").strip()
    if status and status not in AbsenceStatus.values:
        raise ValidationError(_("Unknown attendance mark."), code="invalid")
    return status


def _check_no_grades(lesson, student):
    if Grade.objects.filter(lesson=lesson, student=student).exists() and grade_with_absence_refused(lesson.school):
        raise ValidationError(
            _("The student has a grade at this lesson: an absence cannot be marked in the same cell. Remove "
              "the grade first, or ask the deputy director to allow a grade and an absence in the same cell."),
            code="graded",
        )


def _mark_taken(lesson):
    if is_future_lesson(lesson):
        return  # a lesson that has not taken place is not held (clearing a mark there is allowed)
    Lesson.objects.filter(pk=lesson.pk, status=LessonStatus.PLANNED).update(status=LessonStatus.HELD)
    Lesson.objects.filter(pk=lesson.pk, attendance_taken=False).update(attendance_taken=True)
    if lesson.status == LessonStatus.PLANNED:
        lesson.status = LessonStatus.HELD
    lesson.attendance_taken = True


def attendance_set(*, lesson, student, status, by, version=0, comment=None, reason="", checked=False):
    """Mark a student absent (ill / excused / unexcused) or late at a lesson; status "" marks
    them present (deletes the row). Returns the row or None. `checked`: the caller already ran
    the write checks for this lesson and student (the lesson page does it once)."""
    status = _clean_status(status)
    if not checked:
        check_grade_write(lesson=lesson, student=student, by=by, reason=reason, entering=False)
    if status:
        check_not_future(lesson)
        check_enrolled(student=student, assignment=lesson.assignment, date=lesson.date)
        if status in ABSENT_STATUSES:
            _check_no_grades(lesson, student)
    with transaction.atomic():
        current = Attendance.objects.select_for_update().filter(lesson=lesson, student=student).first()
        if current is None:
            if not status:
                _mark_taken(lesson)
                return None  # present, as before (or a retry of a clearing)
            if version:
                raise JournalConflict(None)
            row = Attendance(
                school_id=lesson.school_id, lesson=lesson, student=student, status=status,
                comment=(comment or "").strip(), updated_by=by, version=1,
            )
            row.full_clean(validate_unique=False, validate_constraints=False)
            with_reason(row, reason, by)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                other = Attendance.objects.filter(lesson=lesson, student=student).first()
                if other is not None and other.status == status:
                    return other
                raise JournalConflict(other)
            _mark_taken(lesson)
            written("lateness" if status == AbsenceStatus.LATE else "absence", row)
            return row
        same = current.status == status and (comment is None or current.comment == comment.strip())
        if current.version != version:
            if same:
                return current
            raise JournalConflict(current)
        if same:
            return current
        with_reason(current, reason, by)
        if not status:
            current.delete()
            return None
        status_changed = current.status != status
        current.status = status
        if comment is not None:
            current.comment = comment.strip()
        current.updated_by = by
        current.version += 1
        current.full_clean(validate_unique=False, validate_constraints=False)
        current.save()
        _mark_taken(lesson)
        if status_changed:
            written("lateness" if status == AbsenceStatus.LATE else "absence", current)
        return current
