"""Template helpers of the reports: the dynamics arrows beside a figure."""

from django import template
from django.utils.html import format_html, format_html_join

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
        ((("good" if c.good else "bad" if c.good is False else "same"), c.text, c.arrow,
          "" if c.direction == "same" else c.delta_label, c.text) for c in changes),
    )


@register.simple_tag
def dynamics_legend():
    from django.utils.translation import gettext as _

    return format_html('<p class="rp-rule">{}</p>', _(
        "▲ ▼ beside a figure: up or down against the previous period; △ ▽: against the same period last "
        "year (the class of the same name); green is better, red is worse."))
