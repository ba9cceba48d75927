"""The history of a journal cell (grades and the absence of a student in a lesson) and of a
period grade: who changed what, when, the old and the new value, the reason (R-I16)."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..marks import special_mark
from ..models import AbsenceStatus, Attendance, Grade, GradeType, PeriodGrade, PeriodGradeKind


def _users(records):
    ids = {r.history_user_id for r in records if r.history_user_id}
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}


def _entries(records, describe, what, users):
    """Walk the historical records of each row in time order; one entry per change."""
    previous = {}
    entries = []
    for rec in records:
        old = previous.get(rec.id)
        old_text = describe(old) if old is not None and old.history_type != "-" else ""
        new_text = "" if rec.history_type == "-" else describe(rec)
        previous[rec.id] = rec
        if old_text == new_text:
            continue
        user = users.get(rec.history_user_id)
        entries.append({
            "at": rec.history_date,
            "when": date_format(timezone.localtime(rec.history_date), "DATETIME_FORMAT"),
            "who": (user.full_name or user.username) if user else "",
            "what": what(rec),
            "old": old_text,
            "new": new_text,
            "reason": rec.history_change_reason or "",
        })
    return entries


def _finish(entries):
    entries.sort(key=lambda e: e["at"], reverse=True)
    for e in entries:
        del e["at"]
    return entries


def cell_history(*, lesson, student):
    """The changes of the grades and the absence of `student` in `lesson`, newest first (4 queries)."""
    grades = list(Grade.history.filter(lesson_id=lesson.pk, student_id=student.pk).order_by("history_date", "history_id"))
    absences = list(
        Attendance.history.filter(lesson_id=lesson.pk, student_id=student.pk).order_by("history_date", "history_id"))
    types = {t.pk: t for t in GradeType.objects.filter(school_id=lesson.school_id)}
    users = _users(grades + absences)

    def describe_grade(rec):
        t = types.get(rec.grade_type_id)
        return f"{rec.value} ({t.name})" if t else str(rec.value)

    def what_grade(rec):
        return _("Grade %(number)s") % {"number": rec.position + 1}

    def describe_absence(rec):
        return str(AbsenceStatus(rec.status).label) if rec.status in AbsenceStatus.values else rec.status

    entries = _entries(grades, describe_grade, what_grade, users)
    entries += _entries(absences, describe_absence, lambda rec: _("Attendance"), users)
    return _finish(entries)


def period_grade_history(*, period, assignment, student, kind=PeriodGradeKind.PERIOD):
    records = list(PeriodGrade.history.filter(
        period_id=period.pk, assignment_id=assignment.pk, student_id=student.pk, kind=kind,
    ).order_by("history_date", "history_id"))
    users = _users(records)

    def describe(rec):
        return special_mark(rec.special) if rec.special else str(rec.value)

    label = str(PeriodGradeKind(kind).label) if kind in PeriodGradeKind.values else kind
    return _finish(_entries(records, describe, lambda rec: label, users))
