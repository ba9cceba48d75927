"""The demo class journal on a small register: a consistent timetable, a year of lessons, plans,
grades only where the scale has marks, absences, closed first quarter — and re-runnable."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.gradebook.demo import build_journal
from journal.gradebook.models import (
    Attendance,
    BellTime,
    Grade,
    Lesson,
    LessonStatus,
    PeriodGrade,
    PlanTopic,
    SchoolEvent,
    TimetableEntry,
)
from journal.gradebook.selectors.timetable import clashes
from journal.gradebook.services.lesson_generation import lessons_generate
from journal.register.models import Holiday, Student, StudyPeriod, TeachingAssignment

from .planning_school import build_register

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


@pytest.fixture(name="demo")
def demo_fixture(monkeypatch):
    monkeypatch.setenv("MEKTEP_DEMO_TODAY", TODAY.isoformat())
    school = build_register(grades=(1, 2, 5), letters="А", students=8, seed=3)
    out = StringIO()
    result = build_journal(school, seed=11, stdout=out)
    return school, result, out.getvalue()


def test_builds_a_consistent_year(demo):
    school, result, log = demo
    year = school.demo["year"]
    assert "journal: done" in log and "grades:" in log
    assert BellTime.objects.filter(school=school).count() == 8
    assert SchoolEvent.objects.filter(school=school).exists()
    # the timetable gives every assignment its weekly hours, with no clash
    counts = Counter(TimetableEntry.objects.filter(school=school).values_list("assignment_id", flat=True))
    for a in TeachingAssignment.objects.filter(school=school):
        assert counts[a.pk] == round(a.hours_per_week), a
    assert clashes(school=school, year=year, day=TODAY) == []
    # lessons on school days only, and the generator agrees there is nothing to add
    lessons = Lesson.objects.filter(school=school)
    assert lessons.count() == result["lessons"] > 0
    assert not lessons.filter(date__week_day=1).exists()
    for holiday in Holiday.objects.filter(year=year):
        assert not lessons.filter(date__range=(holiday.start, holiday.end)).exists()
    again = lessons_generate(school=school, year=year, today=TODAY)
    assert again["created"] == 0 and again["deleted"] == 0


def test_past_held_and_filled_future_planned(demo):
    school, _result, _log = demo
    past = Lesson.objects.filter(school=school, date__lte=TODAY)
    future = Lesson.objects.filter(school=school, date__gt=TODAY)
    assert not past.exclude(status=LessonStatus.HELD).exists()
    assert past.filter(attendance_taken=True).count() > 0.95 * past.count()
    assert past.exclude(topic="").count() > 0.9 * past.count()
    assert past.exclude(homework="").count() > 0.5 * past.count()
    assert not future.exclude(status=LessonStatus.PLANNED).exists()
    assert not future.exclude(topic="").exists()
    assert not Grade.objects.filter(lesson__date__gt=TODAY).exists()
    # a plan for every assignment that has lessons, dated
    for a in TeachingAssignment.objects.filter(school=school):
        assert PlanTopic.objects.filter(assignment=a).exists()
        assert PlanTopic.objects.filter(assignment=a, planned_date__isnull=False).exists()


def test_grades_follow_the_scale_and_look_real(demo):
    school, result, _log = demo
    grades = Grade.objects.filter(school=school)
    assert grades.count() == result["grades"] > 0
    assert not grades.filter(lesson__assignment__class_group__grade=1).exists()
    assert not grades.filter(lesson__assignment__class_group__grade=2).exists()  # first half-year
    values = Counter(grades.values_list("value", flat=True))
    assert set(values) <= {2, 3, 4, 5} and values[1] == 0
    assert values[4] > values[5] > values[2] and values[3] > values[2]
    # several grades of one student in one lesson: distinct positions
    assert grades.filter(position=1).exists()
    held = Lesson.objects.filter(school=school, status=LessonStatus.HELD, assignment__class_group__grade=5)
    student_lessons = held.count() * 8
    assert 0.15 < grades.count() / student_lessons < 0.5
    absences = Attendance.objects.filter(school=school).exclude(status="late").count()
    all_lessons = Lesson.objects.filter(school=school, status=LessonStatus.HELD).count() * 8
    assert 0.02 < absences / all_lessons < 0.09


def test_first_quarter_closed_with_period_grades(demo):
    school, result, _log = demo
    q1 = StudyPeriod.objects.get(year=school.demo["year"], kind="quarter", number=1)
    q2 = StudyPeriod.objects.get(year=school.demo["year"], kind="quarter", number=2)
    assert q1.is_closed and not q2.is_closed
    pgs = PeriodGrade.objects.filter(school=school, period=q1)
    assert pgs.count() == result["period_grades"] > 0
    assert set(pgs.values_list("assignment__class_group__grade", flat=True)) == {5}
    assert not PeriodGrade.objects.filter(period=q2).exists()


def _journal_rows(school):
    """The rebuilt journal's content by natural keys (the register, not rebuilt, keeps its ids)."""
    return {
        "timetable": sorted(TimetableEntry.objects.filter(school=school).values_list(
            "class_group_id", "weekday", "lesson_number", "assignment_id", "room")),
        "topics": sorted(PlanTopic.objects.filter(assignment__school=school).values_list(
            "assignment_id", "order", "title", "hours", "is_control", "planned_date")),
        "lessons": sorted(Lesson.objects.filter(school=school).values_list(
            "assignment_id", "date", "lesson_number", "status", "topic", "homework", "attendance_taken")),
        "grades": sorted(Grade.objects.filter(school=school).values_list(
            "lesson__assignment_id", "lesson__date", "lesson__lesson_number", "student_id", "position",
            "grade_type__code", "value")),
        "absences": sorted(Attendance.objects.filter(school=school).values_list(
            "lesson__assignment_id", "lesson__date", "lesson__lesson_number", "student_id", "status")),
        "period_grades": sorted(PeriodGrade.objects.filter(school=school).values_list(
            "period_id", "assignment_id", "student_id", "value", "special")),
    }


def test_running_again_rebuilds_the_same_journal(demo):
    """The same seed gives the same journal, row for row — on PostgreSQL too, where the first build's
    ANALYZE changes the query plans and so the order of rows a query leaves unordered (issue 10)."""
    school, result, _log = demo
    before = _journal_rows(school)
    again = build_journal(school, seed=11)
    assert again == result
    assert Lesson.objects.filter(school=school).count() == result["lessons"]
    assert Grade.objects.filter(school=school).count() == result["grades"]
    after = _journal_rows(school)
    for key, rows in before.items():
        assert after[key] == rows, key


def test_the_build_refreshes_the_planner_statistics(monkeypatch):
    """After the bulk load the journal's and the register's tables are analyzed (issue 12 §5), and on
    PostgreSQL the lesson, grade and absence tables already before the period grades."""
    monkeypatch.setenv("MEKTEP_DEMO_TODAY", TODAY.isoformat())
    school = build_register(grades=(5,), letters="А", students=4, seed=3)
    with CaptureQueriesContext(connection) as queries:
        build_journal(school, seed=11)
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith("ANALYZE")]
    assert any(Student._meta.db_table in sql for sql in analyzed)
    assert any(TeachingAssignment._meta.db_table in sql for sql in analyzed)
    if connection.vendor == "postgresql":  # once before the period grades, once at the end
        assert len([sql for sql in analyzed if Grade._meta.db_table in sql]) == 2


def test_without_a_current_year_it_says_so():
    from journal.register import factories as f

    school = f.SchoolFactory(code="empty")
    out = StringIO()
    assert build_journal(school, stdout=out) is None
    assert "no current academic year" in out.getvalue()
