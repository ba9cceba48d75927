"""The movement of students report («движение учащихся» / «окуучулардын кыймылы») for any period.

Per class: on the roll at the start, arrived (from outside the school / from other classes), left
(by reason / to other classes), on the roll at the end. Grade and level subtotals add class rows
up; the school total leaves out moves between classes of the school (they cancel out).

The roll at a date is rebuilt from the movement book: a student's class just before their first
record in the period is that record's «from class»; a student without records in or after the
period is where the register has them now. The end of the period follows the records of the
period from there, so for every row  start + arrived − left = end  holds exactly. Students whose
register entry disagrees with their latest record (a class changed by hand, without a record)
are listed as a warning."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from journal.register.models import ClassGroup, MovementReason, MovementRecord, Student, StudentStatus
from journal.register.services.movement import DEPARTURE_REASONS, INCOMING_KINDS, INTERNAL_KINDS, OUTGOING_KINDS

LEVELS = (
    (1, 4, _("Grades 1–4")),
    (5, 9, _("Grades 5–9")),
    (10, 11, _("Grades 10–11")),
)


@dataclass
class Row:
    label: str
    kind: str = "class"  # class, grade, level, total
    class_group: ClassGroup | None = None
    start: int = 0
    arrived_outside: int = 0
    arrived_internal: int | None = 0
    left_by_reason: dict = field(default_factory=lambda: defaultdict(int))
    left_internal: int | None = 0
    end: int = 0
    reasons_list: list = field(default_factory=list)  # left by reason, in the report's column order

    @property
    def arrived(self):
        return self.arrived_outside + (self.arrived_internal or 0)

    @property
    def left_outside(self):
        return sum(self.left_by_reason.values())

    @property
    def left(self):
        return self.left_outside + (self.left_internal or 0)

    @property
    def balances(self):
        return self.start + self.arrived - self.left == self.end

    def add(self, other):
        self.start += other.start
        self.arrived_outside += other.arrived_outside
        self.arrived_internal += other.arrived_internal or 0
        self.left_internal += other.left_internal or 0
        for reason, n in other.left_by_reason.items():
            self.left_by_reason[reason] += n
        self.end += other.end

    def reasons(self, columns):
        return [self.left_by_reason.get(value, 0) for value, _label in columns]


@dataclass
class MovementReport:
    start: datetime.date
    end: datetime.date
    rows: list
    total: Row | None
    reason_columns: list  # [(reason value, label)] of reasons that occur
    inconsistent: list  # students whose register entry disagrees with the movement book

    @property
    def class_rows(self):
        return [r for r in self.rows if r.kind == "class"]


def _class_label(cg, many_years):
    return f"{cg} ({cg.year.name})" if many_years else str(cg)


def movement_report(*, school, start, end, classes=None):
    """Build the report. `classes`: limit rows to these classes (a class teacher's view): then
    there are no subtotals and no school total."""
    if end < start:
        start, end = end, start
    records = list(
        MovementRecord.objects.filter(school=school, date__gte=start)
        .order_by("student_id", "date", "id")
        .values_list("student_id", "kind", "reason", "date", "class_from_id", "class_to_id")
    )
    now = dict(
        Student.objects.filter(school=school, status=StudentStatus.STUDYING, class_group__isnull=False)
        .values_list("pk", "class_group_id")
    )
    by_student = defaultdict(list)
    for rec in records:
        by_student[rec[0]].append(rec)

    rows = defaultdict(lambda: Row(label=""))
    inconsistent = []
    for student_id in set(now) | set(by_student):
        recs = by_student.get(student_id, [])
        state = recs[0][4] if recs else now.get(student_id)
        if state is not None:
            rows[state].start += 1
        broken = False
        for _sid, kind, reason, date, class_from, class_to in recs:
            if date > end:
                break
            if class_from != state:
                broken = True
            if kind in INCOMING_KINDS:
                rows[class_to].arrived_outside += 1
            elif kind in OUTGOING_KINDS:
                rows[class_from].left_by_reason[reason or MovementReason.OTHER] += 1
            elif kind in INTERNAL_KINDS and class_from != class_to:
                rows[class_from].left_internal += 1
                rows[class_to].arrived_internal += 1
            state = class_to
        if state is not None:
            rows[state].end += 1
        later = [r for r in recs if r[3] > end]
        expected = later[0][4] if later else now.get(student_id)
        if broken or (recs and expected != state):
            inconsistent.append(student_id)

    rows.pop(None, None)
    class_ids = set(rows)
    if classes is not None:
        class_ids &= set(classes.values_list("pk", flat=True))
        for pk in classes.values_list("pk", flat=True):
            rows[pk]  # noqa: B018 - a class teacher sees their class even when nothing moved
            class_ids.add(pk)
    groups = {cg.pk: cg for cg in ClassGroup.objects.filter(pk__in=class_ids).select_related("year")}
    many_years = len({cg.year_id for cg in groups.values()}) > 1
    ordered = sorted(groups.values(), key=lambda cg: (cg.year.start, cg.grade, cg.letter))
    for cg in ordered:
        rows[cg.pk].class_group = cg
        rows[cg.pk].label = _class_label(cg, many_years)

    reason_columns = []
    used = {reason for pk in class_ids for reason, n in rows[pk].left_by_reason.items() if n}
    for value in DEPARTURE_REASONS:
        if value in used:
            reason_columns.append((value, MovementReason(value).label))

    out = []
    if classes is not None:
        out = [rows[cg.pk] for cg in ordered]
        total = None
    else:
        out, total = _with_subtotals(ordered, rows, many_years)
    for row in out + ([total] if total else []):
        row.reasons_list = row.reasons(reason_columns)
    report = MovementReport(start=start, end=end, rows=out, total=total, reason_columns=reason_columns,
                            inconsistent=[])
    if inconsistent:
        visible = Student.objects.filter(pk__in=inconsistent)
        if classes is not None:
            visible = visible.filter(class_group__in=classes)
        report.inconsistent = list(visible.order_by("sort_key")[:50])
    return report


def _with_subtotals(ordered, rows, many_years):
    out = []
    total = Row(label=str(_("School total")), kind="total")
    by_year = defaultdict(list)
    for cg in ordered:
        by_year[cg.year].append(cg)
    for year, year_classes in by_year.items():
        for low, high, level_label in LEVELS:
            level_classes = [cg for cg in year_classes if low <= cg.grade <= high]
            if not level_classes:
                continue
            level_row = Row(label=str(level_label) + (f" ({year.name})" if many_years else ""), kind="level")
            for grade in range(low, high + 1):
                grade_classes = [cg for cg in level_classes if cg.grade == grade]
                if not grade_classes:
                    continue
                grade_row = Row(label=str(_("Grade %(grade)s total") % {"grade": grade}), kind="grade")
                for cg in grade_classes:
                    out.append(rows[cg.pk])
                    grade_row.add(rows[cg.pk])
                if len(grade_classes) > 1:
                    out.append(grade_row)
                level_row.add(grade_row)
            out.append(level_row)
            total.add(level_row)
    # moves between classes of the school cancel out in the school's total
    total.arrived_internal = None
    total.left_internal = None
    return out, total


def report_header(report):
    """The two header rows shared by the page, the PDF and the XLSX:
    [(label, colspan, rowspan)], [(label)] of the second row."""
    reasons = [str(label) for _value, label in report.reason_columns]
    top = [
        (str(_("Class")), 1, 2),
        (str(_("On the roll at the start")), 1, 2),
        (str(_("Arrived")), 3, 1),
        (str(_("Left")), len(reasons) + 2, 1),
        (str(_("On the roll at the end")), 1, 2),
    ]
    second = [str(_("from outside the school")), str(_("from other classes")), str(_("total")),
              *reasons, str(_("to other classes")), str(_("total"))]
    return top, second


def report_cells(report, row):
    """A row's figures in the order of report_header (None where a figure does not apply)."""
    return [row.start, row.arrived_outside, row.arrived_internal, row.arrived,
            *row.reasons(report.reason_columns), row.left_internal, row.left, row.end]


def movement_report_xlsx(report, school):
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Movement of students"))[:31]
    top, second = report_header(report)
    width = 1 + len(second) + 2
    sheet.append([school.name])
    sheet.append([str(_("Movement of students from %(start)s to %(end)s")
                      % {"start": report.start.strftime("%d.%m.%Y"), "end": report.end.strftime("%d.%m.%Y")})])
    for r in (1, 2):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        sheet.cell(row=r, column=1).font = Font(bold=True, size=12)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    col = 1
    for label, colspan, rowspan in top:
        sheet.cell(row=4, column=col, value=label)
        sheet.merge_cells(start_row=4, start_column=col, end_row=4 + rowspan - 1, end_column=col + colspan - 1)
        col += colspan
    for i, label in enumerate(second):
        sheet.cell(row=5, column=3 + i, value=label)
    for r in (4, 5):
        for c in range(1, width + 1):
            cell = sheet.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border = Font(bold=True), center, border
    rows = list(report.rows) + ([report.total] if report.total else [])
    for n, row in enumerate(rows, start=6):
        values = [row.label, *report_cells(report, row)]
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=n, column=c, value="—" if value is None else value)
            cell.border = border
            if c > 1:
                cell.alignment = Alignment(horizontal="center")
            if row.kind != "class":
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    for c in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 12
    sheet.row_dimensions[5].height = 45
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
