"""Template helpers of the reports: the dynamics arrows beside a figure; the cells of a row of the
achievement summary."""

from decimal import Decimal
from html import escape

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def dynamics(row, figure):
    """Arrows for a figure of a report row: ▲▼ against the previous period, △▽ against the same
    period last year, with the figures in words for screen readers (and as a tooltip)."""
    changes = getattr(row, "dynamics", {}).get(figure)
    if not changes:
        return ""
    return format_html_join(
        "", ' <span class="rp-dyn rp-dyn--{}" title="{}"><span aria-hidden="true">{}{}</span>'
            '<span class="visually-hidden">{}</span></span>',
        ((("good" if c.good else "bad" if c.good is False else "same"), text, c.arrow,
          "" if c.direction == "same" else c.delta_label, text) for c in changes for text in (c.text,)),
    )


ACHIEVEMENT_FIGURES = ("graded", "not_certified", "exempt", "excellent", "good", "one_four", "one_three", "failing",
                       "pass_rate", "quality", "sou", "average")


def _cell(value, decimal_separator):
    """A figure as the template prints it ({{ value|default_if_none:"—" }}: localized, the decimal
    comma in ky and ru), without the template's per-value machinery."""
    if value is None:
        return "—"
    if decimal_separator is not None:
        if type(value) is int:
            return str(value)
        if isinstance(value, Decimal):
            return format(value, "f").replace(".", decimal_separator)
    return conditional_escape(localize(value))


@register.simple_tag
def achievement_cells(row, period, print_=False):
    """The cells of a row of the achievement summary after its name, in the order of the table's
    head (_achievement_table.html): the roll, the figures with their dynamics (not in print), the
    failing students with their subjects (class rows; linked to the student's card on screen).
    Built in one pass: a school's summary has ~40 rows of 17 cells, which as template nodes cost
    more than the whole report's figures."""
    # plain numbers need no locale's grouping unless the settings ask for it
    separator = None if settings.USE_THOUSAND_SEPARATOR else get_format("DECIMAL_SEPARATOR")
    cells = [f"<td>{_cell(getattr(row, name), separator)}</td>" for name in ("start", "arrived", "left", "end")]
    if row.without_marks:
        cells.append(format_html('<td colspan="13" class="note">{}</td>', gettext("Assessed without marks")))
        return mark_safe("".join(cells))  # noqa: S308 - every part escaped above
    for name in ACHIEVEMENT_FIGURES:
        cells.append(f"<td>{_cell(getattr(row, name), separator)}{'' if print_ else dynamics(row, name)}</td>")
    if row.kind == "total":
        cells.append("<td></td>")
        return mark_safe("".join(cells))  # noqa: S308 - every part escaped above
    if row.no_grades:
        names = conditional_escape(gettext("No period grades yet"))
    elif row.kind == "class" and row.failing_students:
        # the student card's address, reversed once ({% url 'journal:reports_student' pk %})
        head, tail = reverse("journal:reports_student", args=[0]).rsplit("/0/", 1)
        parts = []
        for student, bad in row.failing_students:
            name = escape(student.short_name)
            if not print_:
                name = f'<a href="{escape(head)}/{int(student.pk)}/{escape(tail)}?period={int(period.pk)}">{name}</a>'
            marks = ", ".join(f"{escape(subject.short_name)} {escape(mark)}" for subject, mark in bad)
            parts.append(f"{name}: {marks}")
        names = "; ".join(parts)
    else:
        names = ""
    cells.append(f'<td class="name">{names}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - every part escaped above


@register.simple_tag
def dynamics_legend():
    from django.utils.translation import gettext as _

    return format_html('<p class="rp-rule">{}</p>', _(
        "▲ ▼ beside a figure: up or down against the previous period; △ ▽: against the same period last "
        "year (the class of the same name); green is better, red is worse."))
