"""Filters that print people's data the way it is read in Kyrgyzstan: {% load text_format %}."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from portal.phones import phone_display

register = template.Library()


@register.filter
def phone(value):
    """{{ guardian.phone|phone }} → +996 555 123 456 (stored as +996555123456)."""
    return phone_display(value)


@register.filter
def day_date(value, with_year=False):
    """{{ lesson.date|day_date }} → «Дүйшөмбү, 30-ноябрь» / «Понедельник, 30 ноября»; with a
    true argument the year too («…, 30-ноябрь 2026-ж.»)."""
    if not value:
        return ""
    from django.utils.formats import date_format

    return f"{date_format(value, 'l')}, {date_format(value, 'DATE_FORMAT' if with_year else 'MONTH_DAY_FORMAT')}"


@register.filter(needs_autoescape=True)
def in_language(value, autoescape=True):
    """A bilingual field's text with line breaks; Kyrgyz text standing in for a missing Russian
    one is marked lang="ky" and labelled «(на кыргызском языке)»; empty: a dash."""
    if not value:
        return "—"
    escape = conditional_escape if autoescape else (lambda text: text)
    text = mark_safe(escape(str(value)).replace("\n", "<br>"))
    if getattr(value, "is_fallback", False):
        return format_html('<span lang="ky">{}</span> <small class="lang-fallback">({})</small>', text,
                           gettext("in Kyrgyz"))
    return text
