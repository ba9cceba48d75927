"""XLSX of the reports (openpyxl): the same AchievementSummary as the screen and the PDF;
numbers stay numbers (percentages with a 0.0 format, averages 0.00)."""

from io import BytesIO

from django.utils.translation import gettext as _


def summary_columns():
    """(attribute, label, number format) of the summary's figure columns, in print order."""
    return [
        ("start", _("At the start"), "0"),
        ("arrived", _("Arrived"), "0"),
        ("left", _("Left"), "0"),
        ("end", _("At the end"), "0"),
        ("graded", _("Graded"), "0"),
        ("not_certified", _("Not certified"), "0"),
        ("exempt", _("Exempt"), "0"),
        ("excellent", _("Only 5"), "0"),
        ("good", _("Only 4 and 5"), "0"),
        ("one_four", _("With one 4"), "0"),
        ("one_three", _("With one 3"), "0"),
        ("failing", _("Failing"), "0"),
        ("pass_rate", _("Pass rate, %"), "0.0"),
        ("quality", _("Quality, %"), "0.0"),
        ("sou", _("Degree of learning (SOU), %"), "0.0"),
        ("average", _("Average grade"), "0.00"),
    ]


def denominator_rule():
    return _(
        "Pass rate and quality are counted over graded students: students with at least one period "
        "grade or «not certified» in the period. Exempt subjects are left out; a student exempt in every "
        "subject is not graded. «Not certified» counts as graded and failing and adds 0 to the SOU. "
        "The SOU and the average grade are over all period grades. Classes assessed without marks count "
        "in the roll only."
    )


def achievement_xlsx(summary, *, school, scope_label):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    columns = summary_columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Achievement summary")[:31]
    width = len(columns) + 2
    sheet.append([school.name])
    sheet.append([_("Achievement summary") + f": {scope_label}, {summary.period} "
                  f"({summary.period.start:%d.%m.%Y} – {summary.period.end:%d.%m.%Y})"])
    for r in (1, 2):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        sheet.cell(row=r, column=1).font = Font(bold=True, size=12)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = [_("Class"), *[label for _a, label, _f in columns], _("Failing students and subjects")]
    for c, label in enumerate(header, start=1):
        cell = sheet.cell(row=4, column=c, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    rows = list(summary.rows) + ([summary.total] if summary.total else [])
    for n, row in enumerate(rows, start=5):
        sheet.cell(row=n, column=1, value=row.label).border = border
        for c, (attr, _label, number_format) in enumerate(columns, start=2):
            value = getattr(row, attr)
            if row.without_marks and attr not in ("start", "arrived", "left", "end"):
                value = None
            cell = sheet.cell(row=n, column=c, value=float(value) if value is not None and number_format != "0" else value)
            cell.number_format = number_format
            cell.border = border
            cell.alignment = Alignment(horizontal="center")
        note = ""
        if row.without_marks:
            note = _("Assessed without marks")
        elif row.no_grades:
            note = _("No period grades yet")
        elif row.kind == "class":
            note = "; ".join(f"{student.short_name}: " + ", ".join(f"{subject.short_name} {mark}" for subject, mark in bad)
                             for student, bad in row.failing_students)
        cell = sheet.cell(row=n, column=width, value=note)
        cell.border = border
        cell.alignment = Alignment(wrap_text=True)
        if row.kind != "class":
            for c in range(1, width + 1):
                sheet.cell(row=n, column=c).font = Font(bold=True)
    sheet.cell(row=len(rows) + 6, column=1, value=denominator_rule())
    sheet.merge_cells(start_row=len(rows) + 6, start_column=1, end_row=len(rows) + 6, end_column=width)
    sheet.cell(row=len(rows) + 6, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[len(rows) + 6].height = 60
    sheet.row_dimensions[4].height = 45
    sheet.column_dimensions["A"].width = 18
    for c in range(2, width):
        sheet.column_dimensions[get_column_letter(c)].width = 9
    sheet.column_dimensions[get_column_letter(width)].width = 50
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def attendance_columns():
    """(attribute, label, number format) of the attendance report's figure columns."""
    return [
        ("lessons", _("Lessons"), "0"),
        ("missed", _("Missed"), "0"),
        ("ill", _("Ill"), "0"),
        ("excused", _("Excused"), "0"),
        ("unexcused", _("Unexcused"), "0"),
        ("late", _("Late"), "0"),
        ("days", _("Whole days missed"), "0"),
        ("attendance", _("Attendance, %"), "0.0"),
    ]


def attendance_xlsx(report, *, school, scope_label):
    """Two sheets: the classes (and the total), then every student of them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .selectors import attendance_rule

    columns = attendance_columns()
    workbook = Workbook()
    title = (_("Attendance") + f": {scope_label}, {report.start:%d.%m.%Y} – {report.end:%d.%m.%Y}")

    def header(sheet, first):
        sheet.append([school.name])
        sheet.append([title])
        sheet.append([])
        sheet.append([*first, *[label for _a, label, _f in columns]])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.row_dimensions[4].height = 30
        sheet["A1"].font = sheet["A2"].font = Font(bold=True, size=12)

    def figures(row):
        out = []
        for attr, _label, number_format in columns:
            value = getattr(row, attr)
            out.append(float(value) if value is not None and number_format != "0" else value)
        return out

    classes = workbook.active
    classes.title = _("Classes")[:31]
    header(classes, [_("Class"), _("Students")])
    for row in report.class_rows + ([report.total] if report.total else []):
        classes.append([row.label, row.students, *figures(row)])
        if row.kind == "total":
            for cell in classes[classes.max_row]:
                cell.font = Font(bold=True)
    classes.append([])
    classes.append([str(attendance_rule())])
    classes.column_dimensions["A"].width = 22
    students = workbook.create_sheet(_("Students")[:31])
    header(students, [_("Class"), _("Student")])
    for class_row in report.class_rows:
        for row in report.students_of.get(class_row.class_group.pk, []):
            students.append([class_row.label, row.label, *figures(row)])
    students.column_dimensions["B"].width = 32
    for sheet in (classes, students):
        for row in sheet.iter_rows(min_row=5):
            for cell in row:
                if cell.column > 2 and cell.value is not None:
                    cell.number_format = columns[cell.column - 3][2] if cell.column - 3 < len(columns) else "0"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def subjects_rule():
    return _(
        "Per subject and per teacher the figures are over period grades: pass rate = grades 3–5 ÷ all "
        "period grades given, quality = grades 4–5 ÷ all; «not certified» counts as given and failing and "
        "adds 0 to the SOU; exempt is left out. Classes assessed without marks are left out."
    )


def figure_columns():
    return [
        ("graded", _("Grades given"), "0"),
        ("fives", "5", "0"),
        ("fours", "4", "0"),
        ("threes", "3", "0"),
        ("twos", "2", "0"),
        ("not_certified", _("Not certified"), "0"),
        ("pass_rate", _("Pass rate, %"), "0.0"),
        ("quality", _("Quality, %"), "0.0"),
        ("sou", _("Degree of learning (SOU), %"), "0.0"),
        ("average", _("Average grade"), "0.00"),
    ]


def subjects_xlsx(summary, *, school, scope_label):
    """Two sheets: per subject (and the total), per teacher (a row per class and subject and the
    teacher's subtotal)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    columns = figure_columns()
    workbook = Workbook()
    title = f"{scope_label}, {summary.period} ({summary.period.start:%d.%m.%Y} – {summary.period.end:%d.%m.%Y})"

    def start(sheet, heading, first):
        sheet.append([school.name])
        sheet.append([heading + ": " + title])
        sheet.append([])
        sheet.append([first, *[label for _a, label, _f in columns]])
        sheet["A1"].font = sheet["A2"].font = Font(bold=True, size=12)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions["A"].width = 34

    def put(sheet, row, bold=False):
        values = [row.label]
        for attr, _label, number_format in columns:
            value = getattr(row, attr)
            values.append(float(value) if value is not None and number_format != "0" else value)
        sheet.append(values)
        for c, (_attr, _label, number_format) in enumerate(columns, start=2):
            sheet.cell(row=sheet.max_row, column=c).number_format = number_format
        if bold:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)

    by_subject = workbook.active
    by_subject.title = _("By subject")[:31]
    start(by_subject, _("Achievement by subject"), _("Subject"))
    for row in summary.by_subject:
        put(by_subject, row)
    if summary.total:
        put(by_subject, summary.total, bold=True)
    by_subject.append([])
    by_subject.append([str(subjects_rule())])
    by_teacher = workbook.create_sheet(_("By teacher")[:31])
    start(by_teacher, _("Achievement by teacher"), _("Teacher, class and subject"))
    for subtotal, items in summary.by_teacher:
        put(by_teacher, subtotal, bold=True)
        for item in items:
            put(by_teacher, item)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
