"""Exports of a constructor result: XLSX (numbers stay numbers, dates stay dates), CSV (UTF-8 with
a BOM, so Excel reads Kyrgyz letters) and PDF (ReportLab's table engine, as the register's long
lists: journal.register.reports.tables). Hidden personal fields stay hidden: the cells come from
the same Result as the screen."""

import csv
from io import BytesIO, StringIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.register.reports.tables import render_table_pdf

from .selectors import cell_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(result):
    """Header and rows; in row mode the aggregates over every row follow as «label, value» lines."""
    header = [str(c.label) for c in result.columns]
    rows = [list(r) for r in result.rows]
    for label, value in result.total_items:
        rows.append([f"{label}", value] + [""] * (len(header) - 2))
    return header, rows


def xlsx_bytes(result, *, school, title):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    header, rows = _table(result)
    formats = [c.number_format for c in result.columns]
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    sheet.append([school.name])
    sheet.append([str(title)])
    sheet.append([])
    sheet.append(header)
    sheet["A1"].font = sheet["A2"].font = Font(bold=True, size=12)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for row in rows:
        sheet.append(row)
        for c, number_format in enumerate(formats, start=1):
            cell = sheet.cell(row=sheet.max_row, column=c)
            if number_format and isinstance(cell.value, (int, float)):
                cell.number_format = number_format
            elif hasattr(cell.value, "strftime"):
                cell.number_format = "DD.MM.YYYY"
    if result.truncated:
        sheet.append([_("Only the first %(n)s rows are exported; narrow the query with filters.")
                      % {"n": len(result.rows)}])
    for c in range(1, len(header) + 1):
        sheet.column_dimensions[sheet.cell(row=4, column=c).column_letter].width = 18
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(result, *, fmt, school, title, stem):
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(result, school=school, title=title), content_type=XLSX)
    elif fmt == "csv":
        header, rows = _table(result)
        out = StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([[cell_text(v) for v in row] for row in rows])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        header, rows = _table(result)
        today = timezone.localdate().strftime("%d.%m.%Y")
        subtitle = " · ".join([today, _("%(n)s rows") % {"n": len(result.rows)}])
        data = render_table_pdf(header=header, rows=[[cell_text(v) for v in row] for row in rows],
                                title=str(title), school=school, subtitle=subtitle)
        response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
