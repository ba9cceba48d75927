"""Reads of the archive page: the school's years with their archives (two queries)."""

from journal.register.models import AcademicYear
from portal import access


def years_with_archives(user, school):
    archives = list(access.archives_visible(user, school).select_related("created_by").order_by("-version"))
    years = list(AcademicYear.objects.filter(school=school).order_by("-start"))
    for year in years:
        year.archive_list = [a for a in archives if a.year_id == year.pk]
    return years


def archive_status(user, school, ids):
    """State and progress of the given archives the user may see (for the page's polling)."""
    return [
        {"id": a.pk, "state": a.state, "done": a.done, "total": a.total, "percent": a.percent,
         "state_label": str(a.get_state_display())}
        for a in access.archives_visible(user, school).filter(pk__in=ids)
    ]
