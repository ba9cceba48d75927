"""Grades of students in lessons: set, add, delete — with the scale, the write policy, the closed
period and optimistic concurrency checked on the server.

Every write carries the version of the row the client saw (0: "I saw no grade there"). A stale
version raises JournalConflict with the current row and writes nothing. A retry of a write that
already happened (same value) succeeds without a second change, so an offline queue can resend.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AbsenceStatus, Attendance, Grade, Lesson, LessonStatus
from ..signals import written
from .common import (
    JournalConflict,
    check_enrolled,
    check_not_future,
    check_student,
    check_write,
    is_date_locked,
    journal_settings_for,
    with_reason,
)
from .grade_types import default_type_for_lesson, grade_types_ensure_defaults
from .scales import scale_for

MAX_GRADES_PER_LESSON = 5


def _clean_value(value):
    if isinstance(value, bool):
        raise ValidationError(_("Enter a grade."), code="invalid")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a grade."), code="invalid")


# the related rows a grade is written with are loaded and checked by the caller: full_clean need
# not look each of them up again (one SELECT per foreign key on every save)
CHECKED_RELATIONS = ["school", "lesson", "student", "grade_type", "updated_by"]


def _validate(grade):
    grade.full_clean(exclude=CHECKED_RELATIONS, validate_unique=False, validate_constraints=False)


def _check_lesson_open(lesson):
    if lesson.status == LessonStatus.CANCELLED:
        raise ValidationError(_("The lesson was cancelled: nothing can be entered for it."), code="cancelled")


def check_grade_write(*, lesson, student, by, reason, entering=True, periods=None, enrolment=None):
    """The checks every grade or absence write shares. Returns the write mode. `entering`: the
    write adds or changes a mark (False: it only removes one, which a future lesson allows).
    `periods` (the class's study periods) and `enrolment` (the student's in the class): when the
    caller has read them, the checks read nothing again."""
    assignment = lesson.assignment
    check_student(student=student, assignment=assignment)
    locked = is_date_locked(assignment.class_group, lesson.date, periods=periods)
    mode = check_write(by=by, assignment=assignment, locked=locked, reason=reason, lesson=lesson)
    _check_lesson_open(lesson)
    if entering:
        check_not_future(lesson)
        check_enrolled(student=student, assignment=assignment, date=lesson.date, enrolment=enrolment)
    return mode


# Statuses that mean the student was not at the lesson (a late student was there and may be graded).
ABSENT_STATUSES = (AbsenceStatus.ILL, AbsenceStatus.EXCUSED, AbsenceStatus.UNEXCUSED)


def grade_with_absence_refused(school):
    return not journal_settings_for(school).grade_with_absence


def _check_not_absent(lesson, student, cell=None):
    if cell is not None:
        absent = cell.cell_absence is not None and cell.cell_absence.status in ABSENT_STATUSES
    else:
        absent = Attendance.objects.filter(lesson=lesson, student=student, status__in=ABSENT_STATUSES).exists()
    if absent and grade_with_absence_refused(lesson.school):
        raise ValidationError(
            _("The student is marked absent at this lesson: remove the absence first, or ask the deputy "
              "director to allow a grade and an absence in the same cell."),
            code="absent",
        )


def _mark_held(lesson, **extra):
    """A planned lesson with grades or absences entered was held."""
    updates = {"status": LessonStatus.HELD, **extra}
    Lesson.objects.filter(pk=lesson.pk, status=LessonStatus.PLANNED).update(**updates)
    if extra:
        Lesson.objects.filter(pk=lesson.pk).exclude(status=LessonStatus.PLANNED).update(**extra)
    if lesson.status == LessonStatus.PLANNED:
        lesson.status = LessonStatus.HELD
    for key, value in extra.items():
        setattr(lesson, key, value)


def _resolve_type(lesson, grade_type):
    if grade_type is not None:
        if grade_type.school_id != lesson.school_id:
            raise ValidationError(_("Unknown grade type."), code="wrong_type")
        return grade_type
    return default_type_for_lesson(lesson, grade_types_ensure_defaults(lesson.school))


class _Stale(Exception):
    """The row's version changed (or the row went) between reading and writing it."""


def _update_if_unchanged(row, seen_version):
    """UPDATE `row` only if its version is still `seen_version` — the optimistic-concurrency
    check in the statement itself, so nothing is read (or locked) first — and write its history
    row as a save would. Raises _Stale (nothing written) otherwise. Inside a transaction."""
    model = type(row)
    row.updated_at = timezone.now()
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
    if not model.objects.filter(pk=row.pk, version=seen_version).update(**values):
        raise _Stale
    model.history.bulk_history_create([row], update=True)


def _same_grade(grade, value, grade_type, comment):
    return grade.value == value and (grade_type is None or grade.grade_type_id == grade_type.pk) and (
        comment is None or grade.comment == comment.strip())


def grade_set(*, lesson, student, value, by, position=0, grade_type=None, comment=None, version=0, reason="",
              rules=None, periods=None, enrolment=None, cell=None):
    """Set the grade at `position` (0, 1, 2…) of a student in a lesson. `grade_type` None keeps
    the existing type (or, for a new grade, the lesson column's type); `comment` None keeps it.
    What the caller has read already, so that nothing is read twice: `rules` (the class's
    assessment rules, see scale_for), `periods` (the class's study periods, for the closed-period
    lock), `enrolment` (the student's in the class) and `cell` (selectors.grid.student_cells of
    the lesson: the cell's grades and absence as they were read; the write still changes a grade
    only if its version is the one read)."""
    value = _clean_value(value)
    if not 0 <= position < MAX_GRADES_PER_LESSON:
        raise ValidationError(_("At most %(n)s grades per lesson.") % {"n": MAX_GRADES_PER_LESSON}, code="too_many")
    check_grade_write(lesson=lesson, student=student, by=by, reason=reason, periods=periods, enrolment=enrolment)
    scale_for(lesson.assignment.class_group, lesson.date, rules=rules, periods=periods).check(value)
    _check_not_absent(lesson, student, cell)
    if grade_type is not None:
        grade_type = _resolve_type(lesson, grade_type)
    if cell is not None:
        current = next((g for g in cell.cell_grades if g.position == position), None)
    else:
        current = Grade.objects.filter(lesson=lesson, student=student, position=position).first()
    if current is None:
        if version:
            raise JournalConflict(None)
        grade = Grade(
            school_id=lesson.school_id, lesson=lesson, student=student, position=position, value=value,
            grade_type=grade_type or _resolve_type(lesson, None), comment=(comment or "").strip(),
            updated_by=by, version=1,
        )
        _validate(grade)
        with_reason(grade, reason, by)
        try:
            with transaction.atomic():  # the INSERT first: a clash rolls back nothing else
                grade.save()
                _mark_held(lesson)
                written("grade", grade)
                if grade.comment:
                    written("comment", grade)
        except IntegrityError:
            # someone created it at the same moment
            other = Grade.objects.filter(lesson=lesson, student=student, position=position).first()
            if other is not None and other.value == value:
                return other
            raise JournalConflict(other)
        return grade
    same = _same_grade(current, value, grade_type, comment)
    if current.version != version:
        if same:
            return current  # a retry of a write that already happened
        raise JournalConflict(current)
    if same:
        return current
    value_changed = current.value != value
    comment_changed = comment is not None and comment.strip() and current.comment != comment.strip()
    seen_version = current.version
    current.value = value
    if grade_type is not None:
        current.grade_type = grade_type
    if comment is not None:
        current.comment = comment.strip()
    current.updated_by = by
    current.version += 1
    _validate(current)
    with_reason(current, reason, by)
    try:
        with transaction.atomic():
            _update_if_unchanged(current, seen_version)
            if value_changed:
                written("grade", current)
            if comment_changed:
                written("comment", current)
    except _Stale:
        # changed (or deleted) by someone else since it was read
        other = Grade.objects.filter(lesson=lesson, student=student, position=position).first()
        if other is not None and _same_grade(other, value, grade_type, comment):
            return other
        raise JournalConflict(other)
    return current


def grade_add(*, lesson, student, value, by, grade_type=None, comment="", reason=""):
    """Add one more grade to a student in a lesson (next free position)."""
    value = _clean_value(value)
    check_grade_write(lesson=lesson, student=student, by=by, reason=reason)
    with transaction.atomic():
        Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
        top = Grade.objects.filter(lesson=lesson, student=student).aggregate(m=Max("position"))["m"]
        position = 0 if top is None else top + 1
        return grade_set(
            lesson=lesson, student=student, value=value, by=by, position=position, grade_type=grade_type,
            comment=comment, version=0, reason=reason,
        )


def grade_delete(*, lesson, student, position, by, version, reason=""):
    """Delete the grade at `position`. Deleting what is already gone succeeds (retry)."""
    check_grade_write(lesson=lesson, student=student, by=by, reason=reason, entering=False)
    with transaction.atomic():
        current = Grade.objects.select_for_update().filter(lesson=lesson, student=student, position=position).first()
        if current is None:
            return None
        if current.version != version:
            raise JournalConflict(current)
        with_reason(current, reason, by)
        current.delete()
        return None


def lesson_set_grade_type(*, lesson, grade_type, by, reason=""):
    """Change the grade type of a lesson column; grades of the column that had the column's
    previous type take the new one (each change goes to their history)."""
    assignment = lesson.assignment
    locked = is_date_locked(assignment.class_group, lesson.date)
    check_write(by=by, assignment=assignment, locked=locked, reason=reason, lesson=lesson)
    types = grade_types_ensure_defaults(lesson.school)
    if grade_type.school_id != lesson.school_id:
        raise ValidationError(_("Unknown grade type."), code="wrong_type")
    previous = default_type_for_lesson(lesson, types)
    with transaction.atomic():
        Lesson.objects.filter(pk=lesson.pk).update(grade_type=grade_type)
        lesson.grade_type = grade_type
        if previous is not None and previous.pk != grade_type.pk:
            for grade in Grade.objects.select_for_update().filter(lesson=lesson, grade_type=previous):
                grade.grade_type = grade_type
                grade.version += 1
                grade.updated_by = by
                with_reason(grade, reason, by)
                grade.save()
    return lesson
