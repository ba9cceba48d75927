"""Template filters of the planning and reading pages (timetable, plans, print, diary)."""

from django import template

from ..selectors.calendar import period_label as _period_label

register = template.Library()


@register.filter
def period_label(period):
    """A study period's name without its grade range: «2 чейрек», «Жыл»."""
    return _period_label(period)
