"""The documents of a year's archive, each as PDF bytes laid out by journal.archive.pdf from the
figures the screens and the single-sheet prints use (journal.gradebook.reports, the movement
report of the register, the year statement of this app) — so the archive can never disagree
with them."""

import textwrap

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.units import cm

from journal.gradebook.marks import ABSENCE_MARKS
from journal.gradebook.models import AbsenceStatus
from journal.gradebook.reports import class_journal, period_sheet
from journal.gradebook.templatetags.planning_tags import period_label
from journal.register.reports.movement import movement_report, report_cells, report_header

from . import pdf
from .selectors.statement import year_statement

NAME_WIDTH = 4.4 * cm
NUMBER_WIDTH = 0.7 * cm


def _dates(period):
    return f"{date_format(period.start, 'SHORT_DATE_FORMAT')} – {date_format(period.end, 'SHORT_DATE_FORMAT')}"


def journal_pdf(school, assignment, period):
    """The printed class journal of a subject for the year: marks in chunks of lesson dates, then
    the lessons with their topics and homework."""
    data = class_journal(assignment, period)
    blocks = [f"{_('Teacher')}: {assignment.teacher.full_name} · {_('Lessons')}: {len(data['lessons'])}"
              f" · {_('Academic year')} {assignment.year}"]
    for index, chunk in enumerate(data["chunks"]):
        if index:
            blocks.append("page")
        header = ["№", _("Student"), *[f"{lesson.date:%d.%m}" for lesson in chunk["lessons"]]]
        widths = [NUMBER_WIDTH, NAME_WIDTH] + [0.8 * cm] * len(chunk["lessons"])
        if chunk["last"]:
            header += [_("Avg."), _("Missed"), period_label(period)]
            widths += [1.1 * cm, 1.3 * cm, 1.3 * cm]
        rows = [header]
        for row in chunk["rows"]:
            cells = [row["number"], row["student"].short_name + (" *" if row["left"] else ""),
                     *[cell.text for cell in row["cells"]]]
            if chunk["last"]:
                cells += [row["average"], row["missed"] or "", row["final"]]
            rows.append(cells)
        blocks.append(pdf.grid(rows, widths=widths))
    marks = "; ".join(f"{ABSENCE_MARKS[s]} — {s.label}" for s in AbsenceStatus)
    blocks += [f"{_('Marks')}: {marks}. {_('* left the class')}", "page", _("Lessons: topics and homework")]
    lessons = [["№", _("Date"), _("Topic"), _("Homework")]]
    for number, lesson in enumerate(data["lessons"], start=1):
        topic = lesson.topic or (lesson.plan_topic.title if lesson.plan_topic else "")
        lessons.append([number, f"{lesson.date:%d.%m.%Y}", _wrap(topic, 95), _wrap(lesson.homework, 75)])
    blocks.append(pdf.grid(lessons, widths=[0.8 * cm, 1.8 * cm, 12.5 * cm, 10 * cm], left_columns=(2, 3)))
    subject = assignment.subject.name
    if assignment.subgroup:
        subject += f" ({_('group %(n)s') % {'n': assignment.subgroup}})"
    subtitle = f"{assignment.class_group} · {subject} · {period_label(period)}: {_dates(period)}"
    return pdf.render(school=school, title=_("Class journal"), subtitle=subtitle, blocks=blocks,
                      signers=[(_("Teacher"), assignment.teacher.full_name)])


def _wrap(value, width):
    """A long topic or homework on several lines of its cell (plain strings keep the table fast)."""
    return "\n".join(textwrap.wrap(value or "", width))


def _figure_rows(label_width, labels_and_figures, overall):
    """The rows under a sheet: counts of 5/4/3/2/н/а and the figures, per column and overall."""
    keys = [("«5»", lambda f: f["n"]["5"]), ("«4»", lambda f: f["n"]["4"]), ("«3»", lambda f: f["n"]["3"]),
            ("«2»", lambda f: f["n"]["2"]), (_("Not certified"), lambda f: f["n"]["na"]),
            (_("Pass rate, %"), lambda f: f["pass_rate"]), (_("Quality, %"), lambda f: f["quality"]),
            (_("Degree of learning (SOU), %"), lambda f: f["sou"]), (_("Average grade"), lambda f: f["average"])]
    rows = []
    for label, get in keys:
        row = [label, ""][:label_width] + [get(f) for f in labels_and_figures]
        if overall is not None:
            row.append(get(overall))
        rows.append(row)
    return rows


def period_sheet_pdf(school, class_group, period):
    """The period-grade sheet of a class (students × subjects) with the figures."""
    data = period_sheet(class_group, period)
    subjects = data["subjects"]
    header = ["№", _("Student"), *[s["subject"].short_name for s in subjects], _("Avg."), _("Missed (ill)")]
    rows = [header]
    for row in data["rows"]:
        missed = f"{row['missed']} ({row['ill']})" if row["ill"] else (row["missed"] or "")
        rows.append([row["number"], row["student"].short_name, *row["cells"], row["average"], missed])
    failing = [(column, r) for r, row in enumerate(rows[1:], start=1)
               for column, cell in enumerate(row[2:2 + len(subjects)], start=2) if cell in ("1", "2")]
    first = len(rows)
    for figure_row in _figure_rows(2, data["subject_figures"], data["overall"]):
        rows.append([*figure_row, ""])
    spans = [((0, r), (1, r)) for r in range(first, len(rows))]
    subject_width = max(min(19.7 * cm / max(len(subjects), 1), 2.2 * cm), 0.9 * cm)
    widths = [NUMBER_WIDTH, NAME_WIDTH] + [subject_width] * len(subjects) + [1.1 * cm, 1.4 * cm]
    c = data["class"]
    summary = [
        [_("Students in the class"), c["students"], _("Graded"), c["graded"]],
        [_("Excellent students (only 5)"), c["excellent"], _("With one 4"), c["one_four"]],
        [_("Only 4 and 5 (incl. excellent)"), c["good"], _("With one 3"), c["one_three"]],
        [_("Failing students"), c["failing"], _("Average grade"), data["overall"]["average"]],
        [_("Pass rate, %"), c["pass_rate"], _("Quality, %"), c["quality"]],
        [_("Degree of learning (SOU), %"), data["overall"]["sou"], _("Lessons missed (ill / excused)"),
         f"{data['missed']} ({data['missed_ill']} / {data['missed_excused']})"],
    ]
    class_teacher = class_group.class_teacher.full_name if class_group.class_teacher else ""
    blocks = [
        f"{_('Class teacher')}: {class_teacher or '—'} · {_('Students')}: {len(data['rows'])}",
        pdf.grid(rows, widths=widths, spans=spans, bold_cells=failing),
        pdf.grid(summary, widths=[6.5 * cm, 2.2 * cm, 6.5 * cm, 2.8 * cm], header_rows=0, left_columns=(0, 2)),
    ]
    subtitle = f"{class_group} · {period_label(period)}: {_dates(period)} · {class_group.year}"
    return pdf.render(school=school, title=_("Period-grade sheet"), subtitle=subtitle, blocks=blocks,
                      signers=[(_("Class teacher"), class_teacher)])


SUBJECTS_PER_TABLE = 4


def year_statement_pdf(school, class_group):
    """The year statement (итоговая ведомость): each student's period grades and year grade in
    every subject, a few subjects side by side per table, then the year figures per subject."""
    data = year_statement(class_group)
    columns = data["columns"]
    width = len(columns)
    blocks = [f"{_('Class teacher')}: {class_group.class_teacher.full_name if class_group.class_teacher else '—'}"
              f" · {_('Students')}: {len(data['rows'])}"]
    subjects = data["subjects"]
    for start in range(0, max(len(subjects), 1), SUBJECTS_PER_TABLE):
        part = list(range(start, min(start + SUBJECTS_PER_TABLE, len(subjects))))
        top = ["№", _("Student")]
        second = ["", ""]
        spans = [((0, 0), (0, 1)), ((1, 0), (1, 1))]
        for i, index in enumerate(part):
            top += [subjects[index].short_name] + [""] * (width - 1)
            second += [c["label"] for c in columns]
            first_col = 2 + i * width
            spans.append(((first_col, 0), (first_col + width - 1, 0)))
        rows = [top, second]
        for row in data["rows"]:
            rows.append([row["number"], row["student"].short_name,
                         *[label for index in part for label in row["cells"][index]]])
        widths = [NUMBER_WIDTH, NAME_WIDTH] + [min(1.3 * cm, 19 * cm / max(len(part) * width, 1))] * (len(part) * width)
        blocks.append(pdf.grid(rows, widths=widths, header_rows=2, spans=spans, font_size=7))
    blocks.append(_("I–IV: quarters (I–II: half-years)."))
    if subjects:
        rows = [[_("Year grade"), *[s.short_name for s in subjects]]]
        rows += _figure_rows(1, data["year_figures"], None)
        widths = [5 * cm] + [min(2.2 * cm, 20 * cm / len(subjects))] * len(subjects)
        blocks += [_("Year figures by subject"), pdf.grid(rows, widths=widths, left_columns=(0,))]
    subtitle = f"{class_group} · {class_group.year}"
    return pdf.render(school=school, title=_("Year statement"), subtitle=subtitle, blocks=blocks)


def movement_pdf(school, year):
    """The movement of students over the year, per class with subtotals and the school total."""
    report = movement_report(school=school, start=year.start, end=year.end)
    top, second = report_header(report)
    first_row, spans, column = [], [], 0
    for label, colspan, rowspan in top:
        first_row += [label] + [""] * (colspan - 1)
        if colspan > 1 or rowspan > 1:
            spans.append(((column, 0), (column + colspan - 1, rowspan - 1)))
        column += colspan
    second_row = ["", "", *second, ""]  # under «arrived» and «left»; the others span two rows
    rows = [first_row, second_row]
    for row in [*report.rows, *([report.total] if report.total else [])]:
        rows.append([row.label, *["—" if v is None else v for v in report_cells(report, row)]])
    widths = [3.2 * cm] + [(pdf.WIDTH - 3.2 * cm) / (len(first_row) - 1)] * (len(first_row) - 1)
    blocks = [pdf.grid(rows, widths=widths, header_rows=2, spans=spans, left_columns=(0,))]
    subtitle = f"{year} · {_dates(year)}"
    return pdf.render(school=school, title=_("Movement of students"), subtitle=subtitle, blocks=blocks)
