"""Lessons: topic (from the calendar-thematic plan or free text), homework (text and file),
comment, held / cancelled, adding, moving and cancelling a lesson, substitution, and the lesson
page's one-form save (attendance of the whole class and grades)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Attendance, Grade, Lesson, LessonStatus
from ..signals import written
from .attendance import attendance_set
from .common import JournalConflict, check_student, check_write, is_date_locked, is_future_lesson, with_reason
from .grades import grade_delete, grade_set

KEEP = object()  # "leave this field as it is"


def _check_lesson_write(*, lesson, by, reason, dates=()):
    assignment = lesson.assignment
    locked = any(is_date_locked(assignment.class_group, d) for d in (lesson.date, *dates))
    return check_write(by=by, assignment=assignment, locked=locked, reason=reason, lesson=lesson)


def _check_date_in_year(assignment, date):
    year = assignment.year
    if not year.start <= date <= year.end:
        raise ValidationError({"date": _("The date is outside the academic year %(year)s.") % {"year": year}})


def _check_version(lesson, version):
    if version is None:
        return
    current = Lesson.objects.select_for_update().filter(pk=lesson.pk).first()
    if current is None:
        raise JournalConflict(None)
    if current.version != version:
        raise JournalConflict(current)


def _save(lesson, by, reason):
    lesson.updated_by = by
    lesson.version += 1
    lesson.full_clean(validate_unique=False, validate_constraints=False)
    with_reason(lesson, reason, by)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_update(*, lesson, by, version, topic=KEEP, plan_topic=KEEP, homework=KEEP, homework_file=KEEP,
                  comment=KEEP, status=KEEP, reason=""):
    """Change what the teacher writes about a lesson. `plan_topic` (a PlanTopic of the same
    assignment, or None) also fills `topic` when no free text is given. `homework_file`: a new
    upload, or None to remove the attachment."""
    _check_lesson_write(lesson=lesson, by=by, reason=reason)
    _check_version(lesson, version)
    if plan_topic is not KEEP:
        if plan_topic is not None and plan_topic.assignment_id != lesson.assignment_id:
            raise ValidationError({"plan_topic": _("The topic is not of this subject's plan.")})
        lesson.plan_topic = plan_topic
        if plan_topic is not None and (topic is KEEP or not (topic or "").strip()):
            topic = plan_topic.title
    if topic is not KEEP:
        lesson.topic = (topic or "").strip()
    homework_set = False
    if homework is not KEEP:
        homework_set = bool((homework or "").strip()) and (homework or "").strip() != lesson.homework
        lesson.homework = (homework or "").strip()
    if comment is not KEEP:
        lesson.comment = (comment or "").strip()
    if homework_file is not KEEP:
        lesson.homework_file = homework_file or ""
    if status is not KEEP:
        if status not in LessonStatus.values:
            raise ValidationError({"status": _("Unknown lesson status.")})
        if status == LessonStatus.CANCELLED and lesson.status != LessonStatus.CANCELLED:
            _check_can_cancel(lesson)
        if status == LessonStatus.HELD and lesson.status != LessonStatus.HELD and is_future_lesson(lesson):
            raise ValidationError({"status": _("A lesson that has not taken place yet cannot be marked as held.")})
        lesson.status = status
    _save(lesson, by, reason)
    if homework_set:
        written("homework", lesson)
    return lesson


def _check_can_cancel(lesson):
    if Grade.objects.filter(lesson=lesson).exists() or Attendance.objects.filter(lesson=lesson).exists():
        raise ValidationError(
            _("The lesson has grades or absences: remove them before cancelling it, or move the lesson."),
            code="has_marks",
        )


@transaction.atomic
def lesson_add(*, assignment, date, by, lesson_number=None, reason=""):
    """Add a lesson that is not in the timetable (an extra lesson, a make-up lesson)."""
    _check_date_in_year(assignment, date)
    lesson = Lesson(school_id=assignment.school_id, assignment=assignment, date=date, lesson_number=lesson_number,
                    status=LessonStatus.PLANNED, updated_by=by, version=1)
    locked = is_date_locked(assignment.class_group, date)
    check_write(by=by, assignment=assignment, locked=locked, reason=reason)
    lesson.full_clean(validate_unique=False, validate_constraints=False)
    with_reason(lesson, reason, by)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_move(*, lesson, date, by, version, lesson_number=KEEP, reason=""):
    """Move a lesson to another date (its grades and absences go with it)."""
    _check_date_in_year(lesson.assignment, date)
    _check_lesson_write(lesson=lesson, by=by, reason=reason, dates=(date,))
    _check_version(lesson, version)
    lesson.date = date
    if lesson_number is not KEEP:
        lesson.lesson_number = lesson_number
    return _save(lesson, by, reason)


def lesson_cancel(*, lesson, by, version, reason=""):
    """Cancel a lesson that has no grades or absences."""
    return lesson_update(lesson=lesson, by=by, version=version, status=LessonStatus.CANCELLED, reason=reason)


@transaction.atomic
def lesson_set_substitute(*, lesson, teacher, by, version, reason=""):
    """Record a substitution: `teacher` (a StaffMember of the school, or None) gives the lesson
    and may fill its journal."""
    if teacher is not None and teacher.school_id != lesson.school_id:
        raise ValidationError({"substitute_teacher": _("The teacher works at another school.")})
    _check_lesson_write(lesson=lesson, by=by, reason=reason)
    _check_version(lesson, version)
    lesson.substitute_teacher = teacher
    return _save(lesson, by, reason)


# --- the lesson page: one form for the lesson, the class's attendance and grades -------------

@dataclass
class GradeChange:
    student: object
    position: int | None  # None: a new grade (next free position)
    value: object  # int, or None to delete
    grade_type: object = None
    comment: str = ""
    version: int = 0
    key: str = ""  # the form field the change came from (for error messages)


@dataclass
class AttendanceChange:
    student: object
    status: str
    version: int = 0
    key: str = ""


@dataclass
class LessonSaveErrors(Exception):
    """Nothing was saved. `errors`: {field key: message}; `conflicts`: {field key: current row or None}."""

    errors: dict = field(default_factory=dict)
    conflicts: dict = field(default_factory=dict)


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def lesson_journal_save(*, lesson, by, reason="", lesson_fields=None, lesson_version=None, attendance=(), grades=()):
    """Save the lesson page in one transaction: the lesson's fields, attendance of the whole
    class (marks attendance as taken) and grades. Either everything is saved or nothing: on any
    error or conflict raises LessonSaveErrors (the page is shown again with what was typed)."""
    errors, conflicts = {}, {}
    with transaction.atomic():
        if lesson_fields:
            try:
                with transaction.atomic():
                    lesson_update(lesson=lesson, by=by, version=lesson_version, reason=reason, **lesson_fields)
            except JournalConflict as exc:
                conflicts["lesson"] = exc.current
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
                else:
                    errors["lesson"] = _message(exc)
        if attendance or grades:
            locked = is_date_locked(lesson.assignment.class_group, lesson.date)
            try:
                check_write(by=by, assignment=lesson.assignment, locked=locked, reason=reason, lesson=lesson)
            except ValidationError as exc:
                raise LessonSaveErrors(errors={"reason": _message(exc)}, conflicts={})
            if lesson.status == LessonStatus.CANCELLED:
                raise LessonSaveErrors(
                    errors={"lesson": _("The lesson was cancelled: nothing can be entered for it.")}, conflicts={})
        # grades removed first, so that "absent, grade removed" passes the grade-and-absence check
        deletions = [change for change in grades if change.value is None]
        grades = [change for change in grades if change.value is not None]
        for change in deletions:
            try:
                with transaction.atomic():
                    grade_delete(lesson=lesson, student=change.student, position=change.position, by=by,
                                 version=change.version, reason=reason)
            except JournalConflict as exc:
                conflicts[change.key] = exc.current
            except ValidationError as exc:
                errors[change.key] = _message(exc)
        for change in attendance:
            try:
                check_student(student=change.student, assignment=lesson.assignment)
                with transaction.atomic():
                    attendance_set(lesson=lesson, student=change.student, status=change.status, by=by,
                                   version=change.version, reason=reason, checked=True)
            except JournalConflict as exc:
                conflicts[change.key] = exc.current
            except ValidationError as exc:
                errors[change.key] = _message(exc)
        if attendance and not is_future_lesson(lesson):
            Lesson.objects.filter(pk=lesson.pk).update(attendance_taken=True)
            if lesson.status == LessonStatus.PLANNED:
                Lesson.objects.filter(pk=lesson.pk).update(status=LessonStatus.HELD)
        taken = {}
        for change in grades:
            try:
                with transaction.atomic():
                    position = change.position
                    if position is None:
                        position = _next_position(lesson, change.student, taken)
                    grade_set(lesson=lesson, student=change.student, value=change.value, by=by,
                              position=position, grade_type=change.grade_type, comment=change.comment,
                              version=change.version if change.position is not None else 0, reason=reason)
            except JournalConflict as exc:
                conflicts[change.key] = exc.current
            except ValidationError as exc:
                errors[change.key] = _message(exc)
        if errors or conflicts:
            raise LessonSaveErrors(errors=errors, conflicts=conflicts)
    lesson.refresh_from_db()
    return lesson


def _next_position(lesson, student, taken):
    if student.pk not in taken:
        positions = list(Grade.objects.filter(lesson=lesson, student=student).values_list("position", flat=True))
        taken[student.pk] = max(positions) + 1 if positions else 0
    position = taken[student.pk]
    taken[student.pk] += 1
    return position
