"""Filters that print people's data the way it is read in Kyrgyzstan: {% load text_format %}."""

from django import template

from portal.phones import phone_display

register = template.Library()


@register.filter
def phone(value):
    """{{ guardian.phone|phone }} → +996 555 123 456 (stored as +996555123456)."""
    return phone_display(value)
