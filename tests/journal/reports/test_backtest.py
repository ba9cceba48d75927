"""The forecast's backtest (manage.py backtest_forecast) on a quarter whose answers are worked out
by hand: exact-grade accuracy, mean absolute error, precision / recall of the at-risk flag, beside
the baseline; the result kept and shown on the forecast page."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import PeriodGradeSpecial
from journal.reports.models import ForecastBacktest

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def past_quarter(small_school):
    """Q2 10.11–29.12.2026, 5 «А» maths, lessons 11.11, 18.11, 16.12, 23.12; cut-offs ½ = 04.12,
    ⅔ = 12.12 (both see the first two lessons). Steady marks (no trend), so the forecast of a
    marked student is the baseline's rounded mean:
      a0  4 4   → 4, saved 4   exact
      a1  3 3   → 3, saved 2   off by 1; a real 2 not flagged
      a2  2 2   → 2, saved 2   exact; flagged and real
      a3  —     saved н/а. Baseline: no mark → н/а, exact, flagged. Forecast: the class got 8 marks
                in 10 student-lessons (0.8); the chance of none in the 2 lessons left is
                0.2² = 0.04 → no н/а projected: a miss, not flagged
      a4  5 5   → 5, saved 4   off by 1
    baseline: exact 3/5 = 0.6; MAE (0 + 1 + 0 + 1) / 4 = 0.5; flag precision 2/2 = 1.0, recall 2/3;
    forecast: exact 2/5 = 0.4; MAE 0.5; flag precision 1/1 = 1.0, recall 1/3 (per subject and per
    student alike); band: a0, a2 inside (a1 3 for 2, a4 5 for 4 and a3 outside) = 0.4."""
    s = small_school
    oral = gf.GradeTypeFactory(school=s.school, code="oral")
    lessons = [gf.LessonFactory(assignment=s.assignment_a, date=d)
               for d in (D(2026, 11, 11), D(2026, 11, 18), D(2026, 12, 16), D(2026, 12, 23))]
    a = s.students_a
    for student, value in ((a[0], 4), (a[1], 3), (a[2], 2), (a[4], 5)):
        for lesson in lessons[:2]:
            gf.GradeFactory(lesson=lesson, student=student, value=value, grade_type=oral)
    for student, value in ((a[0], 4), (a[1], 2), (a[2], 2), (a[4], 4)):
        gf.PeriodGradeFactory(assignment=s.assignment_a, student=student, period=s.period, value=value)
    gf.PeriodGradeFactory(assignment=s.assignment_a, student=a[3], period=s.period, value=None,
                          special=PeriodGradeSpecial.NOT_CERTIFIED)
    return s


def test_backtest_by_hand(past_quarter):
    s = past_quarter
    out = StringIO()
    call_command("backtest_forecast", "--school", s.school.code, "--today", "2027-01-10", stdout=out)
    run = ForecastBacktest.objects.get(school=s.school)
    assert [(r["fraction"], r["cut_off"]) for r in run.results] == [("1/2", "2026-12-04"), ("2/3", "2026-12-12")]
    for row in run.results:
        for side, exact, recall in (("forecast", 0.4, 0.333), ("baseline", 0.6, 0.667)):
            figures = row[side]
            assert figures["n"] == 5
            assert figures["exact"] == exact
            assert figures["mae"] == 0.5
            assert (figures["precision"], figures["recall"]) == (1.0, recall)
            assert (figures["student_precision"], figures["student_recall"]) == (1.0, recall)
        assert row["forecast"]["band"] == 0.4
    text = out.getvalue()
    assert "exact-grade accuracy" in text and "0.400" in text and "0.600" in text and "0.333" in text


def test_a_period_not_yet_over_is_not_backtested(past_quarter):
    out = StringIO()
    call_command("backtest_forecast", "--today", "2026-12-20", "--no-save", stdout=out)
    assert "no past study period" in out.getvalue()
    assert not ForecastBacktest.objects.exists()


def test_bad_arguments_are_refused(past_quarter):
    with pytest.raises(CommandError):
        call_command("backtest_forecast", "--today", "20.12.2026")
    with pytest.raises(CommandError):
        call_command("backtest_forecast", "--school", "nowhere")


def test_the_forecast_page_shows_the_last_backtest(client, past_quarter, monkeypatch):
    s = past_quarter
    monkeypatch.setattr("journal.reports.views.forecast.school_today", lambda: D(2026, 12, 20))
    client.force_login(s.deputy)
    assert client.get(reverse("journal:reports_forecast")).context["backtest"] is None
    call_command("backtest_forecast", "--today", "2027-01-10", stdout=StringIO())
    r = client.get(reverse("journal:reports_forecast"))
    assert r.context["backtest"].results[0]["baseline"]["exact"] == 0.6
    assert str(s.period) in r.content.decode()
