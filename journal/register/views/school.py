"""The school's set-up: academic years with their study periods (scheme per grade level) and
holidays, subjects, and the curriculum (hours per week per subject and grade)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from journal.register import selectors
from journal.register.forms import HolidayForm, PeriodForm, SubjectForm, UpperSchemeForm, YearCreateForm
from journal.register.models import AcademicYear, CurriculumHours, Holiday, PeriodKind, StudyPeriod, Subject
from journal.register.services import school as school_services
from portal import access

from .common import call_service, private, save_versioned, school_of

GRADES = list(range(1, 12))


def _readable(request):
    school = school_of(request)
    if not access.is_school_reader(request.user, school):
        raise PermissionDenied
    return school


def _manager(request):
    school = school_of(request)
    if not access.can_manage_school_setup(request.user, school):
        raise PermissionDenied
    return school


def _year(school, pk):
    return access.get_or_404(AcademicYear.objects.filter(school=school), pk=pk)


@private
def school_setup(request, year_pk=None):
    school = _readable(request)
    years = list(AcademicYear.objects.filter(school=school).annotate(n_classes=Count("classes")).order_by("-start"))
    year = _year(school, year_pk) if year_pk else selectors.current_year(school)
    kind_order = {PeriodKind.QUARTER: 0, PeriodKind.HALF: 1, PeriodKind.YEAR: 2}
    periods = sorted(year.periods.all(), key=lambda p: (kind_order.get(p.kind, 3), p.grade_from, p.number)) if year else []
    upper_halves = any(p.kind == PeriodKind.HALF for p in periods)
    context = {
        "school": school, "years": years, "year": year, "periods": periods,
        "holidays": year.holidays.order_by("start") if year else [],
        "can_manage": access.can_manage_school_setup(request.user, school),
        "create_form": YearCreateForm(initial={"start_year": (years[0].start.year + 1) if years else 2026,
                                               "upper_scheme": school_services.SCHEME_HALVES}),
        "scheme_form": UpperSchemeForm(initial={
            "scheme": school_services.SCHEME_HALVES if upper_halves else school_services.SCHEME_QUARTERS}),
        "subjects_count": Subject.objects.filter(school=school).count(),
    }
    return render(request, "journal/register/school/setup.html", context)


@private
def year_create(request):
    school = _manager(request)
    form = YearCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = call_service(form, school_services.year_create, school=school, **form.cleaned_data)
        if year is not None:
            messages.success(request, _("The academic year %(name)s was created with its study periods and holidays.")
                             % {"name": year.name})
            return redirect("journal:school_year", year_pk=year.pk)
    return render(request, "journal/register/school/form.html", {"form": form, "school": school,
                                                         "title": _("New academic year"),
                                                         "back": reverse("journal:school_setup")})


@private
def year_set_current(request, year_pk):
    school = _manager(request)
    year = _year(school, year_pk)
    if request.method == "POST":
        school_services.year_set_current(year=year)
        messages.success(request, _("%(name)s is now the current year.") % {"name": year.name})
    return redirect("journal:school_year", year_pk=year.pk)


@private
def year_scheme(request, year_pk):
    school = _manager(request)
    year = _year(school, year_pk)
    form = UpperSchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school_services.year_set_upper_scheme(year=year, scheme=form.cleaned_data["scheme"])
        messages.success(request, _("The study periods of grades 10–11 were changed."))
    return redirect("journal:school_year", year_pk=year.pk)


@private
def period_edit(request, pk):
    school = _manager(request)
    period = access.get_or_404(StudyPeriod.objects.filter(year__school=school).select_related("year"), pk=pk)
    form = PeriodForm(request.POST or None, instance=period)
    saved = save_versioned(request, form, school_services.period_update, period=period,
                           data=lambda: {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]},
                           success_url=reverse("journal:school_year", args=[period.year_id]))
    if saved:
        return saved
    return render(request, "journal/register/school/form.html", {
        "form": form, "school": school, "title": str(period),
        "back": reverse("journal:school_year", args=[period.year_id])})


@private
def holiday_edit(request, year_pk, pk=None):
    school = _manager(request)
    year = _year(school, year_pk)
    holiday = access.get_or_404(Holiday.objects.filter(year=year), pk=pk) if pk else None
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        if call_service(form, school_services.holiday_save, year=year, holiday=holiday, **form.cleaned_data) is not None:
            messages.success(request, _("The changes were saved."))
            return redirect("journal:school_year", year_pk=year.pk)
    return render(request, "journal/register/school/form.html", {
        "form": form, "school": school, "title": holiday.title if holiday else _("New holidays"),
        "back": reverse("journal:school_year", args=[year.pk])})


@private
def holiday_delete(request, year_pk, pk):
    school = _manager(request)
    year = _year(school, year_pk)
    holiday = access.get_or_404(Holiday.objects.filter(year=year), pk=pk)
    back = reverse("journal:school_year", args=[year.pk])
    if request.method == "POST":
        school_services.holiday_delete(holiday=holiday)
        messages.success(request, _("The holidays were deleted."))
        return redirect(back)
    return render(request, "journal/register/home/confirm.html", {
        "school": school, "title": _("Delete the holidays"), "question": f"{holiday.title}: "
        f"{holiday.start:%d.%m.%Y} – {holiday.end:%d.%m.%Y}", "back": back, "danger": True})


@private
def subject_list(request):
    school = _readable(request)
    subjects = Subject.objects.filter(school=school).annotate(n=Count("assignments")).order_by("order", "name_ky")
    return render(request, "journal/register/school/subjects.html", {
        "school": school, "subjects": subjects, "can_manage": access.can_manage_school_setup(request.user, school)})


@private
def subject_edit(request, pk=None):
    school = _manager(request)
    subject = access.get_or_404(Subject.objects.filter(school=school), pk=pk) if pk else None
    form = SubjectForm(request.POST or None, instance=subject)
    saved = save_versioned(request, form, school_services.subject_save, school=school, subject=subject,
                           success_url=reverse("journal:subject_list"))
    if saved:
        return saved
    return render(request, "journal/register/school/form.html", {
        "form": form, "school": school, "title": subject.name if subject else _("New subject"),
        "back": reverse("journal:subject_list")})


@private
def curriculum(request, year_pk):
    """The curriculum grid: subjects × grades 1–11, hours per week (one form, one save)."""
    school = _readable(request)
    year = _year(school, year_pk)
    can_manage = access.can_manage_school_setup(request.user, school)
    subjects = list(Subject.objects.filter(school=school).order_by("order", "name_ky"))
    current = {(c.grade, c.subject_id): c.hours_per_week for c in CurriculumHours.objects.filter(year=year)}
    errors = []
    values = {}
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        hours = {}
        for subject in subjects:
            for grade in GRADES:
                raw = request.POST.get(f"h-{subject.pk}-{grade}", "").strip().replace(",", ".")
                values[(grade, subject.pk)] = raw
                try:
                    hours[(grade, subject)] = Decimal(raw) if raw else None
                except InvalidOperation:
                    errors.append(_("%(subject)s, grade %(grade)s: «%(value)s» is not a number.")
                                  % {"subject": subject.name, "grade": grade, "value": raw})
        if not errors:
            from django.core.exceptions import ValidationError

            try:
                school_services.curriculum_set(year=year, hours=hours)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("The curriculum was saved."))
                return redirect("journal:curriculum", year_pk=year.pk)
    rows = []
    for subject in subjects:
        cells = []
        for grade in GRADES:
            value = values.get((grade, subject.pk))
            if value is None:
                h = current.get((grade, subject.pk))
                value = f"{h.normalize():f}" if h else ""
            cells.append({"grade": grade, "name": f"h-{subject.pk}-{grade}", "value": value})
        rows.append({"subject": subject, "cells": cells})
    totals = [sum(h for (g, _s), h in current.items() if g == grade) for grade in GRADES]
    return render(request, "journal/register/school/curriculum.html", {
        "school": school, "year": year, "rows": rows, "grades": GRADES, "totals": totals, "errors": errors,
        "can_manage": can_manage})
