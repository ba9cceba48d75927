"""Helpers shared by the planning and reading views (timetable, plans, fill control, print,
diary)."""

import datetime
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from journal.register.models import AcademicYear
from portal.access import school_for_request


def private(view):
    """login_required + never_cache, and request.school set (404 without a school)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        school = school_for_request(request)
        if school is None:
            raise Http404
        request.school = school
        return view(request, *args, **kwargs)

    return never_cache(login_required(wrapper))


def current_year(school):
    """The school's current academic year (else the latest); 404 when it has none."""
    year = AcademicYear.objects.filter(school=school, is_current=True).first() or AcademicYear.objects.filter(
        school=school
    ).order_by("-start").first()
    if year is None:
        raise Http404
    return year


def parse_date(value, default=None):
    if not value:
        return default
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return default


def parse_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def optional_url(name, **kwargs):
    """reverse() that returns None when the URL is not installed (or takes other arguments):
    links into the other part of the journal appear when it is there."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def grid_url(assignment_id, period_id=None):
    """The journal grid of an assignment (part A's `journal:grid`), if installed."""
    for kwargs in ({"assignment_id": assignment_id}, {"pk": assignment_id}, {"assignment": assignment_id}):
        url = optional_url("journal:grid", **kwargs)
        if url:
            return f"{url}?period={period_id}" if period_id else url
    return None


def lesson_url(lesson_id):
    for kwargs in ({"lesson_id": lesson_id}, {"pk": lesson_id}):
        url = optional_url("journal:lesson_detail", **kwargs) or optional_url("journal:lesson", **kwargs)
        if url:
            return url
    return None
