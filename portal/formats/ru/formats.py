"""Russian formats over Django's own ``ru``: a day and month read «30 ноября» (genitive, lowercase)."""

from django.conf.locale.ru.formats import *  # noqa: F401,F403

MONTH_DAY_FORMAT = "j E"
