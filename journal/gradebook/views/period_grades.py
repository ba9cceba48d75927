"""Period grades of a class in a subject (quarter / half-year / year, exam, final), closing and
reopening study periods (the deputy), and the grade types' weights (the deputy's settings)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from journal.register.models import AcademicYear, PeriodKind, StudyPeriod
from portal import access

from ..marks import SPECIAL_MARKS
from ..models import PeriodGradeKind, PeriodGradeSpecial
from ..selectors import grid as grid_sel
from ..selectors.period_grades import lock_events, period_sheet
from ..services import grade_types as grade_type_service
from ..services import period_grades as service
from ..services.common import JournalConflict
from .common import int_or_none, visible_assignment


def _encode(pg):
    if pg is None:
        return ""
    return pg.special if pg.special else str(pg.value)


def _choices(scale):
    values = [(str(v), str(v)) for v in scale.values]
    return [("", "—"), *values, *[(k, str(v)) for k, v in SPECIAL_MARKS.items()]]


class _SaveFailed(Exception):
    pass


@never_cache
@login_required
def period_grades(request, assignment_id):
    assignment = visible_assignment(request, assignment_id)
    periods = grid_sel.class_periods(assignment.class_group)
    if not periods:
        return render(request, "journal/gradebook/grid.html", {"assignment": assignment, "no_periods": True})
    wanted = int_or_none(request.GET.get("period") or request.POST.get("period"))
    period = next((p for p in periods if p.pk == wanted), None) or grid_sel.current_period(
        grid_sel.grid_periods(periods) or periods)
    mode = access.journal_write_mode(request.user, assignment.school, assignment,
                                       locked=period.is_closed or period.year.archived_at is not None)
    sheet = period_sheet(assignment=assignment, period=period, periods=periods)
    typed, errors, conflicts = {}, {}, {}

    if request.method == "POST":
        if mode is None:
            raise PermissionDenied
        reason = request.POST.get("reason", "")
        students = {r.student.pk: r.student for r in sheet["rows"]}
        try:
            with transaction.atomic():
                for row in sheet["rows"]:
                    for kind in sheet["kinds"]:
                        key = f"pg-{row.student.pk}-{kind}"
                        if key not in request.POST:
                            continue
                        value = request.POST.get(key, "")
                        if value == request.POST.get(f"{key}-o", ""):
                            continue
                        typed[key] = value
                        special = value if value in PeriodGradeSpecial.values and value else ""
                        try:
                            with transaction.atomic():
                                service.period_grade_set(
                                    period=period, assignment=assignment, student=students[row.student.pk],
                                    by=request.user, value=None if special else (value or None), special=special,
                                    kind=kind, version=int_or_none(request.POST.get(f"{key}-v")) or 0, reason=reason)
                        except JournalConflict as exc:
                            conflicts[key] = exc.current
                        except ValidationError as exc:
                            errors[key] = " ".join(exc.messages)
                if errors or conflicts:
                    raise _SaveFailed
        except _SaveFailed:
            messages.error(request, _("Nothing was saved: check the marked entries and save again."))
        else:
            messages.success(request, _("The period grades are saved."))
            return redirect(f"{reverse('journal:period_grades', args=[assignment.pk])}?period={period.pk}")

    rows = []
    for row in sheet["rows"]:
        cells = []
        for kind in sheet["kinds"]:
            key = f"pg-{row.student.pk}-{kind}"
            pg = row.saved.get(kind)
            current = _encode(pg)
            cell = {"key": key, "kind": kind, "label": PeriodGradeKind(kind).label, "value": typed.get(key, current), "original": current,
                    "version": pg.version if pg else 0, "error": errors.get(key, ""), "conflict": ""}
            if key in conflicts:
                now = conflicts[key]
                cell["conflict"] = _("Changed meanwhile: now «%(now)s». Save again to replace it with your entry.") % {
                    "now": (SPECIAL_MARKS[now.special] if now.special else now.value) if now else "—"}
            cells.append(cell)
        rows.append({"row": row, "cells": cells,
                     "period_texts": [grid_sel.period_grade_text(v) for v in row.period_values]})
    context = {
        "assignment": assignment, "period": period, "periods": periods, "sheet": sheet, "rows": rows,
        "mode": mode, "can_write": mode is not None, "choices": _choices(sheet["scale"]),
        "kind_headers": [(k, PeriodGradeKind(k).label) for k in sheet["kinds"]],
        "is_year": period.kind == PeriodKind.YEAR,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "journal/gradebook/period_grades.html", context, status=400 if errors or conflicts else 200)


def _current_year(school):
    return AcademicYear.objects.filter(school=school, is_current=True).first() or AcademicYear.objects.filter(
        school=school).order_by("-start").first()


@never_cache
@login_required
def period_close(request):
    """The study periods of the year: the deputy closes and reopens them; the director sees them."""
    school = access.school_for_request(request)
    can_close = access.can_close_periods(request.user, school)
    if not (can_close or access.is_school_reader(request.user, school)):
        raise PermissionDenied
    year = _current_year(school)
    periods = sorted(StudyPeriod.objects.filter(year=year).select_related("closed_by"),
                     key=lambda p: (p.grade_from, p.grade_to, p.kind == PeriodKind.YEAR, p.start)) if year else []
    if request.method == "POST":
        if not can_close:
            raise PermissionDenied
        period = access.get_or_404(StudyPeriod.objects.filter(year__school=school), pk=int_or_none(
            request.POST.get("period")))
        try:
            if request.POST.get("action") == "reopen":
                service.study_period_reopen(period=period, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("%(period)s is reopened.") % {"period": period})
            else:
                service.study_period_close(period=period, by=request.user)
                messages.success(request, _("%(period)s is closed: teachers can no longer change it.") % {
                    "period": period})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("journal:period_close")
    return render(request, "journal/gradebook/period_close.html", {
        "year": year, "periods": periods, "can_close": can_close, "events": lock_events(year) if year else []})


@never_cache
@login_required
def grade_types(request):
    """Grade types and their weights in the suggested period grade: the deputy sets them."""
    school = access.school_for_request(request)
    can_edit = access.can_configure_journal(request.user, school)
    if not (can_edit or access.is_school_reader(request.user, school)):
        raise PermissionDenied
    types = grade_type_service.grade_types_ensure_defaults(school)
    errors = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            with transaction.atomic():
                for t in types:
                    prefix = f"t-{t.pk}-"
                    if prefix + "weight" not in request.POST:
                        continue
                    raw = request.POST.get(prefix + "weight", "").replace(",", ".").strip()
                    try:
                        weight = Decimal(raw)
                    except InvalidOperation:
                        errors[t.pk] = _("Enter a number, for example 1.5.")
                        continue
                    try:
                        grade_type_service.grade_type_update(
                            grade_type=t, by=request.user, weight=weight,
                            is_written=bool(request.POST.get(prefix + "written")),
                            name_ky=request.POST.get(prefix + "name_ky", t.name_ky),
                            name_ru=request.POST.get(prefix + "name_ru", t.name_ru),
                            short_ky=request.POST.get(prefix + "short_ky", t.short_ky),
                            short_ru=request.POST.get(prefix + "short_ru", t.short_ru))
                    except ValidationError as exc:
                        errors[t.pk] = " ".join(exc.messages)
                if errors:
                    raise _SaveFailed
        except _SaveFailed:
            messages.error(request, _("Nothing was saved: check the marked rows."))
            for t in types:  # show what was typed
                prefix = f"t-{t.pk}-"
                t.weight = request.POST.get(prefix + "weight", t.weight)
                t.is_written = bool(request.POST.get(prefix + "written"))
                for name in ("name_ky", "name_ru", "short_ky", "short_ru"):
                    setattr(t, name, request.POST.get(prefix + name, getattr(t, name)))
        else:
            messages.success(request, _("The grade types are saved."))
            return redirect("journal:grade_types")
    return render(request, "journal/gradebook/grade_types.html",
                  {"types": types, "can_edit": can_edit, "errors": errors},
                  status=400 if errors else 200)
