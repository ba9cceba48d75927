"""The movement book: the filtered list (with XLSX/CSV/PDF export), recording arrivals, departures
and transfers, a record's page (and cancelling a mistaken one), and the movement report."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from journal.pdf import pdf_response
from journal.register.forms import ArrivalForm, DepartureForm, MovementFilterSet, ReportPeriodForm, TransferForm
from journal.register.models import AcademicYear, MovementKind, MovementRecord, StudyPeriod
from journal.register.reports.movement import movement_report as build_report
from journal.register.reports.movement import movement_report_xlsx
from journal.register.services import movement as service
from journal.register.tables import MovementTable, pdf_rows
from portal import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _school(request):
    school = access.school_for_request(request)
    if school is None:
        raise Http404
    return school


def _form_errors(form, error):
    """A service's ValidationError onto the form: nothing the user typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for e in errors:
                form.add_error(target, e)
    else:
        for e in error.error_list:
            form.add_error(None, e)


# --- the book --------------------------------------------------------------------------------------

@never_cache
@login_required
def movement_list(request):
    school = _school(request)
    access.require(access.can_read_movement(request.user, school))
    records = (access.movements_visible(request.user, school)
               .select_related("student", "class_from", "class_to", "recorded_by"))
    filterset = MovementFilterSet(request.GET or None, queryset=records,
                                  classes=access.movement_classes(request.user, school))
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else records
    fmt = request.GET.get("_export")
    if fmt == "pdf":
        header, rows = pdf_rows(qs.order_by("date", "id"))
        return pdf_response("journal/register/movement/print_book.html", {
            "school": school, "header": header, "rows": rows, "filters": _filter_summary(filterset),
        }, "movement-book.pdf", request=request)
    table = MovementTable(qs)
    if fmt in ("xlsx", "csv"):
        RequestConfig(request, paginate=False).configure(table)
        exporter = TableExport(fmt, table, dataset_kwargs={"title": str(_("Movement book"))[:31]})
        data = exporter.export()
        if fmt == "csv":
            data = ("\ufeff" + data).encode("utf-8")
        response = HttpResponse(data, content_type=exporter.content_type())
        response["Content-Disposition"] = f'attachment; filename="movement-book.{fmt}"'
        return response
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    exports = []
    for f in ("xlsx", "csv", "pdf"):
        query["_export"] = f
        exports.append({"format": f.upper(), "url": "?" + query.urlencode()})
    return render(request, "journal/register/movement/list.html", {
        "school": school, "table": table, "filter": filterset, "exports": exports, "total": qs.count(),
        "can_record": access.can_record_movement(request.user, school),
    })


def _filter_summary(filterset):
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        if hasattr(value, "strftime"):
            shown = value.strftime("%d.%m.%Y")
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = dict(field.choices).get(value, value)
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


# --- recording -------------------------------------------------------------------------------------

def _record_view(request, form_class, template, save):
    school = _school(request)
    access.require(access.can_record_movement(request.user, school))
    initial = {"date": timezone.localdate()}
    if request.GET.get("student", "").isdigit():
        initial["student"] = request.GET["student"]
    form = form_class(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form, school)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Recorded in the movement book: %(record)s.") % {
                "record": f"{record.get_kind_display()}, {record.student.full_name}"})
            return redirect("journal:movement_detail", pk=record.pk)
    return render(request, template, {"school": school, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def movement_arrival(request):
    def save(form, school):
        data = form.cleaned_data
        student = data["returning"] or form.new_student()
        return service.student_arrive(
            student=student, class_group=data["class_group"], date=data["date"], reason=data["reason"],
            order_number=data["order_number"], other_school=data["other_school"], region=data["region"],
            note=data["note"], recorded_by=request.user)

    return _record_view(request, ArrivalForm, "journal/register/movement/arrival.html", save)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def movement_departure(request):
    def save(form, school):
        data = form.cleaned_data
        return service.student_depart(
            student=data["student"], date=data["date"], reason=data["reason"], order_number=data["order_number"],
            other_school=data["other_school"], region=data["region"], note=data["note"], recorded_by=request.user)

    return _record_view(request, DepartureForm, "journal/register/movement/departure.html", save)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def movement_transfer(request):
    def save(form, school):
        data = form.cleaned_data
        return service.student_transfer(
            student=data["student"], class_group=data["class_group"], date=data["date"],
            order_number=data["order_number"], note=data["note"], recorded_by=request.user)

    return _record_view(request, TransferForm, "journal/register/movement/transfer.html", save)


@never_cache
@login_required
def movement_detail(request, pk):
    school = _school(request)
    access.require(access.can_read_movement(request.user, school))
    record = access.get_or_404(
        access.movements_visible(request.user, school).select_related(
            "student", "class_from__year", "class_to__year", "recorded_by"), pk=pk)
    latest = MovementRecord.objects.filter(student=record.student_id).order_by("-date", "-id").values_list(
        "pk", flat=True).first()
    can_cancel = (access.can_record_movement(request.user, school) and latest == record.pk
                  and record.kind not in (MovementKind.PROMOTION, MovementKind.REPEAT))
    try:
        student_url = reverse("journal:student_detail", args=[record.student_id])
    except NoReverseMatch:  # the register's person pages are not installed
        student_url = ""
    return render(request, "journal/register/movement/detail.html", {
        "school": school, "record": record, "can_cancel": can_cancel, "student_url": student_url,
        "can_record": access.can_record_movement(request.user, school),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def movement_cancel(request, pk):
    """Cancel a record entered by mistake: a page that says what will happen and asks why; the
    reason goes into the student's history."""
    school = _school(request)
    access.require(access.can_record_movement(request.user, school))
    record = access.get_or_404(
        access.movements_visible(request.user, school).select_related("student", "class_from", "class_to"), pk=pk)
    reason, error = "", ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            student = service.movement_record_cancel(record=record, reason=reason, recorded_by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The record was cancelled; %(name)s is back as before it.") % {
                "name": student.full_name})
            return redirect("journal:movement_list")
    return render(request, "journal/register/movement/cancel.html", {
        "school": school, "record": record, "reason": reason, "error": error,
    }, status=400 if error else 200)


# --- the report ------------------------------------------------------------------------------------

def _default_period(school):
    today = timezone.localdate()
    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    if year is None:
        return datetime.date(today.year, 1, 1), today
    return year.start, min(max(today, year.start), year.end)


def _period_links(school):
    """Quick choices: the study periods and the whole of the current year."""
    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    if year is None:
        return []
    links = [{"label": _("The whole year %(year)s") % {"year": year.name}, "start": year.start, "end": year.end}]
    seen = set()
    for period in StudyPeriod.objects.filter(year=year).order_by("start"):
        key = (period.start, period.end)
        if key in seen or period.kind == "year":
            continue
        seen.add(key)
        links.append({"label": str(period), "start": period.start, "end": period.end})
    return links


@never_cache
@login_required
def movement_report(request):
    school = _school(request)
    access.require(access.can_read_movement(request.user, school))
    start, end = _default_period(school)
    form = ReportPeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    classes = None if access.is_school_reader(request.user, school) else access.movement_classes(request.user, school)
    report = build_report(school=school, start=start, end=end, classes=classes)
    context = {"school": school, "report": report, "form": form, "period_links": _period_links(school)}
    fmt = request.GET.get("format")
    filename = f"movement-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "pdf":
        return pdf_response("journal/register/movement/print_report.html", context, f"{filename}.pdf", request=request)
    if fmt == "xlsx":
        response = HttpResponse(movement_report_xlsx(report, school), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    query = request.GET.copy()
    query.setdefault("start", start.isoformat())
    query.setdefault("end", end.isoformat())
    query["format"] = "pdf"
    context["pdf_url"] = "?" + query.urlencode()
    query["format"] = "xlsx"
    context["xlsx_url"] = "?" + query.urlencode()
    return render(request, "journal/register/movement/report.html", context)
