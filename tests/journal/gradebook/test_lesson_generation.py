"""Lessons generated from the timetable: school days only, idempotent, a changed timetable
regenerates untouched future lessons and never deletes filled ones."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import Lesson, LessonStatus, TimetableEntry
from journal.gradebook.services.lesson_generation import lessons_generate
from journal.gradebook.services.timetable import timetable_save

from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

SEP_1, SEP_30 = datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)

pytestmark = pytest.mark.django_db


def test_generates_every_school_day_of_the_range(cal):
    result = lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1, date_to=SEP_30)
    # 5 «А»: Mon–Fri, 22 weekdays in September from Tuesday the 1st; 5 «Б»: 4 Mondays
    assert result == {"created": 26, "deleted": 0, "kept": 0, "kept_filled": 0}
    a = Lesson.objects.filter(assignment=cal.assignment_a)
    assert a.count() == 22
    assert not a.filter(date__week_day=1).exists()  # never on a Sunday
    assert set(a.filter(date=datetime.date(2026, 9, 7)).values_list("lesson_number", flat=True)) == {1}
    assert set(Lesson.objects.filter(assignment=cal.assignment_b).values_list("date", flat=True)) == {
        datetime.date(2026, 9, d) for d in (7, 14, 21, 28)}
    assert all(lesson.status == LessonStatus.PLANNED and lesson.school_id == cal.school.pk for lesson in a)


def test_skips_holidays_and_days_outside_the_study_periods(cal):
    # autumn holiday 1–9 November; quarter 2 starts on Tuesday the 10th
    lessons_generate(school=cal.school, year=cal.year, date_from=datetime.date(2026, 10, 26),
                     date_to=datetime.date(2026, 11, 13))
    dates = sorted(set(Lesson.objects.values_list("date", flat=True)))
    assert dates == [datetime.date(2026, 10, d) for d in (26, 27, 28, 29, 30)] + [
        datetime.date(2026, 11, d) for d in (10, 11, 12, 13)]


def test_saturday_lessons_when_the_timetable_has_them(cal):
    TimetableEntry.objects.create(school=cal.school, year=cal.year, class_group=cal.class_a, weekday=6,
                                  lesson_number=3, assignment=cal.assignment_a, valid_from=cal.year.start)
    lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1, date_to=datetime.date(2026, 9, 13))
    assert Lesson.objects.filter(date=datetime.date(2026, 9, 12)).count() == 1  # Saturday
    assert not Lesson.objects.filter(date=datetime.date(2026, 9, 13)).exists()  # Sunday


def test_running_again_creates_nothing(cal):
    lessons_generate(school=cal.school, year=cal.year)
    total = Lesson.objects.count()
    again = lessons_generate(school=cal.school, year=cal.year)
    assert again["created"] == 0 and again["deleted"] == 0 and again["kept"] == total
    assert Lesson.objects.count() == total
    # a quarter of ~50 school days, 5 lessons a week: the whole year is ~170 lessons of 5 «А»
    assert 150 < Lesson.objects.filter(assignment=cal.assignment_a).count() < 185


def test_changed_timetable_regenerates_only_untouched_future_lessons(cal):
    lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1, date_to=datetime.date(2026, 10, 31))
    mondays = Lesson.objects.filter(assignment=cal.assignment_a, lesson_number=1)
    assert mondays.count() == 8
    # filled Monday lessons after "today" (15 October): one with a grade, one with a topic
    graded = mondays.get(date=datetime.date(2026, 10, 19))
    gf.GradeFactory(lesson=graded, student=cal.students_a[0], value=4)
    with_topic = mondays.get(date=datetime.date(2026, 10, 26))
    with_topic.topic = "Бөлчөктөр"
    with_topic.save()
    # from 5 October the class has no maths on Monday any more
    slots = {(day, day): [(cal.assignment_a.pk, "204")] for day in range(2, 6)}
    timetable_save(class_group=cal.class_a, slots=slots, valid_from=datetime.date(2026, 10, 5), user=cal.deputy)
    result = lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1,
                              date_to=datetime.date(2026, 10, 31), today=datetime.date(2026, 10, 15))
    left = set(mondays.values_list("date", flat=True))
    # September and 5 / 12 October are before "today": kept; the 19th and 26th are filled: kept
    assert left == {datetime.date(2026, 9, d) for d in (7, 14, 21, 28)} | {
        datetime.date(2026, 10, d) for d in (5, 12, 19, 26)}
    assert result["deleted"] == 0 and result["created"] == 0
    assert result["kept_filled"] == 4  # 5, 12 (past), 19, 26 (filled)

    # an untouched future Monday is removed
    result = lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1,
                              date_to=datetime.date(2026, 10, 31), today=datetime.date(2026, 10, 1))
    assert result["deleted"] == 2  # 5 and 12 October
    assert set(mondays.values_list("date", flat=True)) == {datetime.date(2026, 9, d) for d in (7, 14, 21, 28)} | {
        datetime.date(2026, 10, d) for d in (19, 26)}


def test_edited_or_cancelled_lessons_are_kept(cal):
    lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1, date_to=SEP_30)
    lessons = list(Lesson.objects.filter(assignment=cal.assignment_a).order_by("date")[:3])
    lessons[0].status = LessonStatus.CANCELLED
    lessons[0].save()
    lessons[1].updated_by = cal.teacher_user
    lessons[1].save()
    lessons[2].homework = "§3"
    lessons[2].save()
    TimetableEntry.objects.filter(class_group=cal.class_a).delete()
    result = lessons_generate(school=cal.school, year=cal.year, date_from=SEP_1, date_to=SEP_30,
                              today=datetime.date(2026, 8, 31))
    assert result["deleted"] == 19
    assert set(Lesson.objects.filter(assignment=cal.assignment_a)) == set(lessons)


def test_management_command(cal):
    out = StringIO()
    call_command("generate_lessons", "--school", cal.school.code, "--from", "2026-09-01", "--to", "2026-09-30",
                 stdout=out)
    assert "26" in out.getvalue()
    assert Lesson.objects.count() == 26


def test_deputy_button_generates_and_others_are_refused(cal, log_in):
    url = reverse("journal:lessons_generate")
    data = {"date_from": "2026-09-01", "date_to": "2026-09-30"}
    assert log_in(cal.teacher_user).post(url, data).status_code == 403
    assert log_in(cal.director).post(url, data).status_code == 403
    assert not Lesson.objects.exists()
    response = log_in(cal.deputy).post(url, data, follow=True)
    assert response.status_code == 200
    assert Lesson.objects.count() == 26
    # dates outside the year: a message, nothing generated
    response = log_in(cal.deputy).post(url, {"date_from": "2026-08-01", "date_to": "2026-09-30"}, follow=True)
    assert Lesson.objects.count() == 26
    assert list(response.context["messages"])


def test_anonymous_is_sent_to_login(client, cal):
    response = client.post(reverse("journal:lessons_generate"), {"date_from": "2026-09-01", "date_to": "2026-09-30"})
    assert response.status_code == 302 and "login" in response["Location"]
