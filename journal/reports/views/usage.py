"""Use of the system by parents and students (R-J12), per class: screen, XLSX and PDF from one
UsageReport (thin views). The class teacher sees their class; the director, the deputy and the
administrator every class; nobody else."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.gradebook.views._planning import current_year, parse_int, private
from journal.pdf import pdf_response
from portal import access

from ..selectors import WINDOWS, report_periods, usage_report, usage_rule, usage_table
from .achievement import _signatories

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _current_period(periods, today):
    running = [p for p in periods if p.start <= today <= p.end]
    running.sort(key=lambda p: (p.kind == "year", p.end - p.start))
    started = [p for p in periods if p.start <= today and p.kind != "year"]
    return (running or started[-1:] or periods[:1] or [None])[0]


def _build(request):
    school = request.school
    access.require(access.can_read_usage(request.user, school))
    year = current_year(school)
    periods = report_periods(school, year)
    today = timezone.localdate()
    period_id = parse_int(request.GET.get("period"))
    period = next((p for p in periods if p.pk == period_id), None)
    if request.GET.get("period") and period is None:
        messages.error(request, _("There is no such study period; the current period is shown."))
    period = period or _current_period(periods, today)
    classes = access.usage_classes(request.user, school).filter(year=year)
    report = usage_report(school=school, classes=classes, today=today, period=period,
                          restricted=access.reports_restricted(request.user, school))
    query = f"period={period.pk}" if period else ""
    return school, report, period, periods, query


def _title(period):
    title = _("Use of the system by parents and students")
    return f"{title}: {period}" if period else title


@private
def usage(request):
    school, report, period, periods, query = _build(request)
    return render(request, "journal/reports/usage.html", {
        "school": school, "report": report, "period": period, "periods": periods, "query": query,
        "windows": WINDOWS, "rule": usage_rule(),
        "pdf_url": reverse("journal:reports_usage_pdf") + "?" + query,
        "xlsx_url": reverse("journal:reports_usage_xlsx") + "?" + query,
    })


@private
def usage_pdf(request):
    school, report, period, _periods, _query = _build(request)
    return pdf_response("journal/reports/print/usage.html", {
        "school": school, "report": report, "period": period, "windows": WINDOWS, "rule": usage_rule(),
        **_signatories(request, school),
    }, filename="usage.pdf", request=request, inline=False)


@private
def usage_xlsx(request):
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    school, report, period, _periods, _query = _build(request)
    header, rows = usage_table(report)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Use of the system")[:31]
    sheet.append([school.name])
    sheet.append([_title(period)])
    sheet.append([" · ".join(f"{label}: {report.windows[key][0]:%d.%m.%Y} – {report.windows[key][1]:%d.%m.%Y}"
                             for key, label in WINDOWS)])
    sheet.append(header)
    sheet["A1"].font = sheet["A2"].font = Font(bold=True, size=12)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[4].height = 75
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row][1:]:
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    sheet.append([])
    sheet.append([str(usage_rule())])
    sheet.column_dimensions["A"].width = 20
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="usage.xlsx"'
    return response
