"""The journal grid page, its cell-saving API, cell history, and the list of class journals."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal.register.selectors.subgroups import restrict_to_subgroup
from portal import access

from ..marks import ABSENCE_CYCLE, ABSENCE_MARKS, ABSENCE_ORDER, SPECIAL_KEYS, SPECIAL_MARKS, absence_keys
from ..models import AbsenceStatus, GradeType, Lesson, LessonStatus, PeriodGradeKind
from ..selectors import grid as sel
from ..selectors.history import cell_history as cell_history_entries
from ..selectors.history import period_grade_history
from ..services import attendance as attendance_service
from ..services import grades as grade_service
from ..services import lessons as lesson_service
from ..services import period_grades as period_service
from ..services.common import JournalConflict
from ..services.scales import scale_for
from .common import (
    int_or_none,
    json_body,
    json_error,
    validation_error_response,
    visible_assignment,
    visible_lesson,
    write_mode,
)


def _choose_period(request, periods):
    choices = sel.grid_periods(periods)
    wanted = int_or_none(request.GET.get("period"))
    for p in choices:
        if p.pk == wanted:
            return p, choices
    return sel.current_period(choices), choices


@never_cache
@login_required
def grid(request, assignment_id):
    assignment = visible_assignment(request, assignment_id)
    periods = sel.class_periods(assignment.class_group)
    period, choices = _choose_period(request, periods)
    if period is None:
        return render(request, "journal/gradebook/grid.html", {"assignment": assignment, "no_periods": True})
    data = sel.journal_grid(assignment=assignment, period=period, periods=periods)
    mode = write_mode(request, assignment, locked=data.locked)
    cells, period_grades = data.cells_json()
    keys = absence_keys()
    config = {
        "cellUrl": reverse("journal:grid_cell", args=[assignment.pk]),
        "historyUrl": reverse("journal:cell_history", args=[assignment.pk]),
        "assignment": assignment.pk,
        "user": request.user.pk,
        "period": period.pk,
        "mode": mode,
        "reasonRequired": mode == access.JOURNAL_DEPUTY,
        "locked": data.locked,
        "scale": data.scale.as_dict(),
        "types": [{"id": t.pk, "short": t.short_ru if request.LANGUAGE_CODE == "ru" else t.short_ky,
                   "name": t.name, "written": t.is_written} for t in data.types],
        "marks": {k: str(v) for k, v in ABSENCE_MARKS.items()},
        "specialMarks": {k: str(v) for k, v in SPECIAL_MARKS.items()},
        "absenceKeys": keys,
        "absenceCycle": ABSENCE_CYCLE,
        "specialKeys": SPECIAL_KEYS,
        "cells": cells,
        "periodGrades": period_grades,
    }
    context = {
        "assignment": assignment,
        "grid": data,
        "period": period,
        "periods": choices,
        "mode": mode,
        "can_write": mode is not None,
        "config": config,
        "today": timezone.localdate(),
        "absence_choices": [(s, ABSENCE_MARKS[s], AbsenceStatus(s).label) for s in ABSENCE_ORDER],
        "absence_key_help": [(ABSENCE_MARKS[s], AbsenceStatus(s).label, keys[s]) for s in ABSENCE_ORDER],
    }
    return render(request, "journal/gradebook/grid.html", context)


@never_cache
@login_required
def grid_index(request):
    """All class journals the user may open, by class."""
    school = access.school_for_request(request)
    assignments = (
        access.assignments_visible(request.user, school)
        .filter(year__is_current=True)
        .select_related("class_group", "subject", "teacher")
        .order_by("class_group__grade", "class_group__letter", "subject__order", "subject__name_ky", "subgroup")
    )
    classes = {}
    for a in assignments:
        classes.setdefault(a.class_group, []).append(a)
    return render(request, "journal/gradebook/grid_index.html", {"classes": classes.items()})


def _lesson_of(assignment, lesson_id):
    lesson = access.get_or_404(
        Lesson.objects.filter(assignment=assignment).select_related("plan_topic", "substitute_teacher"),
        pk=int_or_none(lesson_id),
    )
    # the assignment (with its class, year and school) is already loaded: the services read them
    lesson.assignment = assignment
    if lesson.school_id == assignment.school_id:
        lesson.school = assignment.school
    return lesson


def _student_of(assignment, student_id):
    student = access.get_or_404(restrict_to_subgroup(sel.class_students(assignment.class_group), assignment),
                                pk=int_or_none(student_id))
    if student.school_id == assignment.school_id:
        student.school = assignment.school  # loaded with the assignment
    return student


def _who(user):
    return (user.full_name or user.username) if user else ""


def _conflict_response(exc, *, cell=None, period_grade=False):
    current = exc.current
    info = {"by": "", "at": ""}
    if current is not None:
        info["by"] = _who(current.updated_by) if current.updated_by_id else ""
        info["at"] = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
    payload = {"ok": False, "conflict": True, "message": str(exc), **info}
    if cell is not None:
        payload["cell"] = cell
    if period_grade is not False:
        payload["periodGrade"] = period_grade
    return JsonResponse(payload, status=409)


@never_cache
@login_required
@require_POST
def grid_cell(request, assignment_id):
    """Save one cell change (JSON). Answers 200 with the cell as saved, 409 with the current
    cell when the client's version is stale, 400 with a message, 403 when not allowed."""
    data = json_body(request)
    op = data.get("op") if data is not None else None
    if op in ("grade", "absence"):
        # the most frequent write of the system: the lesson with its assignment in one query
        lesson = visible_lesson(request, assignment_id, data.get("lesson"))
        assignment = lesson.assignment
    else:
        assignment = visible_assignment(request, assignment_id)
    if data is None:
        return json_error(_("The request could not be read."))
    reason = str(data.get("reason") or "")
    version = int_or_none(data.get("version")) or 0
    try:
        if op in ("grade", "absence"):
            return _cell_write(request, assignment, lesson, data, op=op, version=version, reason=reason)
        if op == "coltype":
            lesson = _lesson_of(assignment, data.get("lesson"))
            grade_type = access.get_or_404(GradeType.objects.filter(school=assignment.school),
                                           pk=int_or_none(data.get("type")))
            grade_service.lesson_set_grade_type(lesson=lesson, grade_type=grade_type, by=request.user,
                                                reason=reason)
            return JsonResponse({"ok": True, "type": grade_type.pk})
        if op == "period":
            student = _student_of(assignment, data.get("student"))
            period = _period_of(assignment, data.get("period"), None)
            if period is None:
                raise Http404
            kind = str(data.get("kind") or PeriodGradeKind.PERIOD)
            try:
                pg = period_service.period_grade_set(
                    period=period, assignment=assignment, student=student, by=request.user,
                    value=data.get("value"), special=str(data.get("special") or ""), kind=kind,
                    version=version, reason=reason)
            except JournalConflict as exc:
                return _conflict_response(exc, period_grade=sel.period_grade_state(exc.current))
            return JsonResponse({"ok": True, "periodGrade": sel.period_grade_state(pg),
                                 "text": sel.period_grade_text(pg)})
    except PermissionDenied as exc:
        return json_error(str(exc) if str(exc) else _("You cannot change this journal."), status=403)
    except ValidationError as exc:
        return validation_error_response(exc)
    return json_error(_("The request could not be read."))


def _cell_write(request, assignment, lesson, data, *, op, version, reason):
    """A grade or an absence of one cell, and the answer: the cell and the student's row as saved.
    Everything is read once: the student with their enrolment, the class's periods (also the
    closed-period lock) and assessment rules (cached), and — before a grade is set — the student's
    cells in the period (the grade's version, the absence, the row's grades and lesson dates)."""
    found = sel.student_in_class(assignment=assignment, student_id=int_or_none(data.get("student")))
    if found is None:
        raise Http404
    student, enrolment = found
    class_group = assignment.class_group
    periods = sel.class_periods(class_group)
    rules = sel.assessment_rules(class_group)
    period = _period_of(assignment, data.get("period"), lesson.date, periods=periods)
    cells = None
    try:
        if op == "grade":
            position = int_or_none(data.get("position")) or 0
            value = data.get("value")
            if value is None or value == "":
                grade_service.grade_delete(lesson=lesson, student=student, position=position,
                                           by=request.user, version=version, reason=reason)
            else:
                cells = sel.student_cells(assignment=assignment, period=period, student_id=student.pk, lesson=lesson)
                grade = grade_service.grade_set(lesson=lesson, student=student, value=value, position=position,
                                                by=request.user, version=version, reason=reason, rules=rules,
                                                periods=periods, enrolment=enrolment, cell=cells)
                in_period = period is not None and period.start <= lesson.date <= period.end and (
                    lesson.status != LessonStatus.CANCELLED)
                cells = cells.with_grade(grade, in_period=in_period)
        else:
            attendance_service.attendance_set(lesson=lesson, student=student, status=str(data.get("status") or ""),
                                              by=request.user, version=version, reason=reason)
    except JournalConflict as exc:
        return _conflict_response(exc, cell=sel.cell_state(lesson=lesson, student_id=student.pk))
    if cells is None:  # after a delete or an absence: the cells as they are now
        cells = sel.student_cells(assignment=assignment, period=period, student_id=student.pk, lesson=lesson)
    row = None
    if period is not None:
        scale = scale_for(class_group, period, rules=rules, periods=periods)
        row = sel.student_row(assignment=assignment, scale=scale, cells=cells)
    return JsonResponse({"ok": True, "row": row, "cell": sel.cell_json(cells.cell_grades, cells.cell_absence)})


def _period_of(assignment, period_id, date, *, periods=None):
    if periods is None:
        periods = sel.class_periods(assignment.class_group)
    wanted = int_or_none(period_id)
    for p in periods:
        if p.pk == wanted:
            return p
    if date is not None:
        for p in sel.grid_periods(periods):
            if p.start <= date <= p.end:
                return p
    return None


@never_cache
@login_required
@require_GET
def cell_history(request, assignment_id):
    """The history of a cell (?lesson=&student=) or of a period grade (?period=&student=&kind=):
    who changed what, when, old and new value, the reason."""
    assignment = visible_assignment(request, assignment_id)
    student = _student_of(assignment, request.GET.get("student"))
    if request.GET.get("lesson"):
        lesson = _lesson_of(assignment, request.GET.get("lesson"))
        entries = cell_history_entries(lesson=lesson, student=student)
        title = f"{student.short_name} — {lesson.date:%d.%m.%Y}"
    else:
        period = _period_of(assignment, request.GET.get("period"), None)
        if period is None:
            raise Http404
        entries = period_grade_history(period=period, assignment=assignment, student=student,
                                       kind=request.GET.get("kind") or PeriodGradeKind.PERIOD)
        title = f"{student.short_name} — {period}"
    if request.GET.get("format") == "html" or "application/json" not in request.headers.get("Accept", ""):
        return render(request, "journal/gradebook/cell_history.html",
                      {"entries": entries, "title": title, "assignment": assignment})
    return JsonResponse({"title": title, "entries": entries})


@never_cache
@login_required
@require_POST
def lesson_add(request, assignment_id):
    """Add a lesson to the grid (a date not in the timetable)."""
    assignment = visible_assignment(request, assignment_id)
    back = reverse("journal:grid", args=[assignment.pk])
    if request.POST.get("period"):
        back += f"?period={int_or_none(request.POST.get('period')) or ''}"
    try:
        date = datetime.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("Enter a valid date."))
        return redirect(back)
    number = int_or_none(request.POST.get("lesson_number"))
    try:
        lesson = lesson_service.lesson_add(assignment=assignment, date=date, lesson_number=number, by=request.user,
                                           reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _("Lesson of %(date)s added.") % {"date": date_format(lesson.date, "SHORT_DATE_FORMAT")})
    return redirect(back)
