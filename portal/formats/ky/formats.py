"""Kyrgyz formats as a Kyrgyz school writes them, over Django's own ``ky`` formats.

Decimals take a comma (3,14), as in Russian; dates read «30-ноябрь 2026-ж.» (the day joined to
the lowercase month name, which ``locale/vendor/src/django_dates.ky.po`` provides for the letter E).
"""

from django.conf.locale.ky.formats import *  # noqa: F401,F403

DATE_FORMAT = "j-E Y-ж."
DATETIME_FORMAT = "j-E Y-ж. G:i"
MONTH_DAY_FORMAT = "j-E"
YEAR_MONTH_FORMAT = "Y-ж. E"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
