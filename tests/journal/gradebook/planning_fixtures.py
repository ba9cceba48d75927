"""Fixtures of the planning tests (part B). Import them into a test module:

    from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

`cal`: small_school (tests/conftest.py) with the year's quarters, the year period and holidays,
bell times, and a timetable for 5 «А» maths (assignment_a: Mon 1, Tue 2, Wed 3, Thu 4, Fri 5)
and 5 «Б» maths (assignment_b: Mon 2). Nothing generated yet.
"""

import datetime
from types import SimpleNamespace

import pytest

from journal.gradebook.models import BellTime, TimetableEntry
from journal.register import factories as f
from journal.register.models import Holiday, PeriodKind

Q1 = (datetime.date(2026, 9, 1), datetime.date(2026, 10, 31))
AUTUMN = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 9))
WINTER = (datetime.date(2026, 12, 30), datetime.date(2027, 1, 11))


@pytest.fixture(name="cal")
def cal_fixture(small_school):
    s = small_school
    year = s.year
    q1 = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=1, start=Q1[0], end=Q1[1])
    q2 = s.period  # 10.11.2026 – 29.12.2026
    q3 = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=3, start=datetime.date(2027, 1, 12),
                              end=datetime.date(2027, 3, 20))
    q4 = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=4, start=datetime.date(2027, 4, 1),
                              end=datetime.date(2027, 5, 25))
    year_period = f.StudyPeriodFactory(year=year, kind=PeriodKind.YEAR, number=1, start=year.start, end=year.end)
    Holiday.objects.create(year=year, name="Күзгү каникул", start=AUTUMN[0], end=AUTUMN[1])
    Holiday.objects.create(year=year, name="Кышкы каникул", start=WINTER[0], end=WINTER[1])
    for n, (start, end) in enumerate([("08:00", "08:45"), ("08:55", "09:40"), ("09:50", "10:35"),
                                      ("10:55", "11:40"), ("11:50", "12:35")], start=1):
        BellTime.objects.create(school=s.school, number=n, start=start, end=end)
    entries = [
        TimetableEntry.objects.create(school=s.school, year=year, class_group=s.class_a, weekday=day,
                                      lesson_number=day, assignment=s.assignment_a, room="204",
                                      valid_from=year.start)
        for day in range(1, 6)
    ]
    entries.append(TimetableEntry.objects.create(school=s.school, year=year, class_group=s.class_b, weekday=1,
                                                 lesson_number=2, assignment=s.assignment_b, room="205",
                                                 valid_from=year.start))
    return SimpleNamespace(**vars(s), q1=q1, q2=q2, q3=q3, q4=q4, year_period=year_period, entries=entries)


@pytest.fixture(name="log_in")
def log_in_fixture(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login
