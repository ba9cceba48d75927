"""Fixtures of the class-journal tests (part A, daily work): the small school of tests/conftest.py
with a full year of study periods, the default grade types and a few lessons of 5 «А» maths."""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.services.grade_types import grade_types_ensure_defaults
from journal.register import factories as f
from journal.register.models import PeriodKind

Q2_DATES = [datetime.date(2026, 11, d) for d in (10, 11, 12, 13, 16, 17)]


@pytest.fixture
def gb(small_school):
    """small_school + quarters 1–4 and the year (quarter 2 is small_school.period), grade types,
    six lessons of assignment_a and two of assignment_b in quarter 2."""
    s = small_school
    year = s.year
    q1 = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=1, start=datetime.date(2026, 9, 1),
                              end=datetime.date(2026, 11, 2))
    q2 = s.period
    q3 = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=3, start=datetime.date(2027, 1, 12),
                              end=datetime.date(2027, 3, 20))
    q4 = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=4, start=datetime.date(2027, 4, 1),
                              end=datetime.date(2027, 5, 31))
    year_period = f.StudyPeriodFactory(year=year, kind=PeriodKind.YEAR, number=1, start=year.start, end=year.end)
    types = {t.code: t for t in grade_types_ensure_defaults(s.school)}
    lessons = [gf.LessonFactory(assignment=s.assignment_a, date=d, lesson_number=2) for d in Q2_DATES]
    lessons_b = [gf.LessonFactory(assignment=s.assignment_b, date=d, lesson_number=3) for d in Q2_DATES[:2]]
    return SimpleNamespace(**vars(s), q1=q1, q2=q2, q3=q3, q4=q4, year_period=year_period, types=types,
                           lessons=lessons, lessons_b=lessons_b, lesson=lessons[0])


def post_cell(client, assignment, **data):
    """POST one change to the grid's cell API (JSON)."""
    return client.post(reverse("journal:grid_cell", args=[assignment.pk]), data=json.dumps(data),
                       content_type="application/json", HTTP_ACCEPT="application/json")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login


@pytest.fixture
def school_day(monkeypatch):
    """Set the school's "today" the journal's write checks use (services.common.school_today)."""
    def _set(day):
        monkeypatch.setattr("journal.gradebook.services.common.school_today", lambda: day)
    return _set
