"""The archive's printed forms laid out with ReportLab (A4, PT Sans for Ң Ө Ү, school header,
signature lines, place of the seal) — the same layout as the register's long lists
(journal.register.reports.tables). A year's archive holds hundreds of sheets: the HTML renderer
(xhtml2pdf, ~1 s a sheet) would take too long, ReportLab's table engine takes a fraction of it.
Cells are plain strings (no Paragraph per cell), which keeps a 30 × 170 journal fast."""

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from journal.register.reports.tables import (
    FONT,
    FONT_BOLD,
    _fonts,
    _styles,
    page_footer,
    paragraph,
    signature_table,
)

PAGE = landscape(A4)
MARGIN = 1.2 * cm
WIDTH = PAGE[0] - 2 * MARGIN


def text(value):
    return "" if value is None else str(value)


class SparseTable(Table):
    """A table that does not draw empty cells (a year's journal is mostly empty cells: drawing
    "" costs as much as drawing a mark)."""

    def _drawCell(self, cellval, cellstyle, pos, size):
        if cellval == "":
            return
        super()._drawCell(cellval, cellstyle, pos, size)


def grid(data, *, widths, header_rows=1, spans=(), bold_cells=(), font_size=7.5, left_columns=(1,)):
    """A bordered table of plain strings, header rows repeated on every page. `widths` are in
    points and are scaled to the page width when they do not fit."""
    total = sum(widths)
    if total > WIDTH:
        widths = [w * WIDTH / total for w in widths]
    table = SparseTable([[text(c) for c in row] for row in data], colWidths=widths, repeatRows=header_rows)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, font_size),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, font_size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8e8e8")),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for column in left_columns:
        style.append(("ALIGN", (column, header_rows), (column, -1), "LEFT"))
    for start, end in spans:
        style.append(("SPAN", start, end))
    for cell in bold_cells:
        style.append(("FONT", cell, cell, FONT_BOLD, font_size))
    table.setStyle(TableStyle(style))
    return table


def render(*, school, title, subtitle, blocks, signatures=True, signers=()):
    """PDF bytes: the school's name, the title and subtitle, then `blocks` (flowables; the string
    "page" starts a new page; any other string is a line of text), signatures (the director's, the
    deputy's, then `signers`: pairs of a role and a name) and the place of the seal."""
    _fonts()
    styles = _styles()
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=1.6 * cm, title=str(title), author=str(school.name))
    story = [paragraph(school.name, styles["school"]), paragraph(title, styles["title"]),
             paragraph(subtitle, styles["subtitle"])]
    for block in blocks:
        if block == "page":
            story.append(PageBreak())
        elif isinstance(block, str):
            story.append(paragraph(block, styles["sign"]))
        else:
            story += [block, Spacer(1, 6)]
    if signatures:
        story += [Spacer(1, 10), signature_table(school, WIDTH, styles["sign"], signers)]
    footer = page_footer(school, MARGIN)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
