"""Blank import templates (XLSX with an instructions sheet, or CSV), headers in the user's language."""

import csv
import io

from django.utils.translation import gettext as _

from journal.register.models import Sex
from journal.register.models.people import EducationLevel, Position, QualificationCategory, Relation

from .columns import COLUMNS, STAFF, header_label


def _hint(column):
    hints = {
        "date": _("Date: dd.mm.yyyy (01.09.2015), yyyy-mm-dd or an Excel date."),
        "pin": _("14 digits; the first is 1 (female) or 2 (male), then the birth date DDMMYYYY."),
        "sex": ", ".join(str(label) for label in Sex.labels),
        "class": _("Grade and letter: 5 А, 5А or 5 «А». The class must exist in the current academic year."),
        "relation": ", ".join(str(label) for label in Relation.labels),
        "position": ", ".join(str(label) for label in Position.labels),
        "education": ", ".join(str(label) for label in EducationLevel.labels),
        "qualification": ", ".join(str(label) for label in QualificationCategory.labels),
        "int": _("A whole number of years."),
        "subjects": _("Subject names separated by commas, as in the list of subjects."),
        "phone": _("For example +996 555 123 456."),
    }
    return hints.get(column.kind, "")


def template_xlsx(kind):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Staff") if kind == STAFF else _("Students")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E6EFF5")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header_label(column))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in ("pin", "phone"):
            # keep ПИН and phones as text so Excel does not turn them into 2.14E+13
            for row in range(2, 2001):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.kind == "date":
            for row in range(2, 2001):
                sheet.cell(row=row, column=index).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "C2"
    sheet.row_dimensions[1].height = 45

    help_sheet = workbook.create_sheet(_("How to fill in"))
    help_sheet.append([_("Column"), _("Required"), _("How to fill in")])
    for cell in help_sheet[1]:
        cell.font = bold
        cell.fill = fill
    for column in columns:
        help_sheet.append([header_label(column, required_mark=False), _("yes") if column.required else "", _hint(column)])
    help_sheet.append([])
    help_sheet.append([_("Fill in the first sheet from the second row down; do not change the header row.")])
    help_sheet.append([_("Nothing is saved until you check the preview and confirm the import.")])
    help_sheet.column_dimensions["A"].width = 36
    help_sheet.column_dimensions["B"].width = 12
    help_sheet.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(kind):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([header_label(c) for c in COLUMNS[kind]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
