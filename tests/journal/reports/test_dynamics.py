"""Dynamics of the report figures (issue 10 §1) against a hand-worked school: two quarters of
this year and the 2nd quarter of last year, one subject.

5 «А», maths, period grades of its four students:
  this year, 1st quarter   5 5 4 3   graded 4, only 5: 2, only 4–5: 3, failing 0,
                                     pass 100,0 %, quality 75,0 %, СОУ (2·100+64+36)/4 = 75,0, avg 4,25
  this year, 2nd quarter   5 4 3 2   graded 4, only 5: 1, only 4–5: 2, failing 1,
                                     pass 75,0 %, quality 50,0 %, СОУ (100+64+36+16)/4 = 54,0, avg 3,50
  last year, 2nd quarter   4 4 3 3   graded 4, only 5: 0, only 4–5: 2, failing 0,
    (last year's 5 «А»)              pass 100,0 %, quality 50,0 %, СОУ (2·64+2·36)/4 = 50,0, avg 3,50
5 «Б» has marks only this year (no last-year dynamics); the 1st quarter has no previous period.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.register import factories as f
from journal.register.models import ClassGroup
from journal.reports.selectors import achievement_summary, subject_summary
from journal.reports.selectors.dynamics import LAST_YEAR, PREVIOUS

D = datetime.date


@pytest.fixture
def two_years(small_school):
    s = small_school
    s.q2 = s.period
    s.q1 = f.StudyPeriodFactory(year=s.year, number=1, start=D(2026, 9, 1), end=D(2026, 11, 1))
    s.last_year = f.AcademicYearFactory(school=s.school, name="2025–2026", start=D(2025, 9, 1), end=D(2026, 5, 31),
                                        is_current=False)
    s.last_q2 = f.StudyPeriodFactory(year=s.last_year, number=2, start=D(2025, 11, 10), end=D(2025, 12, 29))
    s.last_a = f.ClassGroupFactory(school=s.school, year=s.last_year, grade=5, letter="А")
    last_math = f.TeachingAssignmentFactory(class_group=s.last_a, teacher=s.teacher, subject=s.math)
    last_students = [f.StudentFactory(school=s.school, class_group=s.last_a) for _ in range(4)]
    for period, assignment, students, marks in (
        (s.q1, s.assignment_a, s.students_a, (5, 5, 4, 3)),
        (s.q2, s.assignment_a, s.students_a, (5, 4, 3, 2)),
        (s.last_q2, last_math, last_students, (4, 4, 3, 3)),
        (s.q2, s.assignment_b, s.students_b, (4, 4)),
    ):
        for student, mark in zip(students, marks, strict=False):
            gf.PeriodGradeFactory(assignment=assignment, student=student, period=period, value=mark)
    return s


def _summary(s, period):
    return achievement_summary(school=s.school, period=period, classes=ClassGroup.objects.filter(year=s.year),
                               compare_classes=ClassGroup.objects.filter(school=s.school))


def _changes(row, figure):
    return {c.which: (c.base, c.value, c.direction) for c in row.dynamics.get(figure, [])}


def test_class_figures_beside_previous_period_and_last_year(two_years):
    s = two_years
    summary = _summary(s, s.q2)
    row = next(r for r in summary.class_rows if r.class_group == s.class_a)
    assert (row.pass_rate, row.quality, row.sou, row.average) == (Decimal("75.0"), Decimal("50.0"), Decimal("54.0"),
                                                                  Decimal("3.50"))
    assert _changes(row, "pass_rate") == {PREVIOUS: (Decimal("100.0"), Decimal("75.0"), "down"),
                                          LAST_YEAR: (Decimal("100.0"), Decimal("75.0"), "down")}
    assert _changes(row, "quality") == {PREVIOUS: (Decimal("75.0"), Decimal("50.0"), "down"),
                                        LAST_YEAR: (Decimal("50.0"), Decimal("50.0"), "same")}
    assert _changes(row, "sou") == {PREVIOUS: (Decimal("75.0"), Decimal("54.0"), "down"),
                                    LAST_YEAR: (Decimal("50.0"), Decimal("54.0"), "up")}
    assert _changes(row, "average") == {PREVIOUS: (Decimal("4.25"), Decimal("3.50"), "down"),
                                        LAST_YEAR: (Decimal("3.50"), Decimal("3.50"), "same")}
    assert _changes(row, "excellent") == {PREVIOUS: (2, 1, "down"), LAST_YEAR: (0, 1, "up")}
    assert _changes(row, "good") == {PREVIOUS: (3, 2, "down"), LAST_YEAR: (2, 2, "same")}
    failing = {c.which: c for c in row.dynamics["failing"]}
    assert (failing[PREVIOUS].base, failing[PREVIOUS].value, failing[PREVIOUS].good) == (0, 1, False)
    sou_change = next(c for c in row.dynamics["sou"] if c.which == LAST_YEAR)
    assert sou_change.delta == Decimal("4.0") and sou_change.good is True
    assert "2025–2026" in sou_change.text and "4,0" in sou_change.text  # decimal comma in ky
    # 5 «Б»: marks this quarter only: no earlier figures to compare with
    row_b = next(r for r in summary.class_rows if r.class_group == s.class_b)
    assert row_b.dynamics == {}
    # the school total: 6 graded now (4 + 2), 4 in the 1st quarter and 4 last year
    assert _changes(summary.total, "graded") == {PREVIOUS: (4, 6, "up"), LAST_YEAR: (4, 6, "up")}
    assert _changes(summary.total, "pass_rate") == {PREVIOUS: (Decimal("100.0"), Decimal("83.3"), "down"),
                                                    LAST_YEAR: (Decimal("100.0"), Decimal("83.3"), "down")}


def test_first_quarter_has_no_previous_and_no_last_year_without_data(two_years):
    s = two_years
    summary = _summary(s, s.q1)
    assert summary.comparisons == {}
    assert all(r.dynamics == {} for r in summary.class_rows)


def test_subject_figures_have_the_same_dynamics(two_years):
    s = two_years
    summary = subject_summary(school=s.school, period=s.q2, classes=ClassGroup.objects.filter(year=s.year),
                              compare_classes=ClassGroup.objects.filter(school=s.school))
    math = summary.by_subject[0]
    assert math.subject == s.math and math.graded == 6
    # over grades: now 5 4 3 2 4 4 (pass 5/6, quality 4/6); 1st quarter 5 5 4 3; last year 4 4 3 3
    assert _changes(math, "quality") == {PREVIOUS: (Decimal("75.0"), Decimal("66.7"), "down"),
                                         LAST_YEAR: (Decimal("50.0"), Decimal("66.7"), "up")}
    assert _changes(math, "twos") == {PREVIOUS: (0, 1, "up"), LAST_YEAR: (0, 1, "up")}
    assert _changes(math, "fives") == {PREVIOUS: (2, 1, "down"), LAST_YEAR: (0, 1, "up")}


def test_each_period_is_computed_once(two_years):
    """The dynamics cost one run of the same service per compared period, not per figure or row."""
    s = two_years
    with CaptureQueriesContext(connection) as plain:
        achievement_summary(school=s.school, period=s.q2, classes=ClassGroup.objects.filter(year=s.year))
    with CaptureQueriesContext(connection) as compared:
        _summary(s, s.q2)
    assert len(compared) <= 3 * len(plain) + 3  # + the two compared periods and the year


def test_page_shows_arrows_with_text_and_charts(client, two_years):
    s = two_years
    client.force_login(s.deputy)
    page = client.get(reverse("journal:reports_achievement"), {"period": s.q2.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "▼" in html and "△" in html
    assert "visually-hidden" in html and "2025–2026" in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/report-charts.js" in html
    assert 'id="chart-marks"' in html and 'id="chart-quality"' in html and 'id="chart-dynamics"' in html
    assert "<script>" not in html
    page = client.get(reverse("journal:reports_subjects"), {"period": s.q2.pk})
    assert page.status_code == 200 and "▼" in page.content.decode()
