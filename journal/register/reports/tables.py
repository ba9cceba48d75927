"""A register list (a django-tables2 table) as an A4 PDF: school header, the filtered rows with
the columns shown on the page, signature lines and the place of the seal — the same layout as
the print base (journal/print/base.html), with PT Sans for the Kyrgyz letters.

Lists are long (a thousand students): they are laid out with ReportLab's own table engine, which
takes a second or two where the HTML renderer (journal.pdf) would take minutes."""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, FONT_BOLD = "PTSans", "PTSans-Bold"


def _fonts():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        font_dir = Path(settings.FONT_DIR)
        pdfmetrics.registerFont(TTFont(FONT, str(font_dir / "PT_Sans-Web-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_dir / "PT_Sans-Web-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def table_rows(table):
    """Header and rows of the table's visible columns, as plain text."""
    hidden = [column.name for column in table.columns.iterall() if not column.visible]
    values = list(table.as_values(exclude_columns=hidden))
    return values[0], values[1:]


def _styles():
    return {
        "school": ParagraphStyle("school", fontName=FONT_BOLD, fontSize=10, alignment=TA_CENTER, leading=13),
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=13, alignment=TA_CENTER, leading=17,
                                spaceBefore=2),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=9.5, alignment=TA_CENTER, leading=12,
                                   spaceAfter=8),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=9.6),
        "head": ParagraphStyle("head", fontName=FONT_BOLD, fontSize=8, leading=9.6),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=10, leading=13),
    }


def paragraph(text, style):
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def page_footer(school, margin):
    """The footer of every page (school, printing time, page number): onFirstPage/onLaterPages."""
    printed = timezone.localtime()

    def footer(canvas, doc_):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(margin, 0.8 * cm, f"{school.name} · {_('Printed')} {printed:%d.%m.%Y %H:%M} · "
                                             f"{_('Page')} {doc_.page}")
        canvas.restoreState()

    return footer


def signature_table(school, width, style, signers=()):
    """Signature lines of the director and the deputy (then `signers`, pairs of a role and a
    name, e.g. the class teacher), and the place of the seal."""
    line = "_" * 24
    signatures = Table(
        [
            [paragraph(_("Director"), style), paragraph(line, style), paragraph(school.director_name, style)],
            [paragraph(_("Deputy director for academic work"), style), paragraph(line, style),
             paragraph(school.deputy_name, style)],
            *[[paragraph(role, style), paragraph(line, style), paragraph(name, style)] for role, name in signers],
            [paragraph(f"{_('Seal')}: {_('P.S.')}", style), "", ""],
        ],
        colWidths=[0.32 * width, 0.28 * width, 0.40 * width],
    )
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 8)]))
    return signatures


def render_table_pdf(*, header, rows, title, school, subtitle="", landscape_page=True):
    """PDF bytes of a list: № column, the header row repeated on every page."""
    _fonts()
    styles = _styles()
    pagesize = landscape(A4) if landscape_page else A4
    out = BytesIO()
    margin = 1.2 * cm
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=1.6 * cm, title=str(title), author=str(school.name))
    footer = page_footer(school, margin)

    def p(text, style="cell"):
        return paragraph(text, styles[style])

    data = [[p("№", "head"), *[p(h, "head") for h in header]]]
    data += [[p(i), *[p(c) for c in row]] for i, row in enumerate(rows, start=1)]
    if not rows:
        data.append([p(""), p(_("Nothing found.")), *[p("") for _h in header[1:]]])
    width = pagesize[0] - 2 * margin
    lengths = [max([len(str(h)) for h in header[i:i + 1]] + [len(str(r[i])) for r in rows[:300]] + [4])
               for i in range(len(header))]
    lengths = [min(n, 40) for n in lengths]
    number_width = 0.9 * cm
    scale = (width - number_width) / sum(lengths)
    grid = Table(data, colWidths=[number_width, *[n * scale for n in lengths]], repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story = [p(school.name, "school"), p(title, "title"), p(subtitle, "subtitle"), grid, Spacer(1, 14),
             signature_table(school, width, styles["sign"])]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def table_pdf_response(*, table, title, school, request=None, filename=None, subtitle="", landscape=True):
    header, rows = table_rows(table)
    today = timezone.localdate().strftime("%d.%m.%Y")
    count = _("%(n)s rows") % {"n": len(rows)}
    subtitle = " · ".join(part for part in (str(subtitle), today, count) if part)
    data = render_table_pdf(header=header, rows=rows, title=title, school=school, subtitle=subtitle,
                            landscape_page=landscape)
    response = HttpResponse(data, content_type="application/pdf")
    filename = filename or f"{slugify(str(title)) or 'list'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
