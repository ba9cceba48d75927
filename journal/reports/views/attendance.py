"""The attendance report: screen, XLSX and PDF from one AttendanceReport (thin views).

Dates: a study period (?period=ID) or any dates (?start=YYYY-MM-DD&end=YYYY-MM-DD, inside the
year); scope as in the achievement summary (stage, grade, class); a class shows its students."""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from journal.gradebook.views._planning import private
from journal.pdf import pdf_response
from portal import access

from ..exports import attendance_xlsx
from ..selectors import STAGES, attendance_report, attendance_rule
from .achievement import _scope, _signatories


def _date(value):
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _build(request):
    school = request.school
    access.require(access.can_read_reports(request.user, school))
    period, classes, label, periods, query = _scope(request, school)
    start, end = period.start, period.end
    raw_start, raw_end = request.GET.get("start"), request.GET.get("end")
    if raw_start or raw_end:
        chosen_start, chosen_end = _date(raw_start), _date(raw_end)
        year = period.year
        if chosen_start is None or chosen_end is None:
            messages.error(request, _("Enter both dates as day, month and year; the study period is shown."))
        elif chosen_start > chosen_end:
            messages.error(request, _("The first date is after the last one; the study period is shown."))
        elif chosen_start < year.start or chosen_end > year.end:
            messages.error(request, _("The dates must be inside the school year %(year)s; the study period is shown.")
                           % {"year": year})
        else:
            start, end = chosen_start, chosen_end
            query += f"&start={start.isoformat()}&end={end.isoformat()}"
    report = attendance_report(school=school, start=start, end=end, classes=classes,
                               restricted=access.reports_restricted(request.user, school))
    one_class = report.class_rows[0] if request.GET.get("class") and report.class_rows else None
    return school, report, period, label, periods, query, one_class


@private
def attendance(request):
    school, report, period, label, periods, query, one_class = _build(request)
    return render(request, "journal/reports/attendance.html", {
        "school": school, "report": report, "period": period, "scope_label": label, "periods": periods,
        "query": query, "stages": STAGES, "rule": attendance_rule(), "one_class": one_class,
        "students": report.students_of.get(one_class.class_group.pk, []) if one_class else None,
        "pdf_url": reverse("journal:reports_attendance_pdf") + "?" + query,
        "xlsx_url": reverse("journal:reports_attendance_xlsx") + "?" + query,
    })


@private
def attendance_pdf(request):
    school, report, period, label, _periods, _query, one_class = _build(request)
    return pdf_response("journal/reports/print/attendance.html", {
        "school": school, "report": report, "period": period, "scope_label": label, "rule": attendance_rule(),
        "one_class": one_class,
        "students": report.students_of.get(one_class.class_group.pk, []) if one_class else None,
        **_signatories(request, school),
    }, filename=f"attendance-{report.start:%Y%m%d}-{report.end:%Y%m%d}.pdf", request=request)


@private
def attendance_xlsx_view(request):
    school, report, _period, label, _periods, _query, _one_class = _build(request)
    data = attendance_xlsx(report, school=school, scope_label=label)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="attendance-{report.start:%Y%m%d}-{report.end:%Y%m%d}.xlsx"'
    return response
